import type { PipeRun } from "./types.ts";

export class SyncTimeoutError extends Error {
  constructor(pipe: string, timeoutMs: number, seen: string) {
    super(`sync: pipe ${pipe} did not finish a run that started after the edit within ${timeoutMs} ms (${seen})`);
    this.name = "SyncTimeoutError";
  }
}

export class SyncRunFailedError extends Error {
  readonly run: PipeRun;
  constructor(run: PipeRun) {
    super(`sync: pipe ${run.pipe} run failed: ${run.reason ?? "no reason given"}`);
    this.name = "SyncRunFailedError";
    this.run = run;
  }
}
