import { setTimeout as delay } from "node:timers/promises";
import { SyncRunFailedError, SyncTimeoutError } from "./errors.ts";
import type { PipeRun, PipeRunner, SyncDriver, SyncPass } from "./types.ts";
import { NO_LOCK } from "./worker-lock.ts";
import type { PassLock } from "./worker-lock.ts";

export interface DriverOptions {
  pipes: readonly string[];
  /** Deadline for each pipe to finish a run that started after the pass began. */
  timeoutMs: number;
  maxPasses: number;
  /** Poll back-off, ms; the last value repeats. Short first: an embedded run takes milliseconds. */
  pollIntervalsMs?: readonly number[];
  /** Coordinates the passes of parallel workers (none by default). */
  lock?: PassLock;
}

const DEFAULT_POLL_MS = [5, 10, 20, 40, 80, 100];

/**
 * Drives the sync through a Sesam node. `pump` starts each pipe and waits for its run; `wait` never starts a
 * pipe and waits for the node's own schedule. Either way only a run whose pump-started entity comes after the
 * pass began counts: with parallel workers a run already under way may have read the tenants before the edit.
 */
export function createSyncDriver(kind: "pump" | "wait", runner: PipeRunner, options: DriverOptions): SyncDriver {
  const history: SyncPass[] = [];
  const polls = options.pollIntervalsMs ?? DEFAULT_POLL_MS;
  const lock = options.lock ?? NO_LOCK;

  async function runPipe(pipe: string, mark: number, deadline: number): Promise<PipeRun> {
    let lastSeen = "no run started yet";
    let runs: PipeRun[] = [];
    for (let poll = 0; ; poll++) {
      // Starting a pipe that is already running does not start a second run, so asking again while none of
      // ours has started is harmless: it is how a run under way at the mark gets followed by one of ours.
      if (kind === "pump" && runs.length === 0 && poll % 3 === 0) {
        await runner.start(pipe);
        // A run takes a moment: asking at once would almost always find it still going.
        await delay(polls[0] ?? 0);
      }
      runs = await runner.runsSince(pipe, mark);
      const finished = runs.find((run) => run.outcome !== "running");
      if (finished?.outcome === "failed") throw new SyncRunFailedError(finished);
      if (finished) return finished;
      if (runs.length > 0) lastSeen = `a run started at sequence ${runs[0]?.startedSeq} is still running`;
      if (Date.now() >= deadline) throw new SyncTimeoutError(pipe, options.timeoutMs, lastSeen);
      await delay(polls[Math.min(poll, polls.length - 1)]);
    }
  }

  const marksOf = async (pipes: readonly string[]) =>
    new Map(await Promise.all(pipes.map(async (pipe) => [pipe, (await runner.lastSequence(pipe)) ?? -1] as const)));

  /** Runs the pipes one after another; every mark is taken first (after the test's edit): any run that starts later counts. */
  async function runInOrder(pipes: readonly string[]): Promise<PipeRun[]> {
    const deadline = Date.now() + options.timeoutMs;
    const marks = await marksOf(pipes);
    const runs: PipeRun[] = [];
    for (const pipe of pipes) runs.push(await runPipe(pipe, marks.get(pipe) ?? -1, deadline));
    return runs;
  }

  const pass = (): Promise<SyncPass> =>
    lock.shared(async () => {
      const started = Date.now();
      const runs = await runInOrder(options.pipes);
      const changes = runs.every((run) => run.changes !== null)
        ? runs.reduce((sum, run) => sum + (run.changes ?? 0), 0)
        : null;
      const result = { runs, changes, durationMs: Date.now() - started };
      history.push(result);
      return result;
    });

  async function settle(): Promise<SyncPass[]> {
    const passes: SyncPass[] = [];
    while (passes.length < options.maxPasses) {
      try {
        const result = await pass();
        passes.push(result);
        if (result.changes === 0) break;
      } catch (error) {
        // A failed run still ends a pass: the node retries on its next run, which the next pass waits for.
        if (!(error instanceof SyncRunFailedError)) throw error;
        passes.push({ runs: [error.run], changes: null, durationMs: 0 });
      }
    }
    return passes;
  }

  const collectPipes = options.pipes.filter((pipe) => /-collect$/.test(pipe));

  const observe = (): Promise<PipeRun[]> =>
    lock.shared(async () => {
      if (collectPipes.length === 0) throw new Error(`sync: SESAM_PIPES names no *-collect pipe to observe with`);
      return runInOrder(collectPipes);
    });

  return {
    kind,
    pass,
    settle,
    observe,
    quietly: lock.exclusive.bind(lock),
    canObserve: collectPipes.length > 0,
    history,
  };
}
