// The checklist report: every statement and every row of the document gets a verdict from the tests that tick it,
// the reason when nothing could, and where it was proven.
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
const run = {
  runId: "tqa261126170350abcd",
  release: "2026.11",
  targets: "embedded sandbox",
  startedAt: "2026-11-26T17:03:50Z",
  durationMs: 1234,
};

function results(status: (title: string) => CaseResult["status"]): CaseResult[] {
  return cases.map((c) => {
    const ref = readCaseRef([caseAnnotation(c)]);
    if (!ref) throw new Error("annotation did not round-trip");
    const s = c.skip !== null ? "skipped" : status(c.title);
    const proofs: ("tenants" | "node")[] =
      c.skip !== null ? [] : c.kind.startsWith("merge") || c.kind === "link-survives" ? ["node"] : ["tenants"];
    return {
      ref,
      title: c.title,
      status: s,
      durationMs: 100,
      detail: c.skip ?? (s === "failed" ? "line 36: expected x, saw y" : null),
      retries: 0,
      proofs,
    };
  });
}

test("a row fails when any of its tests failed, passes when all that ran passed, is skipped when none ran", () => {
  expect(combine(["passed", "skipped"])).toBe("passed");
  expect(combine(["passed", "failed", "skipped"])).toBe("failed");
  expect(combine(["skipped"])).toBe("skipped");
  expect(combine([])).toBe("not run");
});

test("all passing: every statement and row has a verdict and its proof; a table with no rows states nothing", () => {
  const report = buildChecklistReport(
    [checklist],
    results(() => "passed"),
    run,
  );
  expect(report.verdict).toBe("passed");
  // Counted: the link-required and keep-in-sync statements and the table rows of both flows.
  expect(report.counts).toEqual({ passed: 8, failed: 0, skipped: 0, "not run": 0 });
  const rows = report.documents[0]?.flows.flatMap((flow) =>
    flow.rows.map(
      (row) => `${row.line} ${row.kind} ${row.verdict} ${row.provenBy ?? "-"}${row.counted ? "" : " (not counted)"}`,
    ),
  );
  expect(rows).toEqual([
    "14 statement passed node",
    "16 statement passed node (not counted)",
    "23 merge-rule passed node",
    "26 statement passed tenants",
    "28 statement passed tenants (not counted)",
    "36 synced-property passed tenants",
    "39 synced-property passed tenants",
    "46 statement passed node",
    "48 statement passed node (not counted)",
    "55 merge-rule passed node",
    "58 statement passed node",
    "60 statement not run - (not counted)",
  ]);
  expect(report.documents[0]?.flows[1]?.rows.at(-1)?.reason).toBe("its table has no rows: it states nothing to check");
});

test("one failed test fails its row and the document; the markdown ticks rows and shows the failure", () => {
  const report = buildChecklistReport(
    [checklist],
    results((title) => (title.includes("line 39") ? "failed" : "passed")),
    run,
  );
  expect(report.verdict).toBe("failed");
  // Row 39, and the keep-in-sync statement its target-side test speaks to.
  expect(report.counts.failed).toBe(2);
  const dir = mkdtempSync(join(tmpdir(), "talk-qa-report-"));
  writeChecklistReport(
    dir,
    report,
    results(() => "passed"),
  );
  const markdown = readFileSync(join(dir, "checklist.md"), "utf8");
  expect(markdown).toContain("# Checklist verdicts: FAILED");
  expect(markdown).toMatch(
    /\| ❌ \| 39 \| ↳ synced `profile.email.email <-> emailAddress \(string\)` \| failed \| tenants \|/,
  );
  expect(markdown).toMatch(/\| ✅ \| 55 \| ↳ merge rule `profile.email.email = EmailAddress` \| passed \| node \|/);
  expect(markdown).toContain("line 36: expected x, saw y");
  expect(readCasesFile(join(dir, "cases.json")).results).toHaveLength(cases.length);
});

test("tests that never ran leave their rows 'not run'", () => {
  const report = buildChecklistReport([checklist], [], run);
  expect(report.counts).toEqual({ passed: 0, failed: 0, skipped: 0, "not run": 8 });
  expect(report.verdict).toBe("not run");
});

test("an unreadable row is in the report with its reason; a note is listed, not counted", () => {
  const old = loadChecklist("checklists/youtrack-powerofficego.2023-11-20.rst");
  const report = buildChecklistReport([old], [], run);
  const unreadable = report.documents[0]?.flows[0]?.rows.find((row) => row.kind === "unreadable-row");
  expect(unreadable).toMatchObject({
    line: 23,
    verdict: "skipped",
    reason: "the YouTrack Users property cell is empty",
    counted: true,
  });
});
