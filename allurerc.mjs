// Allure 3 configuration (allurereport.org/docs/v3/configure). `npm run qa` and `npm run report` build the report
// with it (support/cli/allure-report.ts, which sets historyPath from TALK_QA_REPORTS_DIR and the gate's limits from
// its own options); `npx allure generate|open|quality-gate <results>` read it too. Plain JavaScript on purpose:
// the allure CLI loads it without the harness's TypeScript loader. No `defineConfig` from "allure": that module is
// the CLI itself and runs it on import (allure 3.18).
import { qualityGateDefaultRules } from "allure/rules";

// Where the history lives: beside the reports it describes (one file per reports folder, so parallel shards never
// write the same file). The CI workflow carries `reports/allure-history.jsonl` from one run to the next.
const reportsDir = process.env.TALK_QA_REPORTS_DIR || "reports";

const FAILED = new Set(["failed", "broken"]);
const label = (tr, name) => tr.labels?.find((l) => l.name === name)?.value ?? "";

/**
 * A checklist row, from the labels every checklist test carries (fixtures/case.ts): epic = document, feature =
 * flow, story = `line N: ...` (the row). Tests of one row share it; a test without the labels is a row of its own.
 */
export function rowKey(tr) {
  const story = label(tr, "story");
  const line = /^line (\d+)\b/.exec(story)?.[1] ?? story;
  const epic = label(tr, "epic");
  return epic || line ? `${epic} > ${label(tr, "feature")} > line ${line}` : `test ${tr.id}`;
}

/** Row verdicts as support/reporting/checklist-report.ts combines them: failed > passed > skipped. */
export function rowVerdicts(trs) {
  const rows = new Map();
  for (const tr of trs) {
    const key = rowKey(tr);
    const row = rows.get(key) ?? { failed: [], passed: 0 };
    if (FAILED.has(tr.status)) row.failed.push(tr.id);
    else if (tr.status === "passed") row.passed++;
    rows.set(key, row);
  }
  return [...rows.values()];
}

// The row-based gate of `npm run report` (--max-failed-rows, --min-passed-rows) as Allure quality-gate rules, so
// `allure quality-gate` and the report's own gate panel judge rows, not tests.
export const maxFailedRowsRule = {
  rule: "maxFailedRows",
  message: ({ expected, actual }) => `${actual} checklist row(s) failed; at most ${expected} allowed`,
  successMessage: ({ expected, actual }) => `${actual} checklist row(s) failed; at most ${expected} allowed`,
  validate: async ({ trs, expected }) => {
    const failedRows = rowVerdicts(trs).filter((row) => row.failed.length > 0);
    return {
      success: failedRows.length <= expected,
      actual: failedRows.length,
      testResults: failedRows.flatMap((row) => row.failed),
    };
  },
};

export const minPassedRowsRule = {
  rule: "minPassedRows",
  message: ({ expected, actual }) => `${actual} checklist row(s) passed; at least ${expected} required`,
  successMessage: ({ expected, actual }) => `${actual} checklist row(s) passed; at least ${expected} required`,
  validate: async ({ trs, expected }) => {
    const passed = rowVerdicts(trs).filter((row) => row.failed.length === 0 && row.passed > 0).length;
    return { success: passed >= expected, actual: passed, testResults: [] };
  },
};

// What failed: the sync (a row's assertion saw the wrong value) or the harness or a target (a pass that did not
// end, a failed pipe run, a refused or failed request, a test out of time). First match wins, so the causes
// that name themselves come before the assertion, whose message may also say "Timeout ... exceeded" (expect.poll).
const HARNESS = "Harness or target: ";
export const categories = [
  {
    id: "sync-pass-timeout",
    name: `${HARNESS}a sync pass did not end in time`,
    matchers: { statuses: ["failed", "broken"], message: /SyncTimeoutError|\bsync: .+ within \d+ ms\b/ },
    groupByMessage: true,
  },
  {
    id: "pipe-run-failed",
    name: `${HARNESS}a pipe run failed`,
    matchers: { statuses: ["failed", "broken"], message: /SyncRunFailedError|\bsync: .*run failed\b/ },
    groupByMessage: true,
  },
  {
    id: "request-failed",
    name: `${HARNESS}a request was refused or failed`,
    matchers: {
      statuses: ["failed", "broken"],
      message:
        /ApiError|ECONNREFUSED|ECONNRESET|fetch failed|socket hang up|\b(GET|POST|PUT|PATCH|DELETE) \S+ (answered \d{3}|failed:|timed out|was aborted)|gave up after \d+ attempts/,
    },
    groupByMessage: true,
  },
  {
    id: "test-timeout",
    name: `${HARNESS}the test ran out of time`,
    matchers: [{ statuses: ["broken"] }, { statuses: ["failed"], message: /Test timeout of \d+ms exceeded/ }],
    groupByMessage: true,
  },
  {
    id: "sync-defect",
    name: "Sync defect: a row's assertion failed",
    matchers: {
      statuses: ["failed"],
      message: /expect\(received\)|^(Expected|Received)\b|\bexpected .+ to (become|stay)\b/m,
    },
    groupBy: [{ label: "feature" }, { label: "story" }],
    groupByMessage: false,
    expand: true,
  },
  {
    id: "harness-other",
    name: `${HARNESS}another error`,
    matchers: { statuses: ["failed", "broken"] },
    groupByMessage: true,
  },
];

export default {
  name: "talk-qa",
  output: `${reportsDir}/allure-report`,
  historyPath: `${reportsDir}/allure-history.jsonl`,
  historyLimit: 30,
  plugins: {
    // The tree as the checklist reads: document > flow > row, not spec file > describe.
    awesome: { options: { groupBy: ["epic", "feature", "story"] } },
  },
  categories: { rules: categories },
  qualityGate: {
    rules: [{ id: "checklist", maxFailedRows: 0 }],
    use: [...qualityGateDefaultRules, maxFailedRowsRule, minPassedRowsRule],
  },
};
