// A measured subprocess: its wall time, its output, and (on request) the peak RSS of the runner and of its largest
// Playwright worker, each process reporting its own through rss-probe.mjs. A run that outlives its cap is stopped
// (its whole process group) and says so: the bench then reports "more than the cap", not a made-up figure.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { cleanEnv, ROOT } from "../trust/harness.ts";

const RSS_PROBE = fileURLToPath(new URL("./rss-probe.mjs", import.meta.url));

export interface PeakRss {
  /** The process the bench started (Playwright's runner). */
  runnerMb: number;
  /** The largest Playwright worker (null: the run had none, e.g. `--list`). */
  largestWorkerMb: number | null;
}

export interface TimedRun {
  ms: number;
  code: number | null;
  /** True when the run was stopped at its cap (ms is then the cap, a lower bound of the real time). */
  capped: boolean;
  output: string;
  rss: PeakRss | null;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Stop the run (its process group) after this long. */
  capMs?: number;
  rss?: boolean;
}

/** Runs a binary of node_modules/.bin from the project root with the user's environment minus any harness setting. */
export function runTimed(command: string, args: readonly string[], options: RunOptions = {}): Promise<TimedRun> {
  const rssDir = options.rss ? mkdtempSync(join(tmpdir(), "talk-qa-bench-rss-")) : null;
  const rssFile = rssDir ? join(rssDir, "rss.jsonl") : null;
  const probeEnv: Record<string, string> = rssFile
    ? {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${RSS_PROBE}`.trim(),
        BENCH_RSS_FILE: rssFile,
      }
    : {};
  const started = performance.now();
  const child = spawn(join(ROOT, "node_modules/.bin", command), args, {
    cwd: ROOT,
    env: cleanEnv({ ...options.env, ...probeEnv }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let capped = false;
  const cap =
    options.capMs === undefined
      ? undefined
      : setTimeout(() => {
          capped = true;
          // The runner and its workers share the group this spawn made (detached).
          if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        }, options.capMs);
  return new Promise<TimedRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      clearTimeout(cap);
      const rss = rssFile && child.pid !== undefined ? peakRss(rssFile, child.pid) : null;
      if (rssDir) rmSync(rssDir, { recursive: true, force: true });
      resolve({ ms: capped ? (options.capMs ?? ms) : ms, code, capped, output, rss });
    });
  });
}

function peakRss(file: string, runnerPid: number): PeakRss | null {
  if (!existsSync(file)) return null;
  const records = readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { pid: number; worker: string | null; maxRssKb: number });
  const runner = records.find((record) => record.pid === runnerPid);
  if (!runner) return null;
  const workers = records.filter((record) => record.worker !== null).map((record) => record.maxRssKb);
  const mb = (kb: number) => Math.round(kb / 1024);
  return { runnerMb: mb(runner.maxRssKb), largestWorkerMb: workers.length ? mb(Math.max(...workers)) : null };
}

/** The tail of a run's output, for an error message. */
export function tail(output: string, chars = 3000): string {
  return output.length > chars ? `...${output.slice(-chars)}` : output;
}
