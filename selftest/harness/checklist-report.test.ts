// The checklist report: every row of the document gets a verdict from its tests.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { loadChecklist } from "../../support/checklist/load.ts";
import { buildPlan } from "../../support/plan/index.ts";
import { readCaseRef, caseAnnotation } from "../../support/reporting/case-annotation.ts";
import { buildChecklistReport, combine } from "../../support/reporting/checklist-report.ts";
import type { CaseResult } from "../../support/reporting/checklist-report.ts";
import { readCasesFile, writeChecklistReport } from "../../support/reporting/write.ts";

const checklist = loadChecklist("checklists/youtrack-powerofficego.rst");
const cases = buildPlan([checklist]).flatMap((flow) => flow.cases);
const run = { runId: "tqa261126170350abcd", release: "2026.11", targets: "embedded sandbox", startedAt: "2026-11-26T17:03:50Z", durationMs: 1234 };

function results(status: (title: string) => CaseResult["status"]): CaseResult[] {
  return cases.map((c) => {
    const ref = readCaseRef([caseAnnotation(c)]);
    if (!ref) throw new Error("annotation did not round-trip");
    const s = c.skip ? "skipped" : status(c.title);
    return { ref, title: c.title, status: s, durationMs: 100, detail: c.skip ?? (s === "failed" ? "line 36: expected x, saw y" : null), retries: 0 };
  });
}

test("a row fails when any of its tests failed, passes when all that ran passed, is skipped when none ran", () => {
  expect(combine(["passed", "skipped"])).toBe("passed");
  expect(combine(["passed", "failed", "skipped"])).toBe("failed");
  expect(combine(["skipped"])).toBe("skipped");
  expect(combine([])).toBe("not run");
});

test("all passing: every row of the document has a verdict, the customers flow skipped with its reason", () => {
  const report = buildChecklistReport([checklist], results(() => "passed"), run);
  expect(report.verdict).toBe("passed");
  expect(report.counts).toEqual({ passed: 3, failed: 0, skipped: 1, "not run": 0 });
  const rows = report.documents[0]?.flows.flatMap((flow) => flow.rows.map((row) => `${row.line} ${row.kind} ${row.verdict}`));
  expect(rows).toEqual(["23 merge-rule passed", "36 synced-property passed", "39 synced-property passed", "55 merge-rule skipped"]);
});

test("one failed test fails its row and the document; the markdown ticks rows and shows the failure", () => {
  const report = buildChecklistReport([checklist], results((title) => (title.includes("line 39") ? "failed" : "passed")), run);
  expect(report.verdict).toBe("failed");
  expect(report.counts.failed).toBe(1);
  const dir = mkdtempSync(join(tmpdir(), "talk-qa-report-"));
  writeChecklistReport(dir, report, results(() => "passed"));
  const markdown = readFileSync(join(dir, "checklist.md"), "utf8");
  expect(markdown).toContain("# Checklist verdicts: FAILED");
  expect(markdown).toMatch(/\| ❌ \| 39 \| synced `profile.email.email <-> emailAddress \(string\)` \| failed \|/);
  expect(markdown).toMatch(/\| ⏭️ \| 55 \| merge rule `profile.email.email = EmailAddress` \| skipped \|/);
  expect(markdown).toContain("line 36: expected x, saw y");
  expect(readCasesFile(join(dir, "cases.json")).results).toHaveLength(cases.length);
});

test("tests that never ran leave their rows 'not run'", () => {
  const report = buildChecklistReport([checklist], [], run);
  expect(report.counts).toEqual({ passed: 0, failed: 0, skipped: 0, "not run": 4 });
  expect(report.verdict).toBe("not run");
});
