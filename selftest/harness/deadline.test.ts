// A deadline too short for the node's passes is said beside the failure it may have caused, with the setting to
// change; a deadline that allows enough passes says nothing.
import { expect, test } from "@playwright/test";
import { DEADLINE_ANNOTATION, evidenceAnnotation } from "../../support/reporting/evidence.ts";
import { failureDetail } from "../../support/reporting/checklist-reporter.ts";
import { deadlineHint, passEstimateMs } from "../../support/sync/deadline.ts";

const pass = (durationMs: number) => ({ runs: [], changes: 0, durationMs });

test("a pass is as long as the longest the test saw, or the worker's pipe run times summed when longer", () => {
  const runTimes = new Map([
    ["a", 2_000],
    ["b", 2_100],
  ]);
  expect(passEstimateMs([pass(3_000), pass(5_000)], new Map(), ["a", "b"])).toBe(5_000);
  // No pass of the test ended (it ran out waiting for its first): the pipes' runs still tell.
  expect(passEstimateMs([], runTimes, ["a", "b", "c"])).toBe(4_100);
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
