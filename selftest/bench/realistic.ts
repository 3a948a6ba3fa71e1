// Item 3 of issue 14: the default checklist's wall time against a node whose pipe runs take realistic time (the
// sandbox's node with a least run duration), beside the lower bound: the passes the checklist's longest test needs
// times the time of one pass on that node (measured by sync-wait.ts). A run that takes longer than `capFactor`
// times the lower bound is stopped: its figure is then "more than" the cap, and it is not repeated.
import { startSandbox } from "../../emulators/sandbox.ts";
import { loadChecklist } from "../../support/checklist/load.ts";
import { buildPlan } from "../../support/plan/index.ts";
import { DEFAULT_CHECKLIST } from "../trust/harness.ts";
import { runChecklist } from "./checklist-run.ts";
import { planNeeds } from "./needs.ts";
import { summarize, type Summary } from "./summary.ts";
import type { SyncWaitResult } from "./sync-wait.ts";

export interface RealisticNodeResult {
  runDurationMs: number;
  workers: number;
  pipes: number;
  /** One pass with nothing to sync on this node (median). */
  passMs: number;
  longestTest: { title: string; passes: number };
  lowerBoundMs: number;
  wallMs: Summary;
  ratio: Summary;
  /** True when a run was stopped at the cap: wallMs and ratio are then lower bounds. */
  capped: boolean;
  capMs: number;
  /** Tests that did not pass (a pass slower than the tests' timeouts allow shows here); null when every run was stopped. */
  failedTests: Summary | null;
  syncTimeoutMs: number;
}

export async function benchRealisticNode(
  pass: SyncWaitResult,
  options: { runs: number; workers: number; capFactor: number },
  log: (line: string) => void,
): Promise<RealisticNodeResult> {
  const longest = planNeeds(buildPlan([loadChecklist(DEFAULT_CHECKLIST)])).longest;
  const passMs = pass.passMs.median;
  const lowerBoundMs = longest.passes * passMs;
  const capMs = Math.round(options.capFactor * lowerBoundMs);
  // A pass may wait for another worker's run of each pipe before its own: allow three passes' time.
  const syncTimeoutMs = Math.max(30_000, Math.ceil(3 * passMs));
  const walls: number[] = [];
  const failed: number[] = [];
  let capped = false;
  for (let i = 0; i < options.runs && !capped; i++) {
    const sandbox = await startSandbox({ sesam: { runDurationMs: pass.runDurationMs, log: () => {} } });
    try {
      const run = await runChecklist({
        env: { ...sandbox.env, POWEROFFICE_RATE_LIMIT: "10", SYNC_TIMEOUT_MS: String(syncTimeoutMs) },
        workers: options.workers,
        capMs,
        allowFailures: true,
      });
      capped = run.capped;
      walls.push(run.ms);
      // A stopped run wrote no results.
      if (!run.capped) failed.push(run.failedTests);
      log(
        `realistic node, ${pass.runDurationMs} ms per pipe, ${options.workers} workers, run ${i + 1}/${options.runs}: ${Math.round(run.ms)} ms` +
          (run.capped ? " (stopped at the cap)" : "") +
          `, lower bound ${Math.round(lowerBoundMs)} ms`,
      );
    } finally {
      await sandbox.close();
    }
  }
  return {
    runDurationMs: pass.runDurationMs,
    workers: options.workers,
    pipes: pass.pipes,
    passMs,
    longestTest: longest,
    lowerBoundMs: Math.round(lowerBoundMs),
    wallMs: summarize(walls),
    ratio: summarize(
      walls.map((ms) => ms / lowerBoundMs),
      2,
    ),
    capped,
    capMs,
    failedTests: failed.length ? summarize(failed) : null,
    syncTimeoutMs,
  };
}
