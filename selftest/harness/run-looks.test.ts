// When the driver looks at a pump's runtime while a run goes on: a run of a learnt length is seen ending within a
// close step of its end, in a few looks; one that takes longer is followed by the back-off; what a run took is
// learnt from the looks around its end. Run on a simulated clock: no timing here depends on this machine.
import { expect, test } from "@playwright/test";
import { nextLook, runTookMs, type LookSchedule } from "../../support/sync/run-looks.ts";

const POLLS = [5, 10, 20, 40, 80, 100] as const;

/** Looks at a run that ends `endsAtMs` after it was asked for, each answered at once: when its end is seen. */
function follow(schedule: LookSchedule, endsAtMs: number) {
  let elapsed = 0;
  let lateLooks = 0;
  let notEndedSent = 0;
  const looksAt: number[] = [];
  for (let looks = 0; looks < 1_000; looks++) {
    const look = nextLook(schedule, elapsed, looks, lateLooks);
    if (look.late) lateLooks++;
    elapsed += look.inMs;
    looksAt.push(elapsed);
    if (elapsed >= endsAtMs) {
      return { seenAt: elapsed, lateBy: elapsed - endsAtMs, looksAt, tookMs: runTookMs(notEndedSent, elapsed) };
    }
    notEndedSent = elapsed;
  }
  throw new Error("never saw the run end");
}

test("without a learnt run time the looks back off from a few ms", () => {
  expect(follow({ polls: POLLS }, 100).looksAt).toEqual([5, 15, 35, 75, 155]);
});

test("a 2 s run is looked at early, 60 ms before its learnt end, then every 10 ms from 20 ms before it", () => {
  const seen = follow({ polls: POLLS, typicalMs: 2_000 }, 2_004);
  expect(seen.looksAt).toEqual([1_600, 1_940, 1_980, 1_990, 2_000, 2_010]);
  expect(seen.lateBy).toBe(6);
});

test("a run ending anywhere from 20 ms before to 30 ms after its learnt end is seen within 10 ms, in at most 8 looks", () => {
  for (const typicalMs of [500, 2_000, 20_000]) {
    for (let endsAt = typicalMs - 20; endsAt <= typicalMs + 30; endsAt++) {
      const seen = follow({ polls: POLLS, typicalMs }, endsAt);
      expect(seen.lateBy, `run of ${endsAt} ms, learnt ${typicalMs}`).toBeLessThanOrEqual(10);
      expect(seen.looksAt.length, `run of ${endsAt} ms, learnt ${typicalMs}`).toBeLessThanOrEqual(8);
    }
  }
});

test("a run much shorter than it was is seen at the early look; a longer one by the back-off, not by close looks", () => {
  expect(follow({ polls: POLLS, typicalMs: 2_000 }, 1_200).seenAt).toBe(1_600);
  expect(follow({ polls: POLLS, typicalMs: 2_000 }, 1_900).seenAt).toBe(1_940);
  const long = follow({ polls: POLLS, typicalMs: 2_000 }, 3_000);
  // After the close looks (to 2 030 ms), 5, 10, 20, 40, 80, then 100 ms apart.
  expect(long.looksAt.slice(0, 13)).toEqual([
    1_600, 1_940, 1_980, 1_990, 2_000, 2_010, 2_020, 2_030, 2_035, 2_045, 2_065, 2_105, 2_185,
  ]);
  expect(long.lateBy).toBeLessThanOrEqual(100);
});

test("runs of a few ms get close looks 5 ms apart from the start, and no early look", () => {
  expect(follow({ polls: POLLS, typicalMs: 8 }, 9).looksAt).toEqual([5, 10]);
});

test("what a run took: the middle of the last look that missed its end and the one that saw it", () => {
  expect(runTookMs(75, 155)).toBe(115);
  expect(runTookMs(1_990, 2_000)).toBe(1_995);
  expect(runTookMs(1_940, 1_980)).toBe(1_960);
});

test("learning from each run, runs of 2 s give or take 15 ms are seen ending within 20 ms, half within 10", () => {
  const lengths = [2_013, 1_998, 2_009, 2_002, 2_015, 1_995, 2_006, 2_011, 1_990, 2_020, 2_000, 1_985, 2_012];
  let typicalMs: number | undefined;
  const late: number[] = [];
  lengths.forEach((endsAt, run) => {
    const seen = follow({ polls: POLLS, typicalMs }, endsAt);
    if (run >= 1) {
      expect(seen.lateBy, `run ${run + 1} (${endsAt} ms, learnt ${typicalMs})`).toBeLessThanOrEqual(20);
      late.push(seen.lateBy);
    }
    // As the driver keeps it: a slow run raises the learnt time at most to twice what it was.
    typicalMs = Math.min(seen.tookMs, 2 * (typicalMs ?? seen.tookMs));
  });
  // Before the close looks (one early look, then a back-off reaching 100 ms) these were seen up to 100 ms late.
  expect(late.sort((a, b) => a - b)[Math.floor(late.length / 2)]).toBeLessThanOrEqual(10);
});

test("when runs become much shorter (2 s to 1.7 s) the looks follow them: within 10 ms again by the fourth run", () => {
  let typicalMs: number | undefined = 2_000;
  [1_700, 1_700, 1_700, 1_700, 1_700, 1_700].forEach((endsAt, run) => {
    const seen = follow({ polls: POLLS, typicalMs }, endsAt);
    if (run >= 3) expect(seen.lateBy, `run ${run + 1} (learnt ${typicalMs})`).toBeLessThanOrEqual(10);
    typicalMs = Math.min(seen.tookMs, 2 * (typicalMs ?? seen.tookMs));
  });
});
