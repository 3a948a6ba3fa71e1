// The node's internal scheduler for tests: `POST /api/pipes/run-all-pipes` runs every pipe, in dependency order,
// round after round until enough rounds in a row changed nothing, then `GET /api/pipes/get-pipe-runner-status`
// tells how it ended. It is what sesam-py's `sesam test` / `sesam run` settle a node with
// (sesam-community/sesam-py, sesam.py: run_internal_scheduler, get_internal_scheduler_status). The endpoints are
// not in the node's public swagger; parameters and answers follow sesam-py's use of them.
//
// Two parameters DELETE DATA unless sent as false: `delete_input_datasets` and
// `reset_pipes_and_delete_sink_datasets` (both default true). Here either one makes the reference sync forget
// everything it learned (collected records, watermarks, links, its datasets), as deleting those datasets and
// resetting the pipes would; the tenants keep their records. A link made by creation (no shared merge value) is
// then lost, which is why a harness must send both as false.
import { randomUUID } from "node:crypto";
import type { Pump } from "./pump.ts";

export interface RunAllParams {
  /** Rounds in a row that must change nothing before the run ends (sesam-py's `-scheduler-zero-runs`). */
  extraZeroRuns: number;
  maxRuns: number;
  maxRunTimeSeconds: number;
  deleteInputDatasets: boolean;
  resetPipesAndDeleteSinkDatasets: boolean;
  checkInputPipes: boolean;
  requestMode: "sync" | "async";
  schedulerMode: "active" | "poll";
}

export type RunnerStatus = "running" | "success" | "failed" | "not-running";

export interface RunnerState {
  token: string;
  status: RunnerStatus;
  rounds: number;
  zero_runs: number;
  started: string;
  ended: string | null;
  additional_info: string | null;
}

interface LogLine {
  timestamp: string;
  loglevel: "INFO" | "WARNING" | "ERROR";
  logdata: string;
}

export interface SchedulerDeps {
  /** The pumps in dependency order (one round starts each in turn). */
  pumps: () => readonly Pump[];
  /** Whether a pipe reads an external system (an "input pipe" for `check_input_pipes`). */
  isInputPipe: (pipe: string) => boolean;
  /** Forgets what the sync learned: what deleting its datasets and resetting its pipes does. */
  forget: () => void;
  user: { user_id: string } | null;
}

const KEEP_FINISHED = 50;

export class InternalScheduler {
  #current: { state: RunnerState; controller: AbortController; done: Promise<void> } | null = null;
  readonly #finished = new Map<string, RunnerState>();
  #log: LogLine[] = [];

  constructor(private readonly deps: SchedulerDeps) {}

  get running(): boolean {
    return this.#current !== null;
  }

  /** Starts a run; null when one is already running. Resolves at once (async) or when it ends (sync). */
  async start(params: RunAllParams): Promise<RunnerState | null> {
    if (this.#current) return null;
    const state: RunnerState = {
      token: randomUUID(),
      status: "running",
      rounds: 0,
      zero_runs: 0,
      started: new Date().toISOString(),
      ended: null,
      additional_info: null,
    };
    const controller = new AbortController();
    const done = this.#run(state, params, controller.signal).finally(() => {
      this.#finished.set(state.token, state);
      while (this.#finished.size > KEEP_FINISHED) this.#finished.delete(this.#finished.keys().next().value as string);
      this.#current = null;
    });
    this.#current = { state, controller, done };
    if (params.requestMode === "sync") await done;
    return { ...state };
  }

  status(token: string | null): RunnerState | { status: "not-running" } {
    if (this.#current && (token === null || this.#current.state.token === token)) return { ...this.#current.state };
    const finished = token === null ? undefined : this.#finished.get(token);
    return finished ? { ...finished } : { status: "not-running" };
  }

  async stop(): Promise<void> {
    const current = this.#current;
    if (!current) return;
    current.controller.abort();
    for (const pump of this.deps.pumps()) pump.stop();
    await current.done;
  }

  logSince(since: string | null): LogLine[] {
    return since === null ? [...this.#log] : this.#log.filter((line) => line.timestamp > since);
  }

  reset(): void {
    this.#current?.controller.abort();
    this.#finished.clear();
    this.#log = [];
  }

  async #run(state: RunnerState, params: RunAllParams, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + params.maxRunTimeSeconds * 1000;
    if (params.deleteInputDatasets || params.resetPipesAndDeleteSinkDatasets) {
      this.#write("WARNING", "resetting pipes and deleting their datasets (the request did not turn this off)");
      this.deps.forget();
    }
    const end = (status: "success" | "failed", info: string) => {
      state.status = status;
      state.ended = new Date().toISOString();
      state.additional_info = info;
      this.#write(status === "success" ? "INFO" : "ERROR", info);
    };
    const wanted = Math.max(1, params.extraZeroRuns);
    while (state.rounds < params.maxRuns) {
      if (signal.aborted) return end("failed", "the run was stopped");
      if (Date.now() > deadline) return end("failed", `max_run_time of ${params.maxRunTimeSeconds} s exceeded`);
      state.rounds++;
      const round = await this.#round(params, signal);
      if (round.failure) return end("failed", round.failure);
      state.zero_runs = round.changes === 0 && !round.failedInput ? state.zero_runs + 1 : 0;
      this.#write("INFO", `round ${state.rounds}: ${round.changes} change(s)`);
      if (state.zero_runs >= wanted) {
        return end("success", `all pipes ran ${state.rounds} round(s); the last ${state.zero_runs} changed nothing`);
      }
    }
    return end("failed", `max_runs of ${params.maxRuns} reached before ${wanted} round(s) changed nothing`);
  }

  async #round(
    params: RunAllParams,
    signal: AbortSignal,
  ): Promise<{ changes: number; failure: string | null; failedInput: boolean }> {
    let changes = 0;
    let failedInput = false;
    for (const pump of this.deps.pumps()) {
      if (signal.aborted) return { changes, failure: "the run was stopped", failedInput };
      await pump.idle();
      pump.start(this.deps.user);
      await pump.idle();
      const outcome = pump.lastOutcome;
      if (outcome?.failed) {
        const input = this.deps.isInputPipe(pump.id);
        this.#write("ERROR", `pipe ${pump.id} failed: ${outcome.reason}`);
        // A failing input pipe fails the whole run only when asked to; otherwise the next round retries it.
        if (!input || params.checkInputPipes)
          return { changes, failure: `pipe ${pump.id} failed: ${outcome.reason}`, failedInput };
        failedInput = true;
        continue;
      }
      changes += outcome?.changed ?? 0;
    }
    return { changes, failure: null, failedInput };
  }

  #write(loglevel: LogLine["loglevel"], logdata: string): void {
    this.#log.push({ timestamp: new Date().toISOString(), loglevel, logdata });
    if (this.#log.length > 1000) this.#log.splice(0, this.#log.length - 1000);
  }
}
