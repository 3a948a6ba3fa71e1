// How long a sync pass takes on the node, by what its pipes have logged: a real node's pipes ran on their own
// schedule before the harness came, and a pass runs each of them once. Global setup reads it to choose
// SYNC_TIMEOUT_MS when the user did not, so a node whose passes take tens of seconds is not failed by a deadline made
// for one whose passes take milliseconds.
import { createSesamClient } from "../clients/sesam/client.ts";
import type { ExecutionLogResource } from "../clients/sesam/execution-log.ts";
import { clientOptions, type HarnessConfig, type Targets } from "../config/index.ts";
import { chosenTimeoutMs, PASSES_PER_DEADLINE, typicalRunMs } from "../sync/deadline.ts";

/** Log versions read per pipe: the last ten runs or so (each writes a start and an end). */
const VERSIONS_PER_PIPE = 20;

export interface LoggedPassTime {
  /** The pipes' typical runs summed (0 when none logged a run). */
  passMs: number;
  /** The pipes whose log shows a completed run. */
  logged: number;
  pipes: number;
}

export async function loggedPassTime(log: ExecutionLogResource, pipes: readonly string[]): Promise<LoggedPassTime> {
  const typical = await Promise.all(
    pipes.map(async (pipe) => typicalRunMs(await log.recentRuns(pipe, VERSIONS_PER_PIPE))),
  );
  const known = typical.filter((ms): ms is number => ms !== null);
  return { passMs: known.reduce((sum, ms) => sum + ms, 0), logged: known.length, pipes: pipes.length };
}

/**
 * SYNC_TIMEOUT_MS for a run that did not set it, and the line that says why; null when the default already allows
 * `PASSES_PER_DEADLINE` of the node's passes (or its logs tell nothing).
 */
export function chooseTimeout(logged: LoggedPassTime, defaultMs: number): { timeoutMs: number; line: string } | null {
  const timeoutMs = chosenTimeoutMs(logged.passMs, defaultMs);
  if (timeoutMs <= defaultMs) return null;
  return {
    timeoutMs,
    line:
      `SYNC_TIMEOUT_MS is not set and a sync pass takes about ${Math.round(logged.passMs)} ms on this node (its pipes' ` +
      `execution logs: ${logged.logged} of ${logged.pipes} pipes show runs), so waits allow ${timeoutMs} ms, ` +
      `${PASSES_PER_DEADLINE} passes, instead of ${defaultMs}; set SYNC_TIMEOUT_MS to choose`,
  };
}

/** What global setup sets SYNC_TIMEOUT_MS to for this node, when the user did not set it; null: the default stands. */
export async function timeoutForNode(
  config: HarnessConfig,
  targets: Targets,
  pipes: readonly string[],
): Promise<{ timeoutMs: number; line: string } | null> {
  if (config.sync.timeoutSet) return null;
  const sesam = createSesamClient({ ...clientOptions(targets).sesam, timeoutMs: 15_000 });
  try {
    return chooseTimeout(await loggedPassTime(sesam.executionLog, pipes), config.sync.timeoutMs);
  } catch (error) {
    // Choosing is a courtesy: a node that will not show its logs here keeps the default (the passes will need them).
    console.warn(
      `talk-qa: SYNC_TIMEOUT_MS stays ${config.sync.timeoutMs} ms: the pipes' execution logs could not be read (${error instanceof Error ? error.message : String(error)})`,
    );
    return null;
  } finally {
    await sesam.close();
  }
}
