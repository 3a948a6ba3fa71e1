// One pipe run that started after a point in time, as a node shows it whatever its logging settings: the pump's
// runtime says when a run is going on and, through `last-run`, that one ended; the execution log says how it ended
// and what it changed, for the runs the node logs. A run the node did not log changed nothing (a pipe that skips
// no-op runs logs every run that changed something; errors are always logged).
import { setTimeout as delay } from "node:timers/promises";
import { ApiError } from "../clients/http/errors.ts";
import { SyncTimeoutError } from "./errors.ts";
import type { NodeAccess, PumpState } from "./node-access.ts";
import type { PipeProfile } from "./node-profile.ts";
import { backOffMs, nextLook, runTookMs } from "./run-looks.ts";
import type { PipeRun } from "./types.ts";

export interface RunWait {
  /** Start the pipe (pump driver) or wait for the node's schedule (wait driver). */
  start: boolean;
  deadline: number;
  timeoutMs: number;
  /** Poll back-off, ms; the last value repeats. */
  polls: readonly number[];
  /**
   * How long this pipe's runs have taken (learnt from the last ones): one early look, then close looks around
   * then (`run-looks.ts`), so a run of seconds costs a few polls and is seen ending within a few ms.
   */
  typicalMs?: number;
  /** Told once the pump is seen idle: the run that counts starts after this. */
  ready?: () => void;
  /** Told how long the run took, from the start (or from the idle pump, for a scheduled run): `runTookMs`. */
  tookMs?: (ms: number) => void;
}

/** Waits the `poll`th interval of a back-off (the last one repeats). */
export const pauseFor = (polls: readonly number[], poll: number): Promise<void> => delay(backOffMs(polls, poll));

/** Polls that see no run begin before the pump driver asks again (its start's answer may have been lost). */
const POLLS_BEFORE_RESTART = 3;

export async function awaitRun(node: NodeAccess, profile: PipeProfile, wait: RunWait): Promise<PipeRun> {
  const pipe = profile.id;
  const pause = (poll: number) => pauseFor(wait.polls, poll);
  const late = (what: string, seen: string) => new SyncTimeoutError(`pipe ${pipe} ${what}`, wait.timeoutMs, seen);

  // Where the pipe's execution log stands: the run's entries come after it. Taken before the pump is seen idle,
  // whoever starts the run: another pass may start (and end) this pipe's run between that look and this pass's
  // start, and a mark taken after it would miss that run's entry (its changes counted as none; a pipe that logs
  // every run waited for to the deadline). A run that ends before the pump is seen idle only adds its changes.
  const mark = await node.lastSequence(pipe);
  // A run going on now may have read the tenants before the edit: only a run that starts once the pump is idle counts.
  let state = await node.state(pipe);
  for (let poll = 0; state.running; poll++) {
    if (Date.now() >= wait.deadline) throw late("stayed busy with a run that started before the pass", describe(state));
    await pause(poll);
    state = await node.state(pipe);
  }
  const idleSince = state.lastRun;
  wait.ready?.();

  let asked = false;
  const began = Date.now();
  // When the last look that did not see the run end was sent (the run ended after it), from `began`.
  let notEndedSent = 0;
  let lateLooks = 0;
  for (let poll = 0; ; poll++) {
    if (wait.start && !asked) {
      asked = true;
      // "started" or "already-running": either way a run began after the pump was seen idle.
      await startTolerating(node, pipe);
    }
    const elapsed = Date.now() - began;
    const look = nextLook(wait, elapsed, poll, lateLooks);
    if (look.late) lateLooks++;
    if (look.inMs > 0) await delay(look.inMs);
    const sent = Date.now() - began;
    state = await node.state(pipe);
    if (!state.running && state.lastRun !== idleSince) {
      wait.tookMs?.(runTookMs(notEndedSent, Date.now() - began));
      break;
    }
    notEndedSent = sent;
    if (Date.now() >= wait.deadline) {
      const what = wait.start ? "did not finish a run started after the edit" : "ran no scheduled run after the edit";
      throw late(what, `${describe(state)}; last-run before the pass: ${idleSince ?? "never"}`);
    }
    if (wait.start && !state.running && poll % POLLS_BEFORE_RESTART === POLLS_BEFORE_RESTART - 1) asked = false;
  }
  return outcome(node, profile, mark, wait, late);
}

async function startTolerating(node: NodeAccess, pipe: string): Promise<void> {
  try {
    await node.start(pipe);
  } catch (error) {
    // The answer was lost or the node hiccuped: the runtime tells whether a run began; the loop asks again if not.
    if (!(error instanceof ApiError) || !error.retryable) throw error;
  }
}

async function outcome(
  node: NodeAccess,
  profile: PipeProfile,
  mark: number | null,
  wait: RunWait,
  late: (what: string, seen: string) => SyncTimeoutError,
): Promise<PipeRun> {
  for (let poll = 0; ; poll++) {
    const ends = await node.endsSince(profile.id, mark);
    const failed = ends.find((end) => end.outcome === "failed");
    if (failed) return { pipe: profile.id, outcome: "failed", changes: null, logged: true, reason: failed.reason };
    if (ends.length > 0) {
      const changes = ends.some((end) => end.changes === null)
        ? null
        : ends.reduce((sum, end) => sum + (end.changes ?? 0), 0);
      return { pipe: profile.id, outcome: "completed", changes, logged: true };
    }
    if (!profile.logsEveryRun) return { pipe: profile.id, outcome: "completed", changes: 0, logged: false };
    // The pipe logs every run, so its entry is due; a node may write it a moment after the runtime moves on.
    if (Date.now() >= wait.deadline)
      throw late("logs every run but wrote none for the run that ended", "no entry after the pass began");
    await pauseFor(wait.polls, poll);
  }
}

function describe(state: PumpState): string {
  return `is-running ${state.running}, last-run ${state.lastRun ?? "never"}`;
}
