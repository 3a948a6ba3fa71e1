// A pipe's pump: runs happen only when started (through the API, the internal scheduler or the optional schedule).
// The work runs asynchronously; its outcome goes to the execution log as the pump settings decide (a no-op run is
// not logged by default, errors always are) and to the pump's runtime, which a real node shows for every run.
import { setTimeout as delay } from "node:timers/promises";
import { ExecutionLog, type SyncType } from "./execution-log.ts";
import { isLogged, type ResolvedPumpSettings } from "./pump-settings.ts";

/** What one run of a pipe did, as a Sesam node counts it (the pump decides from it what to log). */
export interface RunReport {
  /** Entities the source produced this run (metrics `entities.entities_last_run`). */
  processed: number;
  /** Entities the sink changed: dataset versions written, or tenant records written (`entities.changes_last_run`). */
  changed: number;
  /** Entities written to the sink, changed or not (`entities_succeeded`). */
  succeeded: number;
  /** Entities the sink could not write (a tenant refused them); the run still completes. */
  failed: number;
  syncType: SyncType;
  /** Pipe-specific counters. */
  metrics: Record<string, number>;
}

export type RunWork = (signal: AbortSignal) => Promise<RunReport>;

/** One run at a time across the node: pipes share the sync's state, so their work never interleaves. */
export class WorkQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work, work);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Times as a node writes them: ISO 8601 with microseconds, strictly increasing within the node, so two runs never
 * share a `last-run` (a client tells runs apart by it).
 */
export class NodeClock {
  #last = 0;

  now(): { date: Date; iso: string } {
    const micros = Math.max(Date.now() * 1000, this.#last + 1);
    this.#last = micros;
    const date = new Date(Math.floor(micros / 1000));
    const iso = `${date.toISOString().slice(0, 19)}.${String(micros % 1_000_000).padStart(6, "0")}Z`;
    return { date, iso };
  }
}

export interface PumpDeps {
  work: RunWork;
  queue: WorkQueue;
  clock: NodeClock;
  syncType: () => SyncType;
  settings: () => ResolvedPumpSettings;
  /** The least time a run takes (a real node's runs take seconds; the sandbox's take milliseconds by default). */
  runDurationMs: () => number;
}

interface CurrentRun {
  controller: AbortController;
  done: Promise<void>;
}

interface LastRun {
  endIso: string;
  message: string;
  error: string | null;
  processed: number;
}

export interface PumpCounters {
  runs: number;
  /** Runs that changed nothing (as sesam-py's zero runs count them), logged or not. */
  zeroChangeRuns: number;
  failedRuns: number;
  /** Runs the execution log holds. */
  loggedRuns: number;
}

export class Pump {
  readonly log: ExecutionLog;
  disabled = false;
  counters: PumpCounters = { runs: 0, zeroChangeRuns: 0, failedRuns: 0, loggedRuns: 0 };
  /** How the last run ended (the internal scheduler counts changes from it). */
  lastOutcome: { failed: boolean; changed: number; reason: string | null } | null = null;
  #current: CurrentRun | null = null;
  #last: LastRun | null = null;
  /** Bumped by reset: a run of an earlier generation finishes without touching the new state. */
  #generation = 0;

  constructor(
    readonly id: string,
    private readonly deps: PumpDeps,
  ) {
    this.log = new ExecutionLog(id);
  }

  get running(): boolean {
    return this.#current !== null;
  }

  /** Starts a run; false when one is already running (no second run is started). */
  start(user: { user_id: string } | null): boolean {
    if (this.#current) return false;
    const controller = new AbortController();
    const generation = this.#generation;
    const started = this.deps.clock.now();
    const settings = this.deps.settings().effective;
    const entry = this.log.begin(
      { startTime: started.date, syncType: this.deps.syncType(), user },
      settings.log_events_noop_runs,
    );
    const minimum = this.deps.runDurationMs();
    const run = async (): Promise<RunReport> => {
      const report = await this.deps.queue.run(() => {
        controller.signal.throwIfAborted();
        return this.deps.work(controller.signal);
      });
      const left = minimum - (Date.now() - started.date.getTime());
      if (left > 0) await delay(left, undefined, { signal: controller.signal });
      return report;
    };
    const done = run().then(
      (report) => {
        if (generation !== this.#generation) return;
        const ended = this.deps.clock.now();
        const logged = isLogged(settings, report, ended.date.getTime(), this.log.lastLoggedCompletionMs);
        entry.complete(outcomeOf(ended.date, report), logged);
        this.#finish({ endIso: ended.iso, message: "", error: null, processed: report.processed }, report, logged);
      },
      (error: unknown) => {
        if (generation !== this.#generation) return;
        const ended = this.deps.clock.now();
        const reason = controller.signal.aborted ? "The pump was stopped" : describe(error);
        entry.fail(outcomeOf(ended.date, null), reason);
        this.#finish({ endIso: ended.iso, message: reason, error: reason, processed: 0 }, null, true);
      },
    );
    this.#current = { controller, done };
    return true;
  }

  // The log is written before the runtime says the run is over: a client that sees `is-running: false` and a new
  // `last-run` finds the run's entries already there.
  #finish(last: LastRun, report: RunReport | null, logged: boolean): void {
    this.counters.runs++;
    if (report === null) this.counters.failedRuns++;
    else if (report.changed === 0) this.counters.zeroChangeRuns++;
    if (logged) this.counters.loggedRuns++;
    this.lastOutcome = { failed: report === null, changed: report?.changed ?? 0, reason: last.error };
    this.#last = last;
    this.#current = null;
  }

  /** Asks a running run to stop; it ends as failed at its next tenant call or step. */
  stop(): void {
    this.#current?.controller.abort(new Error("The pump was stopped"));
  }

  /** Resolves when no run is going on. */
  async idle(): Promise<void> {
    await this.#current?.done;
  }

  reset(): void {
    this.stop();
    this.#generation++;
    this.#current = null;
    this.#last = null;
    this.lastOutcome = null;
    this.disabled = false;
    this.counters = { runs: 0, zeroChangeRuns: 0, failedRuns: 0, loggedRuns: 0 };
    this.log.clear();
  }

  /**
   * The runtime a node reports for a pump (sesamclient's Pump reads these keys). `last-run` changes with every run,
   * logged or not; nothing here says whether a run changed anything (that is the log's and its metrics' to say).
   */
  runtime(nextRun: Date | null): Record<string, unknown> {
    const last = this.#last;
    return {
      "is-running": this.running,
      "is-disabled": this.disabled,
      "is-valid-config": true,
      "config-errors": [],
      "supported-operations": ["enable", "disable", "start", "stop"],
      "last-run": last?.endIso ?? null,
      "next-run": nextRun && !this.disabled ? nextRun.toISOString() : null,
      "last-message": last?.message ?? "",
      "last-original-error-message": last?.error ?? null,
      "last-seen": null,
      progress: { processed: last?.processed ?? 0 },
      queues: { source: 0, dependencies: {} },
    };
  }
}

function outcomeOf(endTime: Date, report: RunReport | null) {
  return {
    endTime,
    succeeded: report?.succeeded ?? 0,
    failed: report?.failed ?? 0,
    processed: report?.processed ?? 0,
    changed: report?.changed ?? 0,
    detail: report?.metrics ?? {},
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
