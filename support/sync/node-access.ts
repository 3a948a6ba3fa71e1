// The drivers' view of a Sesam node, over the Sesam client: a pump's runtime, starting it, the runs its execution
// log holds after a sequence number, and the internal scheduler.
import type { SesamClient } from "../clients/sesam/client.ts";
import type { RunAllOptions } from "../clients/sesam/scheduler.ts";

export interface PumpState {
  running: boolean;
  /** Changes with every run the node makes, logged or not. */
  lastRun: string | null;
}

/** A run's end as the execution log has it. */
export interface LoggedEnd {
  outcome: "completed" | "failed";
  /** `metrics` `entities.changes_last_run`, else `entities_succeeded`; null when neither is there. */
  changes: number | null;
  reason?: string;
}

export interface NodeAccess {
  state(pipe: string): Promise<PumpState>;
  start(pipe: string): Promise<"started" | "already-running">;
  /** The highest sequence number of the pipe's execution log (null: empty). */
  lastSequence(pipe: string): Promise<number | null>;
  /** The runs that ended (were logged as completed or failed) after `sequence`. */
  endsSince(pipe: string, sequence: number | null): Promise<LoggedEnd[]>;
  runAll(options: RunAllOptions): Promise<{ token: string } | "busy">;
  runnerStatus(token: string): Promise<{ status: string; info: string | null; rounds: number | null }>;
}

export function sesamNodeAccess(client: SesamClient): NodeAccess {
  return {
    async state(pipe) {
      const runtime = await client.pipes.runtime(pipe);
      return { running: runtime["is-running"], lastRun: runtime["last-run"] ?? null };
    },
    start: (pipe) => client.pipes.start(pipe),
    lastSequence: (pipe) => client.executionLog.lastSequence(pipe),
    async endsSince(pipe, sequence) {
      const runs = await client.executionLog.runsSince(pipe, sequence);
      const ends: LoggedEnd[] = [];
      for (const run of runs) {
        if (run.completed) {
          ends.push({ outcome: "completed", changes: run.completed.changes ?? run.completed.entitiesSucceeded });
        } else if (run.failed) {
          ends.push({ outcome: "failed", changes: null, reason: run.failed.reason ?? "no reason given" });
        }
      }
      return ends;
    },
    async runAll(options) {
      const answer = await client.scheduler.runAll(options);
      if (answer === "busy") return "busy";
      if (!answer.token) throw new Error("sync: run-all-pipes answered without a token (request_mode=async was sent)");
      return { token: answer.token };
    },
    async runnerStatus(token) {
      const state = await client.scheduler.status(token);
      const rounds = (state as Record<string, unknown>).rounds;
      return {
        status: state.status,
        info: state.additional_info ?? null,
        rounds: typeof rounds === "number" ? rounds : null,
      };
    },
  };
}
