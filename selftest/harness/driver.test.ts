// The sync driver against a scripted node: only a run that started after the pass began counts.
import { expect, test } from "@playwright/test";
import { createSyncDriver } from "../../support/sync/driver.ts";
import { SyncRunFailedError, SyncTimeoutError } from "../../support/sync/errors.ts";
import type { PipeRun, PipeRunner } from "../../support/sync/types.ts";

/** A node whose pipes each run for `ticks` polls after a start, unless a run is already going. */
class ScriptedNode implements PipeRunner {
  sequence = 0;
  readonly runs: (PipeRun & { ticksLeft: number })[] = [];
  readonly starts: string[] = [];
  constructor(private readonly script: { ticks?: number; fail?: string; changes?: number[]; ignoreStarts?: boolean } = {}) {}

  running(pipe: string) {
    return this.runs.find((run) => run.pipe === pipe && run.outcome === "running");
  }
  begin(pipe: string) {
    const changes = this.script.changes?.shift() ?? 0;
    this.runs.push({ pipe, startedSeq: ++this.sequence, outcome: "running", changes, ticksLeft: this.script.ticks ?? 1 });
  }
  async lastSequence() {
    return this.sequence;
  }
  async runsSince(pipe: string, sequence: number): Promise<PipeRun[]> {
    for (const run of this.runs.filter((r) => r.outcome === "running")) {
      if (--run.ticksLeft <= 0) {
        run.outcome = this.script.fail === run.pipe ? "failed" : "completed";
        if (run.outcome === "failed") run.reason = "tenant answered 500";
        this.sequence++;
      }
    }
    return this.runs
      .filter((run) => run.pipe === pipe && run.startedSeq > sequence)
      .map(({ ticksLeft: _ticks, ...run }) => ({ ...run }));
  }
  async start(pipe: string) {
    this.starts.push(pipe);
    if (!this.script.ignoreStarts && !this.running(pipe)) this.begin(pipe);
  }
}

const options = { pipes: ["a-collect", "global", "a-share"], timeoutMs: 2_000, maxPasses: 3, pollIntervalsMs: [1] };

test("a pass runs every pipe in order and reports the runs and their changes", async () => {
  const node = new ScriptedNode({ changes: [2, 0, 1] });
  const pass = await createSyncDriver("pump", node, options).pass();
  expect(pass.runs.map((run) => run.pipe)).toEqual(options.pipes);
  expect(pass.changes).toBe(3);
  expect(node.starts).toEqual(options.pipes);
});

test("a run under way when the pass began does not count: the driver waits for it, then starts its own", async () => {
  const node = new ScriptedNode({ ticks: 3 });
  node.begin("a-collect"); // started before our edit
  const driver = createSyncDriver("pump", node, { ...options, pipes: ["a-collect"] });
  const pass = await driver.pass();
  const ours = pass.runs[0] as PipeRun;
  expect(ours.startedSeq).toBeGreaterThan(1);
  expect(node.runs.filter((run) => run.pipe === "a-collect")).toHaveLength(2);
});

test("settle stops at the first pass that changes nothing, or after maxPasses", async () => {
  const quiet = createSyncDriver("pump", new ScriptedNode({ changes: [1, 0, 0, 0, 0, 0] }), options);
  expect((await quiet.settle()).length).toBe(2);
  const busy = createSyncDriver("pump", new ScriptedNode({ changes: Array(20).fill(1) }), options);
  expect((await busy.settle()).length).toBe(3);
  expect(busy.history).toHaveLength(3);
});

test("a failed run ends the pass with the pipe and the node's reason", async () => {
  const driver = createSyncDriver("pump", new ScriptedNode({ fail: "global" }), options);
  await expect(driver.pass()).rejects.toThrow(SyncRunFailedError);
  await expect(createSyncDriver("pump", new ScriptedNode({ fail: "global" }), options).pass()).rejects.toThrow(
    "sync: pipe global run failed: tenant answered 500",
  );
});

test("settle counts a failed run as a pass and goes on (the node retries on its next run)", async () => {
  const passes = await createSyncDriver("pump", new ScriptedNode({ fail: "global" }), options).settle();
  expect(passes).toHaveLength(3);
  expect(passes.every((pass) => pass.changes === null && pass.runs[0]?.outcome === "failed")).toBe(true);
});

test("the wait driver never starts a pipe, and gives up at the deadline naming the pipe", async () => {
  const node = new ScriptedNode();
  const driver = createSyncDriver("wait", node, { ...options, timeoutMs: 100 });
  await expect(driver.pass()).rejects.toThrow(SyncTimeoutError);
  await expect(createSyncDriver("wait", node, { ...options, timeoutMs: 50 }).pass()).rejects.toThrow(
    /pipe a-collect did not finish a run that started after the edit within 50 ms/,
  );
  expect(node.starts).toEqual([]);
});

test("the wait driver follows the node's own runs", async () => {
  const node = new ScriptedNode({ ignoreStarts: true });
  const driver = createSyncDriver("wait", node, { ...options, pipes: ["a-collect"] });
  const pending = driver.pass();
  setImmediate(() => node.begin("a-collect"));
  expect((await pending).runs).toHaveLength(1);
});

test("observe runs only the *-collect pipes; without any it says so", async () => {
  const node = new ScriptedNode();
  const runs = await createSyncDriver("pump", node, options).observe();
  expect(runs.map((run) => run.pipe)).toEqual(["a-collect"]);
  const none = createSyncDriver("pump", node, { ...options, pipes: ["global"] });
  expect(none.canObserve).toBe(false);
  await expect(none.observe()).rejects.toThrow(/names no \*-collect pipe/);
});
