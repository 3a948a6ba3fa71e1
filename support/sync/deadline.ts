// Every wait for the sync is bounded by SYNC_TIMEOUT_MS. A test waits for the pass ahead of its own to be a quarter
// in, then for its own pass, and at times for a conflict's quiet window: on a node whose pass takes a large share of
// the deadline, a wait can run out while the sync is still doing its work. Said beside such a failure, so that the
// fix is looked for in the configuration, not in the sync.
import type { SyncPass } from "./types.ts";

/** The passes a deadline should allow: the pass ahead's quarter, the test's own, and a window or a retry. */
export const PASSES_PER_DEADLINE = 3;

/**
 * How long a pass takes on this node: the longest the test made or joined, or the sum of what each pipe's runs have
 * taken in this worker (known even when no pass of the test ended); 0 when neither is known.
 */
export function passEstimateMs(
  history: readonly SyncPass[],
  runTimes: ReadonlyMap<string, number>,
  pipes: readonly string[],
): number {
  const longest = Math.max(0, ...history.map((pass) => pass.durationMs));
  const summed = pipes.reduce((sum, pipe) => sum + (runTimes.get(pipe) ?? 0), 0);
  return Math.max(longest, summed);
}

/** One line, when the deadline allows fewer than `PASSES_PER_DEADLINE` passes of `passMs`; null otherwise. */
export function deadlineHint(passMs: number, timeoutMs: number): string | null {
  if (PASSES_PER_DEADLINE * passMs <= timeoutMs) return null;
  const enough = Math.ceil((PASSES_PER_DEADLINE * passMs) / 1000) * 1000;
  return (
    `a sync pass takes about ${Math.round(passMs)} ms on this node and SYNC_TIMEOUT_MS (${timeoutMs} ms) allows ` +
    `fewer than ${PASSES_PER_DEADLINE}: a wait may have run out before the sync could finish; set SYNC_TIMEOUT_MS ` +
    `to ${enough} or more`
  );
}
