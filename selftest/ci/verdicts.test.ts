import { expect, test } from "@playwright/test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRowVerdicts, verdictDifferences } from "../../support/rehearse/verdicts.ts";

// `npm run rehearse -- --check-unsharded` compares the merged shards' checklist.json with an unsharded run's: every
// row's verdict and the tests behind it. (`npm run trust` runs the comparison on the whole checklist.)

function report(rows: { line: number; verdict: string; tests: [string, string][] }[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "talk-qa-verdicts-")), "checklist.json");
  const flows = [
    {
      rows: rows.map((row) => ({
        kind: "synced-property",
        line: row.line,
        text: `row ${row.line}`,
        verdict: row.verdict,
        tests: row.tests.map(([status, title]) => ({ title, status, durationMs: 1 })),
        proof: "tenants", // a field the comparison does not read: the row model may grow
      })),
    },
  ];
  writeFileSync(file, JSON.stringify({ counts: {}, documents: [{ file: "doc.rst", flows }] }));
  return file;
}

test("the same rows, verdicts and tests agree whatever their order; any difference is one line naming the row", () => {
  const unsharded = readRowVerdicts(
    report([
      {
        line: 36,
        verdict: "passed",
        tests: [
          ["passed", "a"],
          ["passed", "b"],
        ],
      },
      { line: 39, verdict: "failed", tests: [["failed", "c"]] },
    ]),
  );
  const merged = readRowVerdicts(
    report([
      { line: 39, verdict: "failed", tests: [["failed", "c"]] },
      {
        line: 36,
        verdict: "passed",
        tests: [
          ["passed", "b"],
          ["passed", "a"],
        ],
      },
    ]),
  );
  expect(verdictDifferences(unsharded, merged)).toEqual([]);

  const other = readRowVerdicts(
    report([
      { line: 36, verdict: "passed", tests: [["passed", "a"]] },
      { line: 39, verdict: "passed", tests: [["passed", "c"]] },
      { line: 55, verdict: "skipped", tests: [] },
    ]),
  );
  expect(verdictDifferences(unsharded, other)).toEqual([
    "doc.rst:36 synced-property row 36: same verdict, other tests (unsharded 2, merged 1)",
    "doc.rst:39 synced-property row 39: unsharded failed, merged passed",
    "doc.rst:55 synced-property row 55: only in the merged shards (skipped)",
  ]);
  expect(() =>
    readRowVerdicts(report([{ line: 1, verdict: "passed", tests: [["passed", 7 as unknown as string]] }])),
  ).toThrow(/not a talk-qa checklist report/);
});
