// Every wait for the sync is bounded by SYNC_TIMEOUT_MS. A test waits for the pass ahead of its own to be a quarter
// in, then for its own pass, and at times for a conflict's quiet window: on a node whose pass takes a large share of
// the deadline, a wait can run out while the sync is still doing its work. Said beside such a failure, so that the
// fix is looked for in the configuration, not in the sync.
import type { PumpRun } from "../clients/sesam/execution-log.ts";
import { median } from "../median.ts";
import type { SyncPass } from "./types.ts";

/** The passes a deadline should allow: the pass ahead's quarter, the test's own, and a window or a retry. */
export const PASSES_PER_DEADLINE = 3;

/** The longest SYNC_TIMEOUT_MS the harness chooses on its own: a check that fails waits this long to say so. */
export const CHOSEN_TIMEOUT_CAP_MS = 300_000;

/** A test's own time limit: a few waits of SYNC_TIMEOUT_MS each, and its seeding and cleanup. */
export const testTimeoutMs = (syncTimeoutMs: number): number => 4 * syncTimeoutMs + 30_000;

/** A deadline that allows `PASSES_PER_DEADLINE` passes of `passMs`, in whole seconds. */
const roomFor = (passMs: number): number => Math.ceil((PASSES_PER_DEADLINE * passMs) / 1000) * 1000;

/**
 * SYNC_TIMEOUT_MS when the user did not set it: the default, or room for the node's passes when they are longer
 * (at most `CHOSEN_TIMEOUT_CAP_MS`).
 */
export function chosenTimeoutMs(passMs: number, defaultMs: number): number {
  return Math.max(defaultMs, Math.min(CHOSEN_TIMEOUT_CAP_MS, roomFor(passMs)));
}

/**
 * What one of a pipe's runs takes by its execution log: the median of its completed runs (start to end), null when
 * the log shows none (a node does not log a run that changed nothing, by default).
 */
export function typicalRunMs(runs: readonly PumpRun[]): number | null {
  const took = runs
    .map((run) =>
      run.completed && run.startTime && run.completed.endTime
        ? Date.parse(run.completed.endTime) - Date.parse(run.startTime)
        : Number.NaN,
    )
    .filter((ms) => Number.isFinite(ms) && ms >= 0);
  return took.length === 0 ? null : median(took);
}

/**
 * How long a pass takes on this node: the longest the test made or joined, or the sum of what each pipe's runs have
 * taken in this worker's passes and those it joined (known even when no pass of the test ended), a pipe not seen yet
 * counted as the mean of those seen (a pass that ran out of time at its third pipe still shows the pace of ten);
 * 0 when neither is known.
 */
export function passEstimateMs(
  history: readonly SyncPass[],
  runTimes: ReadonlyMap<string, number>,
  pipes: readonly string[],
): number {
  const longest = Math.max(0, ...history.map((pass) => pass.durationMs));
  const seen = pipes.flatMap((pipe) => {
    const ms = runTimes.get(pipe);
    return ms === undefined ? [] : [ms];
  });
  const total = seen.reduce((sum, ms) => sum + ms, 0);
  const summed = seen.length === 0 ? 0 : total + (pipes.length - seen.length) * (total / seen.length);
  return Math.max(longest, summed);
}

/** One line, when the deadline allows fewer than `PASSES_PER_DEADLINE` passes of `passMs`; null otherwise. */
export function deadlineHint(passMs: number, timeoutMs: number): string | null {
  if (PASSES_PER_DEADLINE * passMs <= timeoutMs) return null;
  const enough = roomFor(passMs);
  return (
    `a sync pass takes about ${Math.round(passMs)} ms on this node and SYNC_TIMEOUT_MS (${timeoutMs} ms) allows ` +
    `fewer than ${PASSES_PER_DEADLINE}: a wait may have run out before the sync could finish; set SYNC_TIMEOUT_MS ` +
    `to ${enough} or more`
  );
}
