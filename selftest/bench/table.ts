// The bench's figures as a table a person reads: each figure, what was measured (median, range, runs) and issue
// 14's target for it. reports/bench.json holds the same and more.
import type { BenchReport } from "./report.ts";
import { describeSummary, type Summary } from "./summary.ts";

type Row = [figure: string, measured: string, target: string];

const kinds = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");

export function benchRows(report: BenchReport): Row[] {
  const rows: Row[] = [];
  const d = report.defaultChecklist;
  if (d && report.floorRatio && report.requestsPerTest && report.syncPassesPerTest) {
    rows.push([
      "default checklist",
      `${d.tests} tests, ${d.workers} workers: ${describeSummary(d.harnessMs, " ms")}`,
      "",
    ]);
    if (d.failedTests.max > 0) rows.push(["  FAILED tests per run", describeSummary(d.failedTests), "0"]);
    rows.push(["floor (same tests, empty)", describeSummary(d.floorMs, " ms"), ""]);
    rows.push(["floor ratio", describeSummary(report.floorRatio), "<= 1.5"]);
    // Reports written before the bound was measured have none.
    const bound = report.powerofficeBound;
    if (bound) {
      rows.push([
        "  least PowerOffice's 10/s allows",
        `${describeSummary(bound.floorRatio)}: ${bound.calls.median} calls in ${describeSummary(bound.ms, " ms")}`,
        "",
      ]);
      rows.push([
        "  for its writes alone",
        `${describeSummary(bound.writesFloorRatio)}: ${describeSummary(bound.writesMs, " ms")}`,
        "",
      ]);
    }
    const r = report.requestsPerTest;
    rows.push(["requests per test", describeSummary(r.total), "<= 16"]);
    rows.push([
      "  youtrack / poweroffice / sesam",
      `${r.youtrack.median} / ${r.poweroffice.median} / ${r.sesam.median}`,
      "",
    ]);
    for (const [service, counts] of Object.entries(r.byService)) rows.push([`  ${service} by kind`, kinds(counts), ""]);
    if (report.powerofficeRate) {
      rows.push([
        "PowerOffice v2 calls, busiest second",
        describeSummary(report.powerofficeRate.peakPerSecond),
        "<= 10",
      ]);
      // Reports written before v1 was counted apart have no such figure.
      if (report.powerofficeRate.v1PeakPerSecond)
        rows.push(["  v1 (limited apart)", describeSummary(report.powerofficeRate.v1PeakPerSecond), "<= 50"]);
      rows.push(["PowerOffice 429s per run, harness", describeSummary(report.powerofficeRate.throttled), "0"]);
      rows.push(["  the node's sync's own", describeSummary(report.powerofficeRate.nodeThrottled), ""]);
    }
    const p = report.syncPassesPerTest;
    rows.push(["sync passes per test (mean)", `${describeSummary(p.mean)}; needed ${p.neededMean}`, "= needed"]);
    rows.push(["tests over their needed passes", `${describeSummary(p.testsOverNeeded)} of ${d.tests}`, "0"]);
    for (const [kind, { passes, needed }] of Object.entries(p.byKind))
      rows.push([`  ${kind}`, `${passes} passes, needs ${needed}`, ""]);
    if (report.syncPassesPerRun)
      rows.push(["sync passes per run (node)", describeSummary(report.syncPassesPerRun), "shared"]);
    rows.push(["test time, ms per test", kinds(d.testTimeMs), ""]);
  }
  for (const [ms, node] of Object.entries(report.realisticNode ?? {})) {
    const more = node.capped ? "> " : "";
    rows.push([
      `realistic node, ${ms} ms per pipe, ${node.workers} workers`,
      `${more}${describeSummary(node.wallMs, " ms")}; lower bound ${node.lowerBoundMs} ms (${node.longestTest.passes} passes x ${node.passMs} ms)`,
      "",
    ]);
    rows.push([
      `  ratio to the lower bound`,
      `${more}${describeSummary(node.ratio)}${node.failedTests && node.failedTests.median > 0 ? `; ${node.failedTests.median} tests failed` : ""}`,
      ms === "2000" ? "<= 1.5" : "",
    ]);
  }
  for (const [rows_, byWorkers] of Object.entries(report.scale ?? {})) {
    for (const [workers, cell] of Object.entries(byWorkers)) {
      rows.push([
        `scale ${rows_} rows, ${workers} worker(s)`,
        `${describeSummary(cell.msPerRow, " ms")} per row${cell.failedTests ? ` (${cell.failedTests} sampled tests FAILED)` : ""}`,
        rows_ === "1000" && workers === "2" ? "< 50 ms, flat" : "flat",
      ]);
    }
  }
  if (report.syncWaitOverheadMs) {
    const s = report.syncWaitOverheadMs;
    rows.push(["sync-wait overhead", describeSummary(s as Summary, " ms"), "< 50 ms"]);
    for (const [ms, by] of Object.entries(s.byRunDurationMs)) {
      rows.push([
        `  at ${ms} ms per pipe`,
        `${describeSummary(by.overheadMs, " ms")}; a pass ${by.passMs.median} ms, ${by.passOverheadMs.median} ms of it waiting`,
        "",
      ]);
    }
  }
  if (report.peakRssMb) {
    const m = report.peakRssMb;
    rows.push([
      `peak RSS at ${m.rows} rows`,
      `runner ${m.runner} MB, largest worker ${m.largestWorker ?? "-"} MB`,
      "< 500 MB",
    ]);
  }
  for (const parse of report.parse ?? [])
    rows.push([`parse ${parse.flows} flows`, `${parse.ms} ms (${parse.msPerFlow} ms per flow)`, ""]);
  return rows;
}

export function renderTable(body: Row[]): string {
  const rows: Row[] = [["figure", "measured: median (min-max, runs)", "target (issue 14)"], ...body];
  const width = (column: 0 | 1) => Math.min(60, Math.max(...rows.map((row) => row[column].length)));
  const [w0, w1] = [width(0), width(1)];
  return rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`.trimEnd()).join("\n");
}
