// The node's internal scheduler, as sesam-py's `sesam test` / `sesam run` use it (sesam.py:
// run_internal_scheduler, get_internal_scheduler_status): run every pipe until enough rounds change nothing.
// Its defaults DELETE DATA (`delete_input_datasets`, `reset_pipes_and_delete_sink_datasets`); this client always
// sends both as false and offers no way to send anything else.
import type { ApiClient, CallOptions } from "../http/api-client.ts";
import { ApiError } from "../http/errors.ts";
import { jsonResponse } from "../http/response.ts";
import { sesam } from "./paths.ts";
import { RunnerStateSchema, type RunnerState } from "./schemas.ts";

export interface RunAllOptions {
  /** Rounds in a row that must change nothing before the run ends. */
  extraZeroRuns: number;
  maxRuns: number;
  maxRunTimeSeconds: number;
  /** Whether a failing input pipe fails the run (sesam-py's `-scheduler-check-input-pipes`). */
  checkInputPipes: boolean;
}

/** The parameters sent with every run: asynchronous, and never the data-deleting defaults. */
export function runAllQuery(options: RunAllOptions): Record<string, string | number | boolean> {
  return {
    extra_zero_runs: options.extraZeroRuns,
    max_runs: options.maxRuns,
    max_run_time: options.maxRunTimeSeconds,
    check_input_pipes: options.checkInputPipes,
    request_mode: "async",
    delete_input_datasets: false,
    reset_pipes_and_delete_sink_datasets: false,
  };
}

export interface SchedulerResource {
  /** Starts a run (its `token` in the answer); "busy" when the node's runner is already running (409). */
  runAll(options: RunAllOptions, call?: CallOptions): Promise<RunnerState | "busy">;
  status(token: string, call?: CallOptions): Promise<RunnerState>;
  stop(call?: CallOptions): Promise<void>;
}

export function createSchedulerResource(api: ApiClient): SchedulerResource {
  const state = jsonResponse(RunnerStateSchema);
  return {
    runAll: async (options, call = {}) => {
      try {
        return await api.call({
          method: "POST",
          path: sesam.runAllPipes(),
          query: runAllQuery(options),
          // A lost answer may have started a run: not repeated (a repeat would answer 409 anyway).
          safety: "unsafe",
          response: state,
          signal: call.signal,
        });
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) return "busy";
        throw error;
      }
    },
    status: (token, call = {}) =>
      api.call({
        method: "GET",
        path: sesam.runnerStatus(),
        query: { token },
        safety: "read",
        response: state,
        signal: call.signal,
      }),
    stop: async (call = {}) => {
      await api.call({
        method: "POST",
        path: sesam.stopRunAllPipes(),
        safety: "idempotent",
        response: () => undefined,
        signal: call.signal,
      });
    },
  };
}
