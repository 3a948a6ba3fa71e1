// A pipe's pump: runs happen only when started (through the API or the optional schedule). A start writes
// "pump-started" before answering, the work runs asynchronously, and the run ends with "pump-completed" or
// "pump-failed" (a stopped run, or a tenant that keeps failing, is a failure with its reason: never a hang).
import type { RunResult } from "./sync/context.ts";
import { ExecutionLog, type SyncType } from "./execution-log.ts";
import type { PipeSpec } from "./sync/plan.ts";

export type RunWork = (pipe: PipeSpec, signal: AbortSignal) => Promise<RunResult>;

/** One run at a time across the node: pipes share the sync's state, so their work never interleaves. */
export class WorkQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work, work);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

interface CurrentRun {
  controller: AbortController;
  startTime: Date;
  done: Promise<void>;
}

interface LastRun {
  startTime: Date;
  endTime: Date;
  success: boolean;
  message: string;
  error: string | null;
  succeeded: number;
}

export class Pump {
  readonly log: ExecutionLog;
  disabled = false;
  runs = 0;
  zeroChangeRuns = 0;
  failedRuns = 0;
  #current: CurrentRun | null = null;
  #last: LastRun | null = null;
  /** Bumped by reset: a run of an earlier generation finishes without touching the new log. */
  #generation = 0;

  constructor(
    readonly spec: PipeSpec,
    private readonly work: RunWork,
    private readonly queue: WorkQueue,
    private readonly syncType: () => SyncType,
  ) {
    this.log = new ExecutionLog(spec.id);
  }

  get running(): boolean {
    return this.#current !== null;
  }

  /** Starts a run; false when one is already running (no second run is started). */
  start(user: { user_id: string } | null): boolean {
    if (this.#current) return false;
    const controller = new AbortController();
    const startTime = new Date();
    const generation = this.#generation;
    const run = this.log.started(startTime, this.syncType(), user);
    const done = this.queue
      .run(() => {
        controller.signal.throwIfAborted();
        return this.work(this.spec, controller.signal);
      })
      .then(
        (result) => {
          if (generation !== this.#generation) return;
          const endTime = new Date();
          // Until the node logs as Sesam does (the lead's pump): the harness reads entities_succeeded as the
          // run's changes, so it carries `changed`; the RunResult's own counts go into the metrics.
          this.log.completed(run, {
            endTime,
            succeeded: result.changed,
            failed: result.failed,
            metrics: { ...result.metrics, processed: result.processed, succeeded: result.succeeded },
          });
          this.runs++;
          if (result.changed === 0) this.zeroChangeRuns++;
          this.#last = { startTime, endTime, success: true, message: "", error: null, succeeded: result.changed };
          this.#current = null;
        },
        (error: unknown) => {
          if (generation !== this.#generation) return;
          const endTime = new Date();
          const reason = controller.signal.aborted ? "The pump was stopped" : describe(error);
          this.log.failed(run, { endTime, succeeded: 0, failed: 0, metrics: {} }, reason);
          this.runs++;
          this.failedRuns++;
          this.#last = { startTime, endTime, success: false, message: reason, error: reason, succeeded: 0 };
          this.#current = null;
        },
      );
    this.#current = { controller, startTime, done };
    return true;
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
    this.disabled = false;
    this.runs = 0;
    this.zeroChangeRuns = 0;
    this.failedRuns = 0;
    this.log.clear();
  }

  runtime(nextRun: Date | null): Record<string, unknown> {
    const last = this.#last;
    return {
      "is-running": this.running,
      "is-disabled": this.disabled,
      "is-valid-config": true,
      "config-errors": [],
      "supported-operations": ["enable", "disable", "start", "stop"],
      "current-run-start": this.#current ? this.#current.startTime.toISOString() : null,
      "last-run": last ? last.endTime.toISOString() : null,
      "last-started": last ? last.startTime.toISOString() : null,
      "next-run": nextRun && !this.disabled ? nextRun.toISOString() : null,
      success: last ? last.success : null,
      "last-message": last?.message ?? "",
      "last-original-error-message": last?.error ?? null,
      "last-seen": null,
      progress: { processed: last?.succeeded ?? 0 },
      queues: { source: 0, dependencies: 0 },
    };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
