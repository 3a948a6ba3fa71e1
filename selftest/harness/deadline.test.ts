// A deadline too short for the node's passes is said beside the failure it may have caused, with the setting to
// change; a deadline that allows enough passes says nothing.
import { expect, test } from "@playwright/test";
import { DEADLINE_ANNOTATION, evidenceAnnotation } from "../../support/reporting/evidence.ts";
import { failureDetail } from "../../support/reporting/checklist-reporter.ts";
import type { ExecutionLogResource, PumpRun } from "../../support/clients/sesam/execution-log.ts";
import { chooseTimeout, loggedPassTime } from "../../support/preflight/pass-time.ts";
import {
  CHOSEN_TIMEOUT_CAP_MS,
  chosenTimeoutMs,
  deadlineHint,
  passEstimateMs,
  typicalRunMs,
} from "../../support/sync/deadline.ts";

const pass = (durationMs: number) => ({ runs: [], changes: 0, durationMs });

test("a pass is as long as the longest the test saw, or the pipes' run times summed when longer (unseen pipes at the mean)", () => {
  const runTimes = new Map([
    ["a", 2_000],
    ["b", 2_100],
  ]);
  expect(passEstimateMs([pass(3_000), pass(5_000)], new Map(), ["a", "b"])).toBe(5_000);
  // No pass of the test ended (it ran out waiting for its first): the pipes' runs still tell, a pipe not seen yet
  // counted as the mean of those seen.
  expect(passEstimateMs([], runTimes, ["a", "b"])).toBe(4_100);
  expect(passEstimateMs([], runTimes, ["a", "b", "c"])).toBe(6_150);
  expect(passEstimateMs([], new Map(), ["a"])).toBe(0);
});

test("the hint comes when the deadline allows fewer than three passes, and names the setting and a value", () => {
  expect(deadlineHint(10_000, 30_000)).toBeNull();
  expect(deadlineHint(0, 30_000)).toBeNull();
  expect(deadlineHint(20_288, 30_000)).toBe(
    "a sync pass takes about 20288 ms on this node and SYNC_TIMEOUT_MS (30000 ms) allows fewer than 3: a wait may " +
      "have run out before the sync could finish; set SYNC_TIMEOUT_MS to 61000 or more",
  );
});

test("the checklist report's row shows the failure, then the hint when the test has one", () => {
  const hint = deadlineHint(20_288, 30_000) ?? "";
  const timedOut = "Error: sync: another worker kept the node to itself for over 30000 ms\n    at stack";
  expect(failureDetail([], timedOut)).toBe("Error: sync: another worker kept the node to itself for over 30000 ms");
  expect(failureDetail([{ type: DEADLINE_ANNOTATION, description: hint }], timedOut)).toBe(
    `Error: sync: another worker kept the node to itself for over 30000 ms; ${hint}`,
  );
  const saw = evidenceAnnotation({
    check: "reaches",
    message: "line 36: expected x",
    type: "string",
    expected: "x",
    received: "y",
  });
  expect(failureDetail([saw, { type: DEADLINE_ANNOTATION, description: hint }], "")).toMatch(
    /line 36: expected x.*; a sync pass takes about 20288 ms/,
  );
  expect(failureDetail([], "")).toBeUndefined();
});

const run = (startTime: string, endTime: string | null, outcome: "completed" | "failed" = "completed"): PumpRun => ({
  startedSeq: null,
  startTime,
  outcome,
  ...(outcome === "completed"
    ? {
        completed: {
          seq: 1,
          endTime,
          totalTime: null,
          entitiesSucceeded: 0,
          entitiesFailed: 0,
          retryEntitiesExist: false,
          changes: 0,
        },
      }
    : { failed: { seq: 1, endTime, reason: "x", entitiesSucceeded: null, entitiesFailed: null } }),
});
const at = (ms: number) => new Date(Date.UTC(2026, 11, 3, 10, 0, 0) + ms).toISOString();

test("a pipe's typical run is the median of its logged completed runs; failed and unfinished runs do not count", () => {
  expect(typicalRunMs([run(at(0), at(2_000)), run(at(10_000), at(12_400)), run(at(20_000), at(21_900))])).toBe(2_000);
  expect(typicalRunMs([run(at(0), at(1_000)), run(at(5_000), at(8_000))])).toBe(2_000);
  expect(typicalRunMs([run(at(0), at(90_000), "failed"), run(at(0), null)])).toBeNull();
  expect(typicalRunMs([])).toBeNull();
});

test("SYNC_TIMEOUT_MS left unset: room for three of the node's passes when the default allows fewer, within a cap", () => {
  expect(chosenTimeoutMs(0, 30_000)).toBe(30_000);
  expect(chosenTimeoutMs(9_000, 30_000)).toBe(30_000);
  expect(chosenTimeoutMs(20_288, 30_000)).toBe(61_000);
  expect(chosenTimeoutMs(500_000, 30_000)).toBe(CHOSEN_TIMEOUT_CAP_MS);
});

test("the pass time is read from each pass pipe's recent log: the typical runs summed, pipes without runs counted apart", async () => {
  const logs: Record<string, PumpRun[]> = {
    "a-all": [run(at(0), at(2_000)), run(at(60_000), at(62_200))],
    "a-collect": [run(at(0), at(1_500))],
    global: [],
  };
  const asked: [string, number][] = [];
  const log = {
    recentRuns: (pipe: string, versions: number) => {
      asked.push([pipe, versions]);
      return Promise.resolve(logs[pipe] ?? []);
    },
  } as unknown as ExecutionLogResource;
  const logged = await loggedPassTime(log, ["a-all", "a-collect", "global"]);
  expect(logged).toEqual({ passMs: 3_600, logged: 2, pipes: 3 });
  expect(asked.map(([pipe]) => pipe)).toEqual(["a-all", "a-collect", "global"]);
  expect(chooseTimeout(logged, 30_000)).toBeNull();
  expect(chooseTimeout({ passMs: 20_288, logged: 9, pipes: 10 }, 30_000)).toEqual({
    timeoutMs: 61_000,
    line:
      "SYNC_TIMEOUT_MS is not set and a sync pass takes about 20288 ms on this node (its pipes' execution logs: 9 of " +
      "10 pipes show runs), so waits allow 61000 ms, 3 passes, instead of 30000; set SYNC_TIMEOUT_MS to choose",
  });
});
