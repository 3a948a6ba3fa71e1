// Drives the sync through a Sesam node and knows when a pass is over, on any node that behaves as Sesam documents:
// - pump: each pipe of the pass, in order, is started once it is idle after the edit, and followed through its
//   pump's runtime until that run ends;
// - wait: nothing is started; each pipe's next scheduled run after the edit is followed the same way;
// - scheduler: the node's own run-all-pipes runs every pipe until a round changes nothing (as sesam-py settles a
//   node), never with its data-deleting defaults.
// What a run changed comes from its execution-log entry; a run the node did not log changed nothing.
import { setTimeout as delay } from "node:timers/promises";
import { SyncRunFailedError, SyncTimeoutError } from "./errors.ts";
import type { NodeAccess, PumpState } from "./node-access.ts";
import { observePipesFor, tenantWriters, type NodeProfile, type PipeProfile } from "./node-profile.ts";
import { awaitRun, pauseFor } from "./pipe-runs.ts";
import type { PipeRun, QuietWindow, SyncDriver, SyncDriverKind, SyncPass } from "./types.ts";
import { NO_SHARING } from "./pass-board.ts";
import type { PassSharing, RunTook } from "./pass-board.ts";
import { NO_LOCK } from "./worker-lock.ts";
import type { PassLock } from "./worker-lock.ts";

export interface DriverOptions {
  profile: NodeProfile;
  /** Deadline for one pass. */
  timeoutMs: number;
  maxPasses: number;
  /** Poll back-off, ms; the last value repeats. Short first: an embedded run takes milliseconds. */
  pollIntervalsMs?: readonly number[];
  /** Coordinates the passes of parallel workers (none by default). */
  lock?: PassLock;
  /** Shares passes between the workers: one that started after a test asked serves it (none by default). */
  sharing?: PassSharing;
  /** How long each pipe's runs have taken, kept across the tests of a worker (see `RunWait.typicalMs`). */
  runTimes?: Map<string, number>;
  /**
   * What the runs of passes this worker joined took (another worker ran them), for estimates of a pass only: kept
   * apart from `runTimes`, so the looks at a run this worker starts follow its own measures, as they always did.
   */
  joinedRunTimes?: Map<string, number>;
}

const DEFAULT_POLL_MS = [5, 10, 20, 40, 80, 100];

export function createSyncDriver(kind: SyncDriverKind, node: NodeAccess, options: DriverOptions): SyncDriver {
  const history: SyncPass[] = [];
  const polls = options.pollIntervalsMs ?? DEFAULT_POLL_MS;
  const lock = options.lock ?? NO_LOCK;
  const sharing = options.sharing ?? NO_SHARING;
  const runTimes = options.runTimes ?? new Map<string, number>();
  const joinedRunTimes = options.joinedRunTimes ?? new Map<string, number>();
  const { profile } = options;
  const profiles = new Map(profile.pipes.map((pipe) => [pipe.id, pipe]));
  const profileOf = (id: string): PipeProfile => {
    const found = profiles.get(id);
    if (found) return found;
    // An observe pipe named only in SESAM_OBSERVE_PIPES: Sesam's defaults (no-op runs unlogged).
    return {
      id,
      source: null,
      readsTenant: null,
      merges: false,
      reads: [],
      merged: [],
      writes: null,
      writesTenant: null,
      logsEveryRun: false,
      noopDecidedBy: "sink",
      granularitySeconds: null,
    };
  };

  /**
   * Runs the pipes one after another, each once the previous one's run ended; `starting()` once the first pipe is
   * ready for the pass's run (every run of the pass starts after that), `ran(done, of)` as each run ends.
   */
  async function runInOrder(
    pipes: readonly string[],
    start: boolean,
    starting = () => {},
    ran = (_done: number, _of: number, _took?: RunTook) => {},
  ): Promise<PipeRun[]> {
    const deadline = Date.now() + options.timeoutMs;
    const runs: PipeRun[] = [];
    for (const [index, pipe] of pipes.entries()) {
      const typicalMs = runTimes.get(pipe);
      let took: RunTook | undefined;
      const run = await awaitRun(node, profileOf(pipe), {
        start,
        deadline,
        timeoutMs: options.timeoutMs,
        polls,
        ...(index === 0 ? { ready: starting } : {}),
        ...(start && typicalMs !== undefined ? { typicalMs } : {}),
        tookMs: (ms) => {
          took = { pipe, ms };
          // A slow run (a tenant that retried) raises the typical time at most to twice what it was, so one such
          // run does not make every later look late.
          runTimes.set(pipe, Math.min(ms, 2 * (typicalMs ?? ms)));
        },
      });
      if (run.outcome === "failed") throw new SyncRunFailedError(run);
      runs.push(run);
      ran(runs.length, pipes.length, took);
    }
    return runs;
  }

  async function pipePass(
    starting: () => void,
    ran: (done: number, of: number, took?: RunTook) => void,
  ): Promise<SyncPass> {
    const started = Date.now();
    const runs = await runInOrder(
      profile.pipes.map((pipe) => pipe.id),
      kind === "pump",
      starting,
      ran,
    );
    const changes = runs.some((run) => run.changes === null)
      ? null
      : runs.reduce((sum, run) => sum + (run.changes ?? 0), 0);
    return { runs, changes, durationMs: Date.now() - started };
  }

  async function schedulerPass(starting: () => void): Promise<SyncPass> {
    const started = Date.now();
    // Whichever attempt the node accepts, its runs start after this.
    starting();
    const deadline = started + options.timeoutMs;
    const runAll = {
      extraZeroRuns: 1,
      maxRuns: Math.max(3, options.maxPasses * 2),
      maxRunTimeSeconds: Math.max(1, Math.ceil(options.timeoutMs / 1000)),
      checkInputPipes: false,
    };
    let token: string | undefined;
    // The node runs one run-all at a time: another worker's may have started before this edit, so wait it out.
    for (let poll = 0; token === undefined; poll++) {
      const answer = await node.runAll(runAll);
      if (answer !== "busy") token = answer.token;
      else if (Date.now() >= deadline)
        throw new SyncTimeoutError("the node's run-all-pipes stayed busy", options.timeoutMs, "409 on every start");
      else await pauseFor(polls, poll);
    }
    for (let poll = 0; ; poll++) {
      const status = await node.runnerStatus(token);
      if (status.status === "success") {
        return {
          runs: [],
          changes: 0,
          durationMs: Date.now() - started,
          scheduler: { rounds: status.rounds, info: status.info },
        };
      }
      if (status.status === "failed" || status.status === "not-running") {
        throw new SyncRunFailedError({
          pipe: "run-all-pipes",
          outcome: "failed",
          changes: null,
          logged: false,
          reason: `${status.status}: ${status.info ?? "no reason given"}`,
        });
      }
      if (Date.now() >= deadline) {
        throw new SyncTimeoutError(
          `the node's run-all-pipes (token ${token}) did not finish`,
          options.timeoutMs,
          `status ${status.status}`,
        );
      }
      await pauseFor(polls, poll);
    }
  }

  // The pass is asked for now (after the test's edits); any pass that begins later serves, whoever runs it.
  const pass = async (): Promise<SyncPass> => {
    const askedAt = Date.now();
    const result = await lock.shared(() =>
      // A scheduler pass says nothing of its progress (the node runs one run-all at a time): the next one waits for it.
      sharing.passAfter(
        askedAt,
        (starting, ran) => (kind === "scheduler" ? schedulerPass(starting) : pipePass(starting, ran)),
        (took) => joinedRunTimes.set(took.pipe, took.ms),
      ),
    );
    history.push(result);
    return result;
  };

  // Settled: the pass wrote nothing to a tenant. Its tenant reads came after every earlier write (it began once the
  // pass before it ended), so the next pass would read what it read and decide as it did; what the other pipes
  // changed (the node reading back the last pass's writes) changes nothing more. Where the config does not show
  // which pipes write to a tenant, only a pass that changed nothing at all is settled.
  const writers = tenantWriters(profile);
  const settledBy = (result: SyncPass): boolean =>
    writers === null || result.runs.length === 0
      ? result.changes === 0
      : result.runs.every((run) => !writers.has(run.pipe) || run.changes === 0);

  // A failed pass shows nothing of what the sync does: only completed passes count towards `maxPasses`, and a node
  // that completes none within the deadline fails the check that asked, which would otherwise pass on no evidence.
  async function settle(snapshot?: () => Promise<string>): Promise<SyncPass[]> {
    const passes: SyncPass[] = [];
    const deadline = Date.now() + options.timeoutMs;
    let completed = 0;
    // Taken before each pass is asked, so the pass's reads come after it.
    let before = await snapshot?.();
    while (completed < options.maxPasses) {
      try {
        const result = await pass();
        passes.push(result);
        completed++;
        if (settledBy(result)) break;
        if (snapshot) {
          const after = await snapshot();
          if (after === before) break;
          before = after;
        }
      } catch (error) {
        // A failed run still ends a pass: the node retries on its next run, which the next pass waits for.
        if (!(error instanceof SyncRunFailedError)) throw error;
        passes.push({ runs: [error.run], changes: null, durationMs: 0 });
        if (Date.now() < deadline) continue;
        if (completed > 0) break;
        throw new SyncTimeoutError(
          "no pass completed, and a check of what does not change needs one,",
          options.timeoutMs,
          `${passes.length} failed; the last: ${error.message}`,
        );
      }
    }
    return passes;
  }

  // A quiet window open in this worker: the observe pipes' runtimes once this run's own observing ended.
  type QuietWindowState = { observed: Map<string, PumpState> | null };
  let openWindow: QuietWindowState | null = null;
  const watched = [...new Set([...profile.pipes.map((pipe) => pipe.id), ...profile.observe])];
  const runtimes = async (pipes: readonly string[]): Promise<Map<string, PumpState>> =>
    new Map(await Promise.all(pipes.map(async (pipe) => [pipe, await node.state(pipe)] as const)));

  const observe = (name: string): Promise<PipeRun[]> =>
    lock.shared(async () => {
      if (profile.observe.length === 0) {
        throw new Error(
          "sync: no pipe is known to read the tenants (the node's config does not show it; set SESAM_OBSERVE_PIPES)",
        );
      }
      // The scheduler runs every pipe; observing runs only these, through their pumps.
      const pipes = observePipesFor(profile, name);
      const runs = await runInOrder(pipes, kind !== "wait");
      if (openWindow) openWindow.observed = await runtimes(pipes);
      return runs;
    });

  // Another shard or harness syncs in bursts: the window opens in a lull, once no pipe has run or been running for
  // as long as the slowest pipe's run takes here (100 ms at least), or after one pass's deadline at most.
  async function lull(): Promise<Map<string, PumpState>> {
    const spell = Math.max(100, ...watched.map((pipe) => runTimes.get(pipe) ?? 0));
    const deadline = Date.now() + options.timeoutMs;
    let seen = await runtimes(watched);
    while (Date.now() < deadline) {
      await delay(spell);
      const now = await runtimes(watched);
      if (foreignRuns(watched, seen, null, now).length === 0) return now;
      seen = now;
    }
    return seen;
  }

  // Every pass of this run waits for the lock, so any run that begins or ends in the window is someone else's,
  // but for the observe pipes this run started (compared from when its observing ended). The pump's runtime shows
  // every run, logged or not.
  async function quietly<T>(work: () => Promise<T>): Promise<QuietWindow<T>> {
    return lock.exclusive(async () => {
      if (kind === "wait") return { value: await work(), foreignRuns: [] };
      const before = await lull();
      const opened: QuietWindowState = { observed: null };
      openWindow = opened;
      let value: T;
      try {
        value = await work();
      } finally {
        openWindow = null;
      }
      const after = await runtimes(watched);
      return { value, foreignRuns: foreignRuns(watched, before, opened.observed, after) };
    });
  }

  return {
    kind,
    pass,
    settle,
    observe,
    quietly,
    canObserve: profile.observe.length > 0,
    history,
    profile,
  };
}

/**
 * The runs in a quiet window that were not this run's, one line each: a pipe running when the window opened or
 * closed, or whose last run changed in it (for an observe pipe this run ran, only after its observing ended).
 */
export function foreignRuns(
  pipes: readonly string[],
  before: ReadonlyMap<string, PumpState>,
  observed: ReadonlyMap<string, PumpState> | null,
  after: ReadonlyMap<string, PumpState>,
): string[] {
  const found: string[] = [];
  for (const pipe of pipes) {
    const first = before.get(pipe);
    const base = observed?.get(pipe) ?? first;
    const last = after.get(pipe);
    if (!first || !base || !last) continue;
    if (first.running || base.running || last.running) found.push(`${pipe} was running`);
    else if (last.lastRun !== base.lastRun)
      found.push(`${pipe} ran (last-run ${base.lastRun ?? "never"} -> ${last.lastRun ?? "never"})`);
  }
  return found;
}
