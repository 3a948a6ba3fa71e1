import { Dataset } from "./dataset.ts";

// The pump execution dataset `system:pump_execution:<pipe>` as Sesam documents it
// (hub/documentation/operations/pump-execution.rst): a logged run writes a "pump-started" entity, then
// "pump-completed" or "pump-failed" (fixed `_id`s, so without history only the latest of each is visible). Sesam
// warns the shape may change; every field the emulator writes is listed here.
//
// Which runs are logged is the pump settings' decision (pump-settings.ts). The docs say "pump-started" is written
// "when the pump has started, but before any other processing", and also that a no-op run is "never logged"; a
// node can only honour both by holding the start back until it knows the run is not a no-op. So: a pipe that logs
// every run writes "pump-started" at once; a pipe that may skip no-op runs writes it when the run ends, and only
// when the run is logged. A client must therefore not order runs by where "pump-started" sits in the log.

export const executionDatasetId = (pipe: string): string => `system:pump_execution:${pipe}`;

export type SyncType = "full" | "incremental";

export interface RunOutcome {
  endTime: Date;
  /** entities_succeeded: what the sink accepted, changed or not. */
  succeeded: number;
  failed: number;
  /** Source entities seen (`entities.entities_last_run`). */
  processed: number;
  /** Sink changes (`entities.changes_last_run`). */
  changed: number;
  /** Counters of the emulator's own, kept apart from Sesam's under `metrics["talk-qa"]`. */
  detail: Record<string, number>;
}

export interface LoggedRun {
  /** Writes the run's end (and its held-back start) when `logged`; a failure is always written. */
  complete(outcome: RunOutcome, logged: boolean): void;
  fail(outcome: RunOutcome, reason: string): void;
}

interface RunStart {
  startTime: Date;
  syncType: SyncType;
  user: { user_id: string } | null;
}

export class ExecutionLog {
  readonly dataset: Dataset;
  /** When the last logged pump-completed was written (notification_granularity counts from it). */
  lastLoggedCompletionMs: number | null = null;

  constructor(readonly pipe: string) {
    this.dataset = new Dataset(executionDatasetId(pipe));
  }

  /** Starts a run's entry; `immediately`: write pump-started now (the pipe logs every run). */
  begin(start: RunStart, immediately: boolean): LoggedRun {
    let location: number | null = immediately ? this.#started(start) : null;
    const startLocation = () => (location ??= this.#started(start));
    return {
      complete: (outcome, logged) => {
        if (!logged) return;
        const at = startLocation();
        this.dataset.put("pump-completed", {
          event_type: "pump-completed",
          ...this.#common(start, at, outcome),
          retry_entities_exist: false,
        });
        this.lastLoggedCompletionMs = outcome.endTime.getTime();
      },
      fail: (outcome, reason) => {
        const at = startLocation();
        this.dataset.put("pump-failed", {
          event_type: "pump-failed",
          ...this.#common(start, at, outcome),
          retry_entities_exist: false,
          reason_why_stopped: reason,
          original_error_message: reason,
          traceback: reason,
        });
      },
    };
  }

  #started(start: RunStart): number {
    const entity = this.dataset.put("pump-started", {
      event_type: "pump-started",
      pipe: this.pipe,
      pump_definition: `pump:${this.pipe}`,
      sync_type: start.syncType,
      start_time: start.startTime.toISOString(),
      ...(start.user ? { user: start.user } : {}),
    });
    // A start time always differs from the last one's, so put() never returns null here.
    return entity?._updated ?? -1;
  }

  #common(start: RunStart, location: number, outcome: RunOutcome): Record<string, unknown> {
    const seconds = (outcome.endTime.getTime() - start.startTime.getTime()) / 1000;
    return {
      pipe: this.pipe,
      pump_definition: `pump:${this.pipe}`,
      sync_type: start.syncType,
      start_time: start.startTime.toISOString(),
      end_time: outcome.endTime.toISOString(),
      // Documented as a string of seconds.
      total_time: seconds.toFixed(3),
      pump_started_location: location,
      entities_succeeded: outcome.succeeded,
      entities_failed: outcome.failed,
      metrics: {
        entities: {
          changes_last_run: outcome.changed,
          entities_last_run: outcome.processed,
          read_errors_last_run: 0,
          write_errors_last_run: outcome.failed,
        },
        "talk-qa": outcome.detail,
      },
    };
  }

  clear(): void {
    this.dataset.clear();
    this.lastLoggedCompletionMs = null;
  }
}
