import type { PipeRun } from "./types.ts";

/** A pass did not end within the deadline; the message says what was awaited and what the node last showed. */
export class SyncTimeoutError extends Error {
  constructor(what: string, timeoutMs: number, seen: string) {
    super(`sync: ${what} within ${timeoutMs} ms (${seen})`);
    this.name = "SyncTimeoutError";
  }
}

export class SyncRunFailedError extends Error {
  readonly run: PipeRun;
  constructor(run: PipeRun) {
    super(
      `sync: ${run.pipe === "run-all-pipes" ? "the node's run-all-pipes" : `pipe ${run.pipe}`} run failed: ${run.reason ?? "no reason given"}`,
    );
    this.name = "SyncRunFailedError";
    this.run = run;
  }
}
