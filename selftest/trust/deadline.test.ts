// A deadline too short for the node's passes, as a user pointing the harness at a slow node with the default
// SYNC_TIMEOUT_MS meets it: each failed row of the checklist report says so with the value to set, and the console
// says it once for the run, not once per test or worker.
import { expect, test } from "@playwright/test";
import { DEFAULT_CHECKLIST, runSpecs, syncing, taggedRecords, withSandbox } from "./harness.ts";

test("a SYNC_TIMEOUT_MS shorter than three of the node's passes: each failed row says so with the value to set, the console once", async () => {
  test.setTimeout(180_000);
  // Ten pipes of 300 ms: a pass takes about 3 s, longer than the whole deadline.
  await withSandbox(syncing([DEFAULT_CHECKLIST], [], { runDurationMs: 300 }), async (sandbox) => {
    const run = await runSpecs({ ...sandbox.env, CHECKLIST: DEFAULT_CHECKLIST, SYNC_TIMEOUT_MS: "2500" }, [
      "--workers",
      "2",
      "--grep",
      "@sync",
    ]);
    const failed = run.cases.filter((c) => c.status === "failed");
    expect(run.code, run.output.slice(-2000)).toBe(1);
    expect(failed.length, run.output.slice(-2000)).toBeGreaterThan(1);
    for (const c of failed) {
      expect(c.detail).toMatch(
        /; a sync pass takes about \d+ ms on this node and SYNC_TIMEOUT_MS \(2500 ms\) allows fewer than 3: a wait may have run out before the sync could finish; set SYNC_TIMEOUT_MS to \d+000 or more$/,
      );
    }
    expect(run.output.match(/talk-qa: a sync pass takes about \d+ ms/g), run.output.slice(-2000)).toHaveLength(1);
    expect(await taggedRecords(sandbox)).toEqual([]);
  });
});
