// The sync driver against a scripted node that behaves as a Sesam node documents: a pump's runtime shows every run
// (`is-running`, `last-run`), the execution log only the runs its settings log (no-op runs are not logged by
// default), a start while running answers "already-running", and the internal scheduler answers busy or a token.
import { expect, test } from "@playwright/test";
import { ApiError } from "../../support/clients/http/errors.ts";
import { createSyncDriver } from "../../support/sync/driver.ts";
import { SyncRunFailedError, SyncTimeoutError } from "../../support/sync/errors.ts";
import type { LoggedEnd, NodeAccess, PumpState } from "../../support/sync/node-access.ts";
import type { NodeProfile, PipeProfile } from "../../support/sync/node-profile.ts";

interface Script {
  /** Polls of the runtime a run lasts. */
  ticks?: number;
  /** The pipe whose runs fail. */
  fail?: string;
  /** How many of its runs fail (all when absent). */
  failRuns?: number;
  /** Changes of successive runs (0 when exhausted). */
  changes?: number[];
  /** Pipes that log every run; the others log only runs that changed something. */
  logEveryRun?: string[];
  /** Polls of the log a logged entry appears after the runtime says the run ended. */
  logLag?: number;
  /** Starts whose answer is lost (the run does not start). */
  lostStarts?: number;
}

class ScriptedNode implements NodeAccess {
  sequence = 0;
  clock = 0;
  readonly starts: string[] = [];
  readonly stateReads: string[] = [];
  readonly runAllCalls: number[] = [];
  readonly #pumps = new Map<
    string,
    { running: { ticksLeft: number; changes: number } | null; lastRun: string | null }
  >();
  readonly #log: { pipe: string; seq: number; visibleAfter: number; end: LoggedEnd }[] = [];
  #logPolls = 0;
  busyRunAll = 0;
  runnerStatuses: string[] = [];

  constructor(private readonly script: Script = {}) {}

  #pump(pipe: string) {
    let pump = this.#pumps.get(pipe);
    if (!pump) this.#pumps.set(pipe, (pump = { running: null, lastRun: null }));
    return pump;
  }

  /** A run starts (the node's own schedule, or another client). */
  begin(pipe: string): void {
    this.#pump(pipe).running = { ticksLeft: this.script.ticks ?? 1, changes: this.script.changes?.shift() ?? 0 };
  }

  async state(pipe: string): Promise<PumpState> {
    this.stateReads.push(pipe);
    const pump = this.#pump(pipe);
    const run = pump.running;
    if (run && --run.ticksLeft < 0) {
      pump.running = null;
      pump.lastRun = `t${++this.clock}`;
      const failed = this.script.fail === pipe && (this.script.failRuns === undefined || this.script.failRuns-- > 0);
      const logged = failed || run.changes > 0 || (this.script.logEveryRun ?? []).includes(pipe);
      if (logged) {
        const end: LoggedEnd = failed
          ? { outcome: "failed", changes: null, reason: "tenant answered 500" }
          : { outcome: "completed", changes: run.changes };
        this.#log.push({ pipe, seq: ++this.sequence, visibleAfter: this.#logPolls + (this.script.logLag ?? 0), end });
      }
    }
    return { running: pump.running !== null, lastRun: pump.lastRun };
  }

  async start(pipe: string): Promise<"started" | "already-running"> {
    this.starts.push(pipe);
    if (this.script.lostStarts && this.script.lostStarts-- > 0) {
      throw new ApiError({
        code: "network",
        message: "socket hang up",
        method: "POST",
        url: `/pipes/${pipe}/pump`,
        retryable: true,
      });
    }
    if (this.#pump(pipe).running) return "already-running";
    this.begin(pipe);
    return "started";
  }

  async lastSequence(): Promise<number | null> {
    return this.sequence === 0 ? null : this.sequence;
  }

  async endsSince(pipe: string, sequence: number | null): Promise<LoggedEnd[]> {
    this.#logPolls++;
    return this.#log
      .filter((entry) => entry.pipe === pipe && entry.seq > (sequence ?? -1) && entry.visibleAfter < this.#logPolls)
      .map((entry) => entry.end);
  }

  async runAll(): Promise<{ token: string } | "busy"> {
    this.runAllCalls.push(Date.now());
    if (this.busyRunAll-- > 0) return "busy";
    return { token: "t-1" };
  }

  async runnerStatus(): Promise<{ status: string; info: string | null; rounds: number | null }> {
    const status = this.runnerStatuses.shift() ?? "success";
    return { status, info: status === "failed" ? "pipe global failed" : "done", rounds: 2 };
  }
}

const pipe = (id: string, overrides: Partial<PipeProfile> = {}): PipeProfile => ({
  id,
  source: "dataset",
  readsTenant: false,
  merges: false,
  reads: [],
  merged: [],
  writes: id,
  writesTenant: false,
  logsEveryRun: false,
  noopDecidedBy: "sink",
  granularitySeconds: null,
  ...overrides,
});

const PIPES = ["a-all", "a-collect", "global", "a-share"];
const profile = (overrides: Partial<NodeProfile> = {}): NodeProfile => ({
  pipes: PIPES.map((id) =>
    pipe(id, {
      readsTenant: id === "a-all",
      merges: id === "global",
      writesTenant: id === "a-share",
      reads: id === "a-collect" ? ["a-all"] : [],
    }),
  ),
  observe: ["a-all", "a-collect"],
  observeFrom: "config",
  ...overrides,
});
const options = (overrides: object = {}) => ({
  profile: profile(),
  timeoutMs: 2_000,
  maxPasses: 3,
  pollIntervalsMs: [1],
  ...overrides,
});

test("a pass starts every pipe in order once idle and sums what the logged runs changed", async () => {
  const node = new ScriptedNode({ changes: [2, 0, 1, 0] });
  const pass = await createSyncDriver("pump", node, options()).pass();
  expect(pass.runs.map((run) => [run.pipe, run.changes, run.logged])).toEqual([
    ["a-all", 2, true],
    ["a-collect", 0, false],
    ["global", 1, true],
    ["a-share", 0, false],
  ]);
  expect(pass.changes).toBe(3);
  expect(node.starts).toEqual(PIPES);
});

test("on a node that does not log no-op runs, a pass with nothing to do ends at once, not at the deadline", async () => {
  const node = new ScriptedNode();
  const pass = await createSyncDriver("pump", node, options({ timeoutMs: 60_000 })).pass();
  expect(pass.changes).toBe(0);
  expect(pass.runs.every((run) => !run.logged)).toBe(true);
  // Per pipe: one read to see it idle, one start, a read or two to see the run end.
  expect(node.stateReads.length).toBeLessThanOrEqual(PIPES.length * 3);
});

test("a pipe that logs every run: the driver waits for its entry even when the runtime moved on first", async () => {
  const node = new ScriptedNode({ logEveryRun: ["global"], logLag: 2, changes: [0, 0, 5, 0] });
  const pass = await createSyncDriver(
    "pump",
    node,
    options({
      profile: profile({ pipes: PIPES.map((id) => pipe(id, { logsEveryRun: id === "global" })) }),
    }),
  ).pass();
  expect(pass.runs.find((run) => run.pipe === "global")).toMatchObject({ changes: 5, logged: true });
});

test("a run under way when the pass began does not count: the driver waits for it to end, then starts its own", async () => {
  const node = new ScriptedNode({ ticks: 3, changes: [7, 0] });
  node.begin("a-all"); // started before the edit
  const driver = createSyncDriver("pump", node, options({ profile: profile({ pipes: [pipe("a-all")] }) }));
  const pass = await driver.pass();
  expect(node.starts).toEqual(["a-all"]);
  // Both runs ended after the mark, so both count towards what changed: never fewer changes than happened.
  expect(pass.runs[0]).toMatchObject({ pipe: "a-all", outcome: "completed" });
});

test("a run another pass starts and ends just after this pass saw the pump idle counts with what it changed", async () => {
  // Pipelined passes: between this pass's look at the idle pump and its start, another pass's run of the pipe
  // begins and ends (logged: it changed 4). Its entry must fall after this pass's mark.
  class RacingNode extends ScriptedNode {
    #raced = false;
    override async state(pipe: string): Promise<PumpState> {
      const seen = await super.state(pipe);
      if (!this.#raced) {
        this.#raced = true;
        this.begin(pipe);
        while ((await super.state(pipe)).running);
      }
      return seen;
    }
  }
  const node = new RacingNode({ changes: [4, 0] });
  const pass = await createSyncDriver("pump", node, options({ profile: profile({ pipes: [pipe("a-all")] }) })).pass();
  expect(pass.changes, "the other pass's run changed 4: a pass must never count fewer changes than happened").toBe(4);
});

test("a start whose answer was lost is asked again once the runtime shows no run began", async () => {
  const node = new ScriptedNode({ lostStarts: 1 });
  await createSyncDriver("pump", node, options({ profile: profile({ pipes: [pipe("a-all")] }) })).pass();
  expect(node.starts).toEqual(["a-all", "a-all"]);
});

test("settle stops at the first pass that writes nothing to a tenant, or after maxPasses", async () => {
  // Pass 1's share writes; pass 2 reads that write back (a change in a-all) and writes nothing: settled.
  const readBack = [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0];
  const quiet = createSyncDriver("pump", new ScriptedNode({ changes: [...readBack] }), options());
  expect((await quiet.settle()).length).toBe(2);
  // A node whose config does not show where a pipe writes: only a pass that changed nothing at all is settled.
  const unknown = profile();
  unknown.pipes[1] = { ...(unknown.pipes[1] as PipeProfile), writesTenant: null };
  const blind = createSyncDriver("pump", new ScriptedNode({ changes: [...readBack] }), options({ profile: unknown }));
  expect((await blind.settle()).length).toBe(3);
  const busy = createSyncDriver("pump", new ScriptedNode({ changes: Array(40).fill(1) }), options());
  expect((await busy.settle()).length).toBe(3);
  expect(busy.history).toHaveLength(3);
});

test("settle with the test's snapshot stops at the first pass that left the test's records as they were", async () => {
  // Every pass writes to a tenant (other tests' records on a shared node), so only the snapshot can settle.
  const busy = () => new ScriptedNode({ changes: Array(40).fill(1) });
  const states = ["after the edit", "written back", "written back", "written back"];
  const taken: number[] = [];
  const snapshot = (driver: { history: readonly unknown[] }) => async () => {
    taken.push(driver.history.length);
    return states[driver.history.length] ?? "?";
  };
  const driver = createSyncDriver("pump", busy(), options());
  // Pass 1 wrote to the test's records; pass 2 left them as pass 1 did: settled after 2, not maxPasses (3).
  expect((await driver.settle(snapshot(driver))).length).toBe(2);
  expect(taken, "one snapshot before the first pass is asked, then one after each pass").toEqual([0, 1, 2]);
  // Records that change with every pass never settle early.
  const restless = createSyncDriver("pump", busy(), options());
  expect((await restless.settle(async () => String(restless.history.length))).length).toBe(3);
});

test("a failed run ends the pass with the pipe and the node's reason; settle goes on, counting only completed passes", async () => {
  await expect(createSyncDriver("pump", new ScriptedNode({ fail: "global" }), options()).pass()).rejects.toThrow(
    "sync: pipe global run failed: tenant answered 500",
  );
  // Two failed passes, then every pass writes: maxPasses (3) completed passes after them.
  const busy = new ScriptedNode({ fail: "global", failRuns: 2, changes: Array(40).fill(1) });
  const passes = await createSyncDriver("pump", busy, options()).settle();
  expect(passes.map((pass) => pass.runs.at(-1)?.outcome)).toEqual([
    "failed",
    "failed",
    "completed",
    "completed",
    "completed",
  ]);
  // A node that completes no pass: a negative check has nothing to go by, so settle fails at the deadline.
  await expect(
    createSyncDriver("pump", new ScriptedNode({ fail: "global" }), options({ timeoutMs: 200 })).settle(),
  ).rejects.toThrow(
    /sync: no pass completed, and a check of what does not change needs one, within 200 ms \(\d+ failed; the last: sync: pipe global run failed: tenant answered 500\)/,
  );
});

test("the wait driver never starts a pipe, follows the node's own runs, and names the pipe at the deadline", async () => {
  const idle = new ScriptedNode();
  await expect(createSyncDriver("wait", idle, options({ timeoutMs: 50 })).pass()).rejects.toThrow(
    /sync: pipe a-all ran no scheduled run after the edit within 50 ms \(is-running false, last-run never/,
  );
  expect(idle.starts).toEqual([]);
  const scheduled = new ScriptedNode();
  const pending = createSyncDriver("wait", scheduled, options({ profile: profile({ pipes: [pipe("a-all")] }) })).pass();
  setTimeout(() => scheduled.begin("a-all"), 5);
  expect((await pending).runs).toHaveLength(1);
  expect(scheduled.starts).toEqual([]);
  await expect(createSyncDriver("wait", idle, options({ timeoutMs: 50 })).pass()).rejects.toThrow(SyncTimeoutError);
});

test("observe runs only the pipes the node's config shows reading the named datatype's tenant; without any it says so", async () => {
  const node = new ScriptedNode();
  const runs = await createSyncDriver("pump", node, options()).observe("a");
  expect(runs.map((run) => run.pipe)).toEqual(["a-all", "a-collect"]);
  // Another datatype's readers: only its own collect chain runs.
  const two = profile({
    pipes: [...profile().pipes, pipe("b-all", { readsTenant: true }), pipe("b-collect", { reads: ["b-all"] })],
    observe: ["a-all", "a-collect", "b-all", "b-collect"],
  });
  const started = node.starts.length;
  const b = await createSyncDriver("pump", node, options({ profile: two })).observe("b");
  expect(b.map((run) => run.pipe)).toEqual(["b-all", "b-collect"]);
  expect(node.starts.slice(started)).toEqual(["b-all", "b-collect"]);
  const none = createSyncDriver("pump", node, options({ profile: profile({ observe: [] }) }));
  expect(none.canObserve).toBe(false);
  await expect(none.observe("a")).rejects.toThrow(/no pipe is known to read the tenants.*SESAM_OBSERVE_PIPES/);
});

test("the scheduler driver waits out a busy runner, then follows its token to success (a settled pass)", async () => {
  const node = new ScriptedNode();
  node.busyRunAll = 2;
  node.runnerStatuses = ["running", "running", "success"];
  const pass = await createSyncDriver("scheduler", node, options()).pass();
  expect(node.runAllCalls).toHaveLength(3);
  expect(pass).toMatchObject({ runs: [], changes: 0, scheduler: { rounds: 2, info: "done" } });
  expect(node.starts).toEqual([]);
});

test("the scheduler driver reports a failed or vanished run as a failed pass with the node's reason", async () => {
  const failed = new ScriptedNode();
  failed.runnerStatuses = ["failed"];
  await expect(createSyncDriver("scheduler", failed, options()).pass()).rejects.toThrow(
    /the node's run-all-pipes run failed: failed: pipe global failed/,
  );
  const vanished = new ScriptedNode();
  vanished.runnerStatuses = ["not-running"];
  await expect(createSyncDriver("scheduler", vanished, options()).pass()).rejects.toThrow(SyncRunFailedError);
});

test("the scheduler driver observes through the pumps (run-all-pipes would run every pipe)", async () => {
  const node = new ScriptedNode();
  const runs = await createSyncDriver("scheduler", node, options()).observe("a");
  expect(runs.map((run) => run.pipe)).toEqual(["a-all", "a-collect"]);
  expect(node.runAllCalls).toHaveLength(0);
});

test("a quiet window reports the node's runs this run did not start: its own observing is not one of them", async () => {
  const node = new ScriptedNode();
  const driver = createSyncDriver("pump", node, options());
  const quiet = await driver.quietly(async () => {
    await driver.observe("a");
    return "edits made";
  });
  expect(quiet).toEqual({ value: "edits made", foreignRuns: [] });

  // Another shard's merge, still running when the window closes.
  const running = await driver.quietly(async () => {
    await driver.observe("a");
    node.begin("global");
  });
  expect(running.foreignRuns).toEqual(["global was running"]);
  await node.state("global");
  await node.state("global");

  // Another harness read a tenant after this run's observing, and that run ended within the window.
  const ended = await driver.quietly(async () => {
    await driver.observe("a");
    node.begin("a-all");
    await node.state("a-all");
    await node.state("a-all");
  });
  expect(ended.foreignRuns).toEqual([expect.stringMatching(/^a-all ran \(last-run t\d+ -> t\d+\)$/)]);

  // A run already going when the window is asked for is waited out: the window opens once the node is still.
  node.begin("a-share");
  const stilled = await driver.quietly(async () => {});
  expect(stilled.foreignRuns).toEqual([]);
  expect((await node.state("a-share")).running).toBe(false);
});

test("with the node's own schedule (wait driver) no run can be told apart: a quiet window reports none", async () => {
  const node = new ScriptedNode();
  const driver = createSyncDriver("wait", node, options());
  const window = await driver.quietly(async () => node.begin("global"));
  expect(window.foreignRuns).toEqual([]);
  expect(node.stateReads).toEqual([]);
});
