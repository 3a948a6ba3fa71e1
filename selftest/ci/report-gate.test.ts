import { expect, test } from "@playwright/test";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "../checklist/helpers.ts";
import { writeResults } from "./allure-results.ts";

// `npm run report` merging two shards as the CI's merge job does: one checklist.md, the row gate, the job summary,
// and Allure's verdict over the same rows, which must agree with the rows'.

const FILE = "checklists/youtrack-powerofficego.rst";
const STORY: Record<number, string> = {
  23: "line 23: profile.email.email <-> emailAddress",
  36: "line 36: profile.email <-> emailAddress",
  39: "line 39: profile.email.email <-> emailAddress",
};
const KIND: Record<number, string> = { 23: "merge-links", 36: "synced", 39: "synced" };

interface Case {
  line: number;
  title: string;
  status: "passed" | "failed";
  /** The row its Allure labels name, when a test is mislabelled. */
  labelledAs?: number;
}

function shard(root: string, name: string, runId: string, cases: Case[]): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const results = cases.map((c, i) => ({
    ref: { id: `${name}-${i}`, file: FILE, flowLine: 12, line: c.line, kind: KIND[c.line], edited: null },
    title: c.title,
    status: c.status,
    durationMs: 1000,
    detail: c.status === "failed" ? "expected A to become B" : null,
    retries: 0,
  }));
  const run = { runId, release: "2026.11", targets: "sandbox", startedAt: new Date().toISOString(), durationMs: 5000 };
  writeFileSync(join(dir, "cases.json"), JSON.stringify({ run, results }));
  writeResults(
    join(dir, "allure-results"),
    cases.map((c) => ({
      name: c.title,
      story: STORY[c.labelledAs ?? c.line] as string,
      status: c.status,
      message:
        c.status === "failed" ? "Error: expected A to become B\n\nexpect(received).toEqualAs(expected)" : undefined,
    })),
  );
  return dir;
}

function report(root: string, args: string[]) {
  const result = spawnSync(join(REPO, "node_modules", ".bin", "tsx"), ["support/cli/report.ts", ...args], {
    cwd: REPO,
    env: { ...process.env, TALK_QA_DOTENV: "none", TALK_QA_REPORTS_DIR: join(root, "merged"), CHECKLIST: FILE },
    encoding: "utf8",
    timeout: 60_000,
  });
  const read = (name: string) => readFileSync(join(root, "merged", name), "utf8");
  return { ...result, read };
}

test("two shards merged: one checklist, the gate fails on a failed row, the summary opens with the verdict", () => {
  const root = mkdtempSync(join(tmpdir(), "talk-qa-report-"));
  const a = shard(root, "shard-1", "tqa261201120000aaaa", [
    { line: 23, title: "records with equal values are linked", status: "passed" },
    { line: 36, title: "an edit in YouTrack Users reaches Powerofficego Contactperson", status: "failed" },
  ]);
  const b = shard(root, "shard-2", "tqa261201120001bbbb", [
    { line: 39, title: "an edit in Powerofficego Contactperson reaches YouTrack Users", status: "passed" },
  ]);
  const summary = join(root, "summary.md");
  writeFileSync(summary, "earlier step's summary\n");
  const failed = report(root, [a, b, "--max-failed-rows", "0", "--summary", summary]);
  expect(failed.status, failed.stderr).toBe(1);
  expect(failed.stderr).toContain("quality gate: FAILED: 1 failed row(s) > 0 allowed");
  const written = readFileSync(summary, "utf8");
  expect(written.startsWith("earlier step's summary\n## Quality gate: ❌ FAILED\n")).toBe(true);
  expect(written).toContain("# Checklist verdicts: FAILED");
  expect(written).toContain("| ❌ | 36 | ↳ synced `profile.email <-> emailAddress (string)` | failed |");
  expect(written).toContain("Run `tqa261201120000aaaa, tqa261201120001bbbb`");
  expect(written).toContain("- ❌ `checklist/maxFailedRows`: 1 checklist row(s) failed; at most 0 allowed");
  expect(
    failed
      .read("checklist.md")
      .trimEnd()
      .endsWith("- ❌ `checklist/maxFailedRows`: 1 checklist row(s) failed; at most 0 allowed"),
  ).toBe(true);
  expect(JSON.parse(failed.read("quality-gate.json"))).toMatchObject({
    passed: false,
    rows: { passed: 2, failed: 1 },
    allure: { passed: false },
  });

  const allowed = report(root, [a, b, "--max-failed-rows", "1"]);
  expect(allowed.status, allowed.stderr).toBe(0);
  expect(allowed.stdout).toContain("quality gate: PASSED: 1 failed, 2 passed (at most 1 failed, at least 0 passed)");
  expect(JSON.parse(allowed.read("quality-gate.json"))).toMatchObject({ passed: true, allure: { passed: true } });
});

test("when Allure's rows and the checklist's rows disagree (a mislabelled test), the gate fails and says so", () => {
  const root = mkdtempSync(join(tmpdir(), "talk-qa-report-"));
  const a = shard(root, "shard-1", "tqa261201120000aaaa", [
    { line: 36, title: "an edit in YouTrack Users reaches Powerofficego Contactperson", status: "failed" },
    {
      line: 36,
      title: "an edit in Powerofficego Contactperson reaches YouTrack Users",
      status: "failed",
      labelledAs: 39,
    },
  ]);
  const result = report(root, [a, "--max-failed-rows", "1"]);
  expect(result.status, result.stderr).toBe(1);
  expect(result.stderr).toContain("Allure's gate (failed: 2 checklist row(s) failed; at most 1 allowed");
  expect(result.stderr).toContain(
    "disagrees with the checklist rows (passed): a test's row labels do not match its checklist case",
  );
});
