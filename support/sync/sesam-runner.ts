import { ApiError } from "../clients/http/errors.ts";
import type { SesamClient } from "../clients/sesam/client.ts";
import type { PumpRun } from "../clients/sesam/execution-log.ts";
import type { PipeRun, PipeRunner } from "./types.ts";

function toPipeRun(pipe: string, run: PumpRun & { startedSeq: number }): PipeRun {
  const end = run.completed ?? run.failed;
  const total = run.completed?.totalTime;
  return {
    pipe,
    startedSeq: run.startedSeq,
    outcome: run.outcome,
    // A completed run's entities_succeeded counts what it wrote: zero means the pass changed nothing there.
    changes: run.outcome === "completed" ? (end?.entitiesSucceeded ?? null) : null,
    ...(run.failed?.reason ? { reason: run.failed.reason } : {}),
    ...(typeof total === "number" ? { durationMs: Math.round(total * 1000) } : {}),
  };
}

/** The drivers' view of a Sesam node: start a pipe, and read the runs that started after a sequence number. */
export function sesamPipeRunner(client: SesamClient): PipeRunner {
  return {
    lastSequence: (pipe) => client.executionLog.lastSequence(pipe),

    async runsSince(pipe, sequence) {
      const runs = await client.executionLog.runsSince(pipe, sequence < 0 ? null : sequence);
      // Runs whose start lies before the mark (the log reports them with their start's location, or none)
      // read the tenants before the edit: they prove nothing.
      return runs
        .filter((run): run is PumpRun & { startedSeq: number } => run.startedSeq !== null && run.startedSeq > sequence)
        .map((run) => toPipeRun(pipe, run));
    },

    async start(pipe) {
      try {
        await client.pipes.pump(pipe, "start");
      } catch (error) {
        // A node may refuse to start a pipe that is running; the driver waits for that run and asks again.
        if (error instanceof ApiError && (error.status === 409 || /running/i.test(error.body ?? ""))) return;
        throw error;
      }
    },
  };
}
