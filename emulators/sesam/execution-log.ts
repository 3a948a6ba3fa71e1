import { Dataset } from "./dataset.ts";

// The pump execution dataset `system:pump_execution:<pipe>` as Sesam documents it: each run writes a
// "pump-started" entity, then "pump-completed" or "pump-failed" (fixed `_id`s, so without history only the
// latest of each is visible). Sesam warns the shape may change; every field the emulator writes is listed here.

export const executionDatasetId = (pipe: string): string => `system:pump_execution:${pipe}`;

export type SyncType = "full" | "incremental";

/** What a run did, beyond Sesam's counters; written as the entity's `metrics`. */
export type RunMetrics = Record<string, number>;

export interface RunStart {
  startTime: Date;
  syncType: SyncType;
  /** The `_updated` of the pump-started entity: Sesam's `pump_started_location`. */
  location: number;
}

export interface RunOutcome {
  endTime: Date;
  succeeded: number;
  failed: number;
  metrics: RunMetrics;
}

export class ExecutionLog {
  readonly dataset: Dataset;

  constructor(readonly pipe: string) {
    this.dataset = new Dataset(executionDatasetId(pipe));
  }

  started(startTime: Date, syncType: SyncType, user: { user_id: string } | null): RunStart {
    const entity = this.dataset.put("pump-started", {
      event_type: "pump-started",
      pipe: this.pipe,
      pump_definition: `pump:${this.pipe}`,
      sync_type: syncType,
      start_time: startTime.toISOString(),
      ...(user ? { user } : {}),
    });
    // A pump-started entity always differs from the last (its start time moves on), so put() never returns null.
    return { startTime, syncType, location: entity?._updated ?? -1 };
  }

  completed(run: RunStart, outcome: RunOutcome): void {
    this.dataset.put("pump-completed", {
      event_type: "pump-completed",
      ...this.#common(run, outcome),
      retry_entities_exist: false,
    });
  }

  failed(run: RunStart, outcome: RunOutcome, reason: string): void {
    this.dataset.put("pump-failed", {
      event_type: "pump-failed",
      ...this.#common(run, outcome),
      retry_entities_exist: false,
      reason_why_stopped: reason,
      original_error_message: reason,
      traceback: reason,
    });
  }

  #common(run: RunStart, outcome: RunOutcome): Record<string, unknown> {
    return {
      pipe: this.pipe,
      pump_definition: `pump:${this.pipe}`,
      sync_type: run.syncType,
      start_time: run.startTime.toISOString(),
      end_time: outcome.endTime.toISOString(),
      // Seconds, as a number (Sesam's table calls it a string of seconds; a client should accept both).
      total_time: (outcome.endTime.getTime() - run.startTime.getTime()) / 1000,
      pump_started_location: run.location,
      entities_succeeded: outcome.succeeded,
      entities_failed: outcome.failed,
      metrics: outcome.metrics,
    };
  }

  clear(): void {
    this.dataset.clear();
  }
}
