import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { REPO } from "../checklist/helpers.ts";
import { heavy } from "../trust/modes.ts";
import { readTree } from "./allure-results.ts";

// The rehearsal as a user runs it (`npm run rehearse`), twice into one folder: a correct sync, then a broken one.
// The first: two shards merged say what one unsharded run says, the gate passes, the summary is the ticked
// checklist. The second: the gate fails the rehearsal, and its report's history holds the first run (the row
// regressed). `npm test` rehearses one row (line 39) to stay short; `npm run trust` (TRUST_HEAVY=1) the whole
// checklist.

const SELECT = heavy() ? [] : ["--", "--grep", "line 39"];

const RehearsalSchema = z.object({
  shards: z.number(),
  wallMs: z.number(),
  steps: z.record(z.string(), z.object({ exit: z.number(), ms: z.number() })),
  identical: z.boolean().nullable(),
  exit: z.number(),
});

function rehearse(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("SANDBOX_")));
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "-s", "rehearse", "--", ...args], { cwd: REPO, env: { ...base, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

test("rehearsal: shards merged equal one unsharded run and pass the gate; then a broken sync fails it, and the history shows the first run", async () => {
  test.setTimeout(heavy() ? 900_000 : 240_000);
  const out = mkdtempSync(join(tmpdir(), "talk-qa-rehearsal-"));
  const read = (name: string) => readFileSync(join(out, name), "utf8");

  const good = await rehearse(["--shards", "2", "--out", out, "--check-unsharded", ...SELECT], {});
  expect(good.code, good.output).toBe(0);
  const first = RehearsalSchema.parse(JSON.parse(read("rehearsal.json")));
  expect(first).toMatchObject({ shards: 2, identical: true, exit: 0 });
  expect(Object.keys(first.steps).sort()).toEqual(["merge+gate", "shard 1/2", "shard 2/2", "sweep", "unsharded"]);
  expect(first.steps.sweep?.exit).toBe(0);
  const summary = read("step-summary.md");
  expect(summary.startsWith("## Quality gate: ✅ PASSED")).toBe(true);
  expect(summary).toContain("# Checklist verdicts: PASSED");
  expect(summary).toMatch(/\| ✅ \| 39 \| synced `profile\.email\.email <-> emailAddress \(string\)` \| passed \| 2 passed/);
  expect(read("allure-history.jsonl").trim().split("\n")).toHaveLength(1);

  const broken = await rehearse(["--shards", "2", "--out", out, ...SELECT], {
    SANDBOX_DEFECTS: "lowercase-values",
    SYNC_TIMEOUT_MS: "4000",
  });
  expect(broken.code, broken.output).toBe(1);
  expect(broken.output).toContain("npm run sandbox -- <free ports> --defects lowercase-values");
  expect(broken.output).toMatch(/merge\+gate .*: exit 1/);
  const second = read("step-summary.md");
  expect(second.startsWith("## Quality gate: ❌ FAILED")).toBe(true);
  expect(second).toMatch(/\| ❌ \| 39 \| synced `profile\.email\.email <-> emailAddress \(string\)` \| failed \|/);
  expect(read("allure-history.jsonl").trim().split("\n")).toHaveLength(2);
  const row39 = Object.values(readTree(join(out, "allure-report")).leavesById).filter((leaf) => leaf.name.includes("(line 39)"));
  expect(row39.map((leaf) => leaf.transition)).toEqual(["regressed", "regressed"]);
});
