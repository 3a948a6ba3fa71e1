import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { z } from "zod";
import { REPO } from "../checklist/helpers.ts";
import { heavy } from "../trust/modes.ts";
import { readTree } from "./allure-results.ts";

// The rehearsal as a user runs it (`npm run rehearse`). `npm test` rehearses one row (line 39) of a broken sync
// once (about 20 s): the gate fails the rehearsal, the job summary is the ticked checklist, the sweep ran. `npm run trust` (TRUST_HEAVY=1) rehearses the whole checklist twice into one folder, a correct
// sync then a broken one: the first passes the gate and agrees with the unsharded run, the second fails it, and its
// report's history holds the first run (the rows regressed).

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
    const child = spawn("npm", ["run", "-s", "rehearse", "--", ...args], {
      cwd: REPO,
      env: { ...base, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/**
 * What the rehearsal printed, then from each step's log its first failure (or its last lines): a failure shows which
 * step failed and why, in few enough lines for the end of a CI log. The sandbox's credentials are left out.
 */
function evidence(out: string, run: { output: string }): string {
  const logs = join(out, "logs");
  const parts = [run.output.trimEnd()];
  for (const name of readdirSync(logs)) {
    const lines = stripVTControlCharacters(readFileSync(join(logs, name), "utf8"))
      .trimEnd()
      .split("\n")
      .filter((line) => !/^[A-Z_]*(TOKEN|KEY|JWT|SECRET)[A-Z_]*=/.test(line));
    const failure = lines.findIndex((line) => /^\s+\d+\) /.test(line));
    if (failure >= 0) parts.push(`--- ${name}: its first failure`, ...lines.slice(failure, failure + 14));
    else parts.push(`--- ${name} (last 6 of ${lines.length} lines)`, ...lines.slice(-6));
  }
  return parts.join("\n");
}

const BROKEN = { SANDBOX_DEFECTS: "lowercase-values", SYNC_TIMEOUT_MS: "4000" };
const rowLine = (verdict: "✅" | "❌", word: string) =>
  new RegExp(
    `\\| ${verdict} \\| 39 \\| ↳ synced \`profile\\.email\\.email <-> emailAddress \\(string\\)\` \\| ${word} \\|`,
  );

if (!heavy()) {
  test("rehearsal of one row with a broken sync: two shards merged, the gate fails the rehearsal, the summary is the ticked checklist", async () => {
    test.setTimeout(180_000);
    const out = mkdtempSync(join(tmpdir(), "talk-qa-rehearsal-"));
    const read = (name: string) => readFileSync(join(out, name), "utf8");
    const run = await rehearse(["--shards", "2", "--out", out, "--", "--grep", "line 39\\): an edit"], BROKEN);
    expect(run.code, evidence(out, run)).toBe(1);
    expect(run.output).toContain("npm run sandbox -- <free ports> --defects lowercase-values");
    const rehearsal = RehearsalSchema.parse(JSON.parse(read("rehearsal.json")));
    expect(rehearsal).toMatchObject({ shards: 2, identical: null, exit: 1 });
    expect(Object.keys(rehearsal.steps).sort()).toEqual(["merge+gate", "shard 1/2", "shard 2/2", "sweep"]);
    expect(rehearsal.steps["merge+gate"]?.exit).toBe(1);
    expect(rehearsal.steps.sweep?.exit).toBe(0);
    const summary = read("step-summary.md");
    expect(summary.startsWith("## Quality gate: ❌ FAILED")).toBe(true);
    expect(summary).toContain("# Checklist verdicts: FAILED");
    expect(summary).toMatch(rowLine("❌", "failed"));
    expect(read("allure-history.jsonl").trim().split("\n")).toHaveLength(1);
  });
} else {
  test("rehearsal of the whole checklist twice: a correct sync passes and equals the unsharded run; a broken one fails, its history shows the first", async () => {
    test.setTimeout(900_000);
    const out = mkdtempSync(join(tmpdir(), "talk-qa-rehearsal-"));
    const read = (name: string) => readFileSync(join(out, name), "utf8");

    const good = await rehearse(["--shards", "2", "--out", out, "--check-unsharded"], {});
    expect(good.code, evidence(out, good)).toBe(0);
    expect(RehearsalSchema.parse(JSON.parse(read("rehearsal.json")))).toMatchObject({
      shards: 2,
      identical: true,
      exit: 0,
    });
    const summary = read("step-summary.md");
    expect(summary.startsWith("## Quality gate: ✅ PASSED")).toBe(true);
    expect(summary).toMatch(rowLine("✅", "passed"));
    expect(read("allure-history.jsonl").trim().split("\n")).toHaveLength(1);

    const broken = await rehearse(["--shards", "2", "--out", out], BROKEN);
    expect(broken.code, evidence(out, broken)).toBe(1);
    expect(read("step-summary.md").startsWith("## Quality gate: ❌ FAILED")).toBe(true);
    expect(read("step-summary.md")).toMatch(rowLine("❌", "failed"));
    expect(read("allure-history.jsonl").trim().split("\n")).toHaveLength(2);
    const row39 = Object.values(readTree(join(out, "allure-report")).leavesById).filter((leaf) =>
      leaf.name.includes("(line 39)"),
    );
    // Every test of the row (both directions, the edge values too) passed in the first run and failed in this one.
    expect(row39.length).toBeGreaterThanOrEqual(2);
    expect(row39.map((leaf) => `${leaf.name}: ${leaf.transition}`)).toEqual(
      row39.map((leaf) => `${leaf.name}: regressed`),
    );
  });
}
