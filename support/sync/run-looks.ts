// When to look at a pump's runtime while a run the driver started goes on, and what the run took. The pass waits for
// each pipe's run in turn, so every look that comes late after a run ended delays the whole pass (and the last one
// delays the test). Without a learnt run time the looks back off from a few ms. With one, the driver looks once
// early (a run much shorter than usual is seen there), once a little before the learnt end (a run somewhat shorter is
// seen there, and what it took is then known within that gap), then closely around the learnt end, then backs off
// again for a run that takes longer than it did. A run of seconds costs about five looks (eight before) and is seen
// ending within one close step (10 ms) when it ends near its learnt time (selftest/harness/run-looks.test.ts).

/** The share of a pipe's learnt run time the early look waits: runs vary, an early look costs one request. */
const EARLY_LOOK = 0.8;
/** The close looks around a learnt run's end: a 20th of the run apart, but no closer than 5 ms or further than 10. */
const CLOSE_STEP_MIN_MS = 5;
const CLOSE_STEP_MAX_MS = 10;
/** Close looks start this many steps before the learnt end and stop this many after it. */
const STEPS_BEFORE_END = 2;
const STEPS_AFTER_END = 3;
/** The look a little before the close ones, this many steps before the learnt end. */
const PRE_CLOSE_STEPS = 6;

export interface LookSchedule {
  /** Poll back-off, ms; the last value repeats. */
  polls: readonly number[];
  /** How long this pipe's runs took (`runTookMs` of the last ones); none: back off from the start. */
  typicalMs?: number | undefined;
}

/** The `poll`th interval of a back-off (the last one repeats). */
export const backOffMs = (polls: readonly number[], poll: number): number =>
  polls[Math.min(poll, polls.length - 1)] ?? 50;

/** The next look: in how many ms, and whether it is past the close looks (the back-off's place counts those). */
export interface NextLook {
  inMs: number;
  late: boolean;
}

/**
 * The next look, `elapsedMs` after the run was asked for, when `looks` looks have been made, `lateLooks` of them
 * past the close ones.
 */
export function nextLook(schedule: LookSchedule, elapsedMs: number, looks: number, lateLooks: number): NextLook {
  const typical = schedule.typicalMs;
  if (!typical) return { inMs: backOffMs(schedule.polls, looks), late: false };
  const step = Math.min(CLOSE_STEP_MAX_MS, Math.max(CLOSE_STEP_MIN_MS, typical / 20));
  const closeFrom = typical - STEPS_BEFORE_END * step;
  // Each look before the close ones only where it comes a step or more before the next.
  const lookAt = [EARLY_LOOK * typical, typical - PRE_CLOSE_STEPS * step, closeFrom].find(
    (at, index, all) => at > elapsedMs && (index === all.length - 1 || at <= (all[index + 1] ?? 0) - step),
  );
  if (lookAt !== undefined) return { inMs: lookAt - elapsedMs, late: false };
  if (elapsedMs < typical + STEPS_AFTER_END * step) return { inMs: step, late: false };
  // Longer than it took before: the back-off, from its start.
  return { inMs: backOffMs(schedule.polls, lateLooks), late: true };
}

/**
 * What a run took, from when it was asked for: it ended after the last look that did not see its end was sent, and
 * before the look that saw it was answered, so the middle of the two is within half their gap of its end.
 */
export function runTookMs(lastNotEndedSentMs: number, endSeenMs: number): number {
  return Math.round((lastNotEndedSentMs + endSeenMs) / 2);
}
