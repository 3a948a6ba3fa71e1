// reports/bench.json: issue 14's keys at the top (floorRatio, requestsPerTest, syncPassesPerTest, realisticNode,
// scale, syncWaitOverheadMs, peakRssMb), each a median with its range and run count, and the detail behind them.
// A section the bench did not run (--only) is absent.
import type { ChecklistParseBench } from "./checklist-parse.ts";
import type { DefaultChecklistResult } from "./default-run.ts";
import type { RealisticNodeResult } from "./realistic.ts";
import type { ScaleCell, ScaleResult } from "./scale.ts";
import { summarize, type Summary } from "./summary.ts";
import type { SyncWaitResult } from "./sync-wait.ts";

export interface BenchMeta {
  mode: "full" | "quick";
  command: string;
  commit: string;
  startedAt: string;
  durationMs: number;
  /** False while the bench is still measuring (it writes what it has after each section). */
  complete: boolean;
  node: string;
  cpus: number;
}

export interface BenchReport {
  meta: BenchMeta;
  floorRatio?: Summary;
  /** The least time and floor ratio PowerOffice's 10 calls per second allow the harness's calls (and writes alone). */
  powerofficeBound?: DefaultChecklistResult["powerofficeBound"];
  requestsPerTest?: DefaultChecklistResult["requestsPerTest"];
  powerofficeRate?: DefaultChecklistResult["poweroffice"];
  syncPassesPerTest?: DefaultChecklistResult["syncPassesPerTest"];
  syncPassesPerRun?: Summary;
  /** Pipe run duration (ms) -> the realistic node's figures. */
  realisticNode?: Record<string, RealisticNodeResult>;
  /** Rows -> workers -> figures (msPerRow among them). */
  scale?: Record<string, Record<string, ScaleCell>>;
  scaleInfo?: Omit<ScaleResult, "peakRss" | "sizes"> & { sizes: Omit<ScaleResult["sizes"][number], "workers">[] };
  /** Over every measured pass, whatever its pipes' run duration; per duration beside. */
  syncWaitOverheadMs?: Summary & { byRunDurationMs: Record<string, SyncWaitResult> };
  peakRssMb?: { rows: number; runner: number; largestWorker: number | null };
  defaultChecklist?: Pick<
    DefaultChecklistResult,
    "tests" | "workers" | "harnessMs" | "failedTests" | "floorMs" | "testTimeMs"
  >;
  parse?: ChecklistParseBench[];
}

export interface Measured {
  parse?: ChecklistParseBench[];
  defaultChecklist?: DefaultChecklistResult;
  syncWait?: SyncWaitResult[];
  realistic?: RealisticNodeResult[];
  scale?: ScaleResult;
}

export function buildReport(meta: BenchMeta, measured: Measured): BenchReport {
  const report: BenchReport = { meta };
  const d = measured.defaultChecklist;
  if (d) {
    report.floorRatio = d.floorRatio;
    report.powerofficeBound = d.powerofficeBound;
    report.requestsPerTest = d.requestsPerTest;
    report.powerofficeRate = d.poweroffice;
    report.syncPassesPerTest = d.syncPassesPerTest;
    report.syncPassesPerRun = d.syncPassesPerRun;
    report.defaultChecklist = {
      tests: d.tests,
      workers: d.workers,
      harnessMs: d.harnessMs,
      failedTests: d.failedTests,
      floorMs: d.floorMs,
      testTimeMs: d.testTimeMs,
    };
  }
  if (measured.realistic?.length) {
    report.realisticNode = Object.fromEntries(measured.realistic.map((node) => [String(node.runDurationMs), node]));
  }
  if (measured.scale) {
    const { sizes, peakRss, ...info } = measured.scale;
    report.scale = Object.fromEntries(sizes.map((size) => [String(size.rows), size.workers]));
    report.scaleInfo = { ...info, sizes: sizes.map(({ workers: _workers, ...size }) => size) };
    if (peakRss)
      report.peakRssMb = { rows: peakRss.rows, runner: peakRss.runnerMb, largestWorker: peakRss.largestWorkerMb };
  }
  if (measured.syncWait?.length) {
    // Over every pass measured, whatever the node's run duration.
    report.syncWaitOverheadMs = {
      ...summarize(
        measured.syncWait.flatMap((result) => result.overheadSamplesMs),
        1,
      ),
      byRunDurationMs: Object.fromEntries(measured.syncWait.map((result) => [String(result.runDurationMs), result])),
    };
  }
  if (measured.parse) report.parse = measured.parse;
  return report;
}
