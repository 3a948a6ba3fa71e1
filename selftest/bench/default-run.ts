// Items 1-3 of issue 14 on the default checklist: the run against a sandbox set up as `npm run qa` sets up its
// embedded one (PowerOffice limited to 10 calls per second per key, its replica lagging 300 ms; the harness's own
// client limit at its default), each run beside a floor run with the same tests, workers and reporters; the
// harness's requests per test by service and kind; the sync passes each test made against what it needs.
import { startSandbox } from "../../emulators/sandbox.ts";
import { loadChecklist } from "../../support/checklist/load.ts";
import { buildPlan } from "../../support/plan/index.ts";
import { DEFAULT_CHECKLIST } from "../trust/harness.ts";
import { runChecklist, runFloor, STEP_KINDS, type ChecklistRun, type StepKind } from "./checklist-run.ts";
import { planNeeds } from "./needs.ts";
import { byKind, harnessRequests, KINDS, readStats, SERVICES, type RequestKind, type Service } from "./requests.ts";
import { median, round, summarize, type Summary } from "./summary.ts";

export interface DefaultChecklistResult {
  tests: number;
  workers: number;
  harnessMs: Summary;
  /** Tests that failed in each run (a run with failures still counts; the table says so). */
  failedTests: Summary;
  floorMs: Summary;
  floorRatio: Summary;
  requestsPerTest: Record<"total" | Service, Summary> & {
    byKind: Record<RequestKind, number>;
    byService: Record<Service, Record<RequestKind, number>>;
  };
  /**
   * The harness's calls to PowerOffice v2 in the busiest second (its key's limit is 10) and to v1 (limited apart, 50),
   * the harness's calls refused (429), and the node's sync's own (its client has a limit of its own).
   */
  poweroffice: { peakPerSecond: Summary; v1PeakPerSecond: Summary; throttled: Summary; nodeThrottled: Summary };
  syncPassesPerTest: {
    mean: Summary;
    neededMean: number;
    /** Tests that made more passes than they need. */
    testsOverNeeded: Summary;
    byKind: Record<string, { passes: number; needed: number }>;
    worst: { title: string; passes: number; needed: number }[];
  };
  /**
   * The least time PowerOffice's limit (10 calls per second per key) allows the harness's PowerOffice calls of a run,
   * and the least floor ratio that time allows (it over the floor run): all the harness's calls, and its writes alone
   * (seed, edit, cleanup: what a harness that read nothing would still make). v1 calls count at v2's limit, an
   * overestimate of their time (v1 allows 50); the default checklist makes none.
   */
  powerofficeBound: { calls: Summary; ms: Summary; floorRatio: Summary; writesMs: Summary; writesFloorRatio: Summary };
  /** Passes the node ran in the whole run (its pump runs per pipe, the median over the pipes). */
  syncPassesPerRun: Summary;
  /** Where a test's time goes, ms per test (medians over the runs). */
  testTimeMs: Record<StepKind, number>;
}

interface OneRun {
  run: ChecklistRun;
  floorMs: number;
  requests: ReturnType<typeof byKind>;
  peakPerSecond: number;
  v1PeakPerSecond: number;
  throttled: number;
  nodeThrottled: number;
  passesPerRun: number;
}

/** PowerOffice's limit per key, calls per second: the harness's client is held to it as against the real service. */
const POWEROFFICE_PER_SECOND = 10;
const WRITE_KINDS: readonly RequestKind[] = ["seed", "edit", "cleanup"];

async function once(workers: number): Promise<OneRun> {
  const sandbox = await startSandbox({ sesam: { log: () => {} } });
  try {
    const before = await readStats(sandbox);
    // POWEROFFICE_RATE_LIMIT at the harness's default (the trust tests' environment raises it).
    const run = await runChecklist({
      env: { ...sandbox.env, POWEROFFICE_RATE_LIMIT: String(POWEROFFICE_PER_SECOND) },
      workers,
      allowFailures: true,
    });
    const after = await readStats(sandbox);
    const perPipe = Object.keys(after.runs).map((pipe) => (after.runs[pipe] ?? 0) - (before.runs[pipe] ?? 0));
    const floor = await runFloor(run.cases.length, workers);
    return {
      run,
      floorMs: floor.ms,
      requests: byKind(harnessRequests(before, after)),
      // Counted by PowerOffice per rate-limit key as it admits each call: the harness's keys, exactly.
      peakPerSecond: after.powerofficeBusiest.v2[sandbox.credentials.poweroffice.subscriptionKey] ?? 0,
      v1PeakPerSecond: after.powerofficeBusiest.v1[`app:${sandbox.credentials.poweroffice.applicationKey}`] ?? 0,
      throttled: after.throttled - before.throttled - (after.syncThrottled - before.syncThrottled),
      nodeThrottled: after.syncThrottled - before.syncThrottled,
      passesPerRun: perPipe.length ? median(perPipe) : 0,
    };
  } finally {
    await sandbox.close();
  }
}

export async function benchDefaultChecklist(
  runs: number,
  workers: number,
  log: (line: string) => void,
): Promise<DefaultChecklistResult> {
  const all: OneRun[] = [];
  for (let i = 0; i < runs; i++) {
    const one = await once(workers);
    const failed = one.run.failedTests ? `, ${one.run.failedTests} test(s) FAILED` : "";
    log(
      `default checklist run ${i + 1}/${runs}: ${Math.round(one.run.ms)} ms${failed}, floor ${Math.round(one.floorMs)} ms`,
    );
    all.push(one);
  }
  const tests = all[0]?.run.cases.length ?? 0;
  const perTest = (n: number) => n / tests;
  const needs = planNeeds(buildPlan([loadChecklist(DEFAULT_CHECKLIST)]));

  // Passes per test: each test's median over the runs, against what it needs.
  const byTest = new Map<string, { title: string; kind: string; passes: number[]; needed: number }>();
  for (const { run } of all) {
    for (const result of run.cases) {
      if (result.passes === undefined) continue;
      const entry = byTest.get(result.ref.id) ?? {
        title: result.title,
        kind: result.ref.kind,
        passes: [],
        needed: needs.byCase.get(result.ref.id) ?? 0,
      };
      entry.passes.push(result.passes);
      byTest.set(result.ref.id, entry);
    }
  }
  const tested = [...byTest.values()].map((entry) => ({ ...entry, median: median(entry.passes) }));
  const byKindPasses: Record<string, { passes: number; needed: number }> = {};
  for (const kind of new Set(tested.map((entry) => entry.kind))) {
    const of = tested.filter((entry) => entry.kind === kind);
    byKindPasses[kind] = {
      passes: round(of.reduce((sum, entry) => sum + entry.median, 0) / of.length, 1),
      needed: round(of.reduce((sum, entry) => sum + entry.needed, 0) / of.length, 1),
    };
  }
  const medianOf = <T>(pick: (one: OneRun) => T, value: (picked: T) => number) =>
    round(median(all.map((one) => value(pick(one)))), 1);

  return {
    tests,
    workers,
    harnessMs: summarize(all.map((one) => one.run.ms)),
    failedTests: summarize(all.map((one) => one.run.failedTests)),
    floorMs: summarize(all.map((one) => one.floorMs)),
    floorRatio: summarize(
      all.map((one) => one.run.ms / one.floorMs),
      2,
    ),
    requestsPerTest: {
      total: summarize(
        all.map((one) => perTest(one.requests.total)),
        1,
      ),
      ...(Object.fromEntries(
        SERVICES.map((service) => [
          service,
          summarize(
            all.map((one) => perTest(serviceTotal(one, service))),
            1,
          ),
        ]),
      ) as Record<Service, Summary>),
      byKind: Object.fromEntries(
        KINDS.map((kind) => [kind, medianOf((one) => one.requests.kinds[kind], perTest)]),
      ) as Record<RequestKind, number>,
      byService: Object.fromEntries(
        SERVICES.map((service) => [
          service,
          Object.fromEntries(
            KINDS.map((kind) => [kind, medianOf((one) => one.requests.services[service][kind], perTest)]),
          ),
        ]),
      ) as Record<Service, Record<RequestKind, number>>,
    },
    poweroffice: {
      peakPerSecond: summarize(all.map((one) => one.peakPerSecond)),
      v1PeakPerSecond: summarize(all.map((one) => one.v1PeakPerSecond)),
      throttled: summarize(all.map((one) => one.throttled)),
      nodeThrottled: summarize(all.map((one) => one.nodeThrottled)),
    },
    syncPassesPerTest: {
      mean: summarize(
        all.map((one) => one.run.cases.reduce((sum, result) => sum + (result.passes ?? 0), 0) / one.run.cases.length),
        2,
      ),
      neededMean: round(tested.reduce((sum, entry) => sum + entry.needed, 0) / Math.max(1, tested.length), 2),
      testsOverNeeded: summarize(
        all.map(
          (one) =>
            one.run.cases.filter((result) => (result.passes ?? 0) > (needs.byCase.get(result.ref.id) ?? Infinity))
              .length,
        ),
      ),
      byKind: byKindPasses,
      worst: tested
        .sort((a, b) => b.median - b.needed - (a.median - a.needed))
        .slice(0, 5)
        .map((entry) => ({ title: entry.title, passes: entry.median, needed: entry.needed })),
    },
    powerofficeBound: powerofficeBound(all),
    syncPassesPerRun: summarize(all.map((one) => one.passesPerRun)),
    testTimeMs: Object.fromEntries(
      STEP_KINDS.map((kind) => [kind, medianOf((one) => one.run.stepMs[kind], perTest)]),
    ) as Record<StepKind, number>,
  };
}

/** The harness's requests to one service in a run, every kind. */
function serviceTotal(one: OneRun, service: Service): number {
  return Object.values(one.requests.services[service]).reduce((a, b) => a + b, 0);
}

function powerofficeBound(all: readonly OneRun[]): DefaultChecklistResult["powerofficeBound"] {
  const msFor = (calls: number) => (calls * 1000) / POWEROFFICE_PER_SECOND;
  const runs = all.map((one) => ({
    callsMs: msFor(serviceTotal(one, "poweroffice")),
    writesMs: msFor(WRITE_KINDS.reduce((sum, kind) => sum + one.requests.services.poweroffice[kind], 0)),
    floorMs: one.floorMs,
  }));
  return {
    calls: summarize(all.map((one) => serviceTotal(one, "poweroffice"))),
    ms: summarize(runs.map((run) => run.callsMs)),
    floorRatio: summarize(
      runs.map((run) => run.callsMs / run.floorMs),
      2,
    ),
    writesMs: summarize(runs.map((run) => run.writesMs)),
    writesFloorRatio: summarize(
      runs.map((run) => run.writesMs / run.floorMs),
      2,
    ),
  };
}
