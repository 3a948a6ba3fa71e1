import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";

// The rehearsal's child processes: every one is an `npm run <script>`, as the workflow's steps are, started in a
// process group of its own so that stopping it stops npm, its shell and the tool under them (by the group's id).

export interface NpmRun {
  /** Resolves the exit code (128 + signal number when a signal ended it). */
  done: Promise<number>;
  /** Stops the run's whole process group. */
  stop(signal?: NodeJS.Signals): void;
  child: ChildProcess;
}

const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** `npm run -s <script> -- <args>` with this environment; its output goes to `logFile` (and `onLine`, if given). */
export function npmRun(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  onLine?: (line: string) => void,
): NpmRun {
  const child = spawn("npm", ["run", "-s", script, ...(args.length ? ["--", ...args] : [])], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const log = createWriteStream(logFile);
  let partial = "";
  const feed = (chunk: Buffer) => {
    log.write(chunk);
    if (!onLine) return;
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  };
  child.stdout?.on("data", feed);
  child.stderr?.on("data", feed);
  const done = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (onLine && partial) onLine(partial);
      log.end(() => resolve(code ?? 128 + (signal ? (SIGNAL_CODES[signal] ?? 1) : 1)));
    });
  });
  const stop = (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return { done, stop, child };
}

export interface RunningSandbox {
  /** The `.env` lines it printed: the URLs on its free ports and its credentials. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * `npm run sandbox` on free ports (`--*-port 0`), waiting for the `.env` lines it prints once every service
 * listens. Rejects with its output when it exits first or says nothing usable within the deadline.
 */
export async function startSandbox(
  flags: readonly string[],
  logFile: string,
  track: Set<NpmRun>,
  timeoutMs = 60_000,
): Promise<RunningSandbox> {
  const ports = ["--youtrack-port", "0", "--poweroffice-port", "0", "--poweroffice-v1-port", "0", "--sesam-port", "0"];
  const env: Record<string, string> = {};
  const seen: string[] = [];
  let ready: () => void = () => undefined;
  const printed = new Promise<void>((resolve) => (ready = resolve));
  const run = npmRun("sandbox", [...ports, ...flags], process.env, logFile, (line) => {
    seen.push(line);
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) env[match[1] as string] = match[2] as string;
    // SESAM_PIPES is the last line the sandbox prints (emulators/cli.ts prints them in .env.example's order).
    if (match?.[1] === "SESAM_PIPES") ready();
  });
  // Tracked while it lives, so whoever stops the rehearsal stops it too (its process group is its own: a Ctrl-C in
  // the terminal does not reach it).
  track.add(run);
  void run.done.then(() => track.delete(run));
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    printed.then(() => "ready" as const),
    run.done.then((code) => `exited with code ${code}` as const),
    new Promise<string>(
      (resolve) => (timer = setTimeout(() => resolve(`printed no SESAM_PIPES line within ${timeoutMs} ms`), timeoutMs)),
    ),
  ]);
  clearTimeout(timer);
  if (outcome !== "ready") {
    run.stop();
    await run.done;
    throw new Error(`npm run sandbox ${outcome}: ${seen.slice(-3).join(" / ") || "no output"}`);
  }
  return {
    env,
    stop: async () => {
      run.stop("SIGTERM");
      const stopped = await Promise.race([run.done, new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
      if (stopped === null) run.stop("SIGKILL");
      await run.done;
    },
  };
}
