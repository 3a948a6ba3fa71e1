// Passes shared by the run's workers (separate processes on one machine, one node): a pass that starts after a
// test asked for one serves that test, whichever worker started it. One worker runs a pass at a time (the runner
// holds `runner/`); the others wait for it when it started after they asked, or for it to end and then run their
// own. Each pass leaves `pass-<n>.json` (when it started and, once over, how it ended), so a test that asks after a
// pass began but before it ended never takes it, and one that asks when a later pass has already run takes that.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { SyncRunFailedError, SyncTimeoutError } from "./errors.ts";
import type { PipeRun, SyncPass } from "./types.ts";

interface PassRecord {
  seq: number;
  /** Wall-clock ms the pass began (before any pipe of it was started): every run of it started later. */
  startedAt: number;
  ended: null | { ok: true; pass: SyncPass } | { ok: false; kind: "failed"; run: PipeRun } | { ok: false; kind: "timeout"; message: string };
}

/** How passes are run and shared; `NO_SHARING` runs every pass for its own asker. */
export interface PassSharing {
  /** A pass that began at or after `askedAt`: one under way or done, else one this call runs. */
  passAfter(askedAt: number, run: () => Promise<SyncPass>): Promise<SyncPass>;
}

export const NO_SHARING: PassSharing = { passAfter: (_askedAt, run) => run() };

const POLL_MS = 5;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class PassBoard implements PassSharing {
  readonly #runner: string;

  constructor(
    private readonly dir: string,
    private readonly timeoutMs: number,
  ) {
    mkdirSync(dir, { recursive: true });
    this.#runner = join(dir, "runner");
  }

  async passAfter(askedAt: number, run: () => Promise<SyncPass>): Promise<SyncPass> {
    const deadline = askedAt + 4 * this.timeoutMs;
    for (;;) {
      const fit = this.#firstStartedAfter(askedAt);
      if (fit !== undefined) return this.#await(fit, deadline);
      if (this.#tryBecomeRunner()) {
        try {
          // Taken after becoming the runner: a pass that began meanwhile is found above next time round.
          const seq = (this.#seqs().at(-1) ?? 0) + 1;
          const record: PassRecord = { seq, startedAt: Date.now(), ended: null };
          this.#write(record);
          try {
            const pass = await run();
            this.#write({ ...record, ended: { ok: true, pass } });
            return pass;
          } catch (error) {
            if (error instanceof SyncRunFailedError) this.#write({ ...record, ended: { ok: false, kind: "failed", run: error.run } });
            else this.#write({ ...record, ended: { ok: false, kind: "timeout", message: error instanceof Error ? error.message : String(error) } });
            throw error;
          }
        } finally {
          rmSync(this.#runner, { recursive: true, force: true });
        }
      }
      // Another worker runs a pass that began before this one asked: wait for it to end, then go round.
      if (Date.now() > deadline) throw new SyncTimeoutError("no pass could start after the test asked for one", 4 * this.timeoutMs, "another worker's passes kept the node busy");
      await delay(POLL_MS);
    }
  }

  async #await(seq: number, deadline: number): Promise<SyncPass> {
    for (;;) {
      const record = this.#read(seq);
      const ended = record?.ended;
      if (ended?.ok) return ended.pass;
      if (ended && ended.kind === "failed") throw new SyncRunFailedError(ended.run);
      if (ended) throw new Error(ended.message);
      if (!existsSync(this.#runner) && record && !record.ended) {
        // Its runner died before writing how it ended: the pass is lost.
        throw new SyncTimeoutError(`a shared pass (#${seq}) whose worker stopped`, this.timeoutMs, "no end was written");
      }
      if (Date.now() > deadline) throw new SyncTimeoutError(`a shared pass (#${seq}) did not end`, this.timeoutMs, "still running");
      await delay(POLL_MS);
    }
  }

  #tryBecomeRunner(): boolean {
    try {
      mkdirSync(this.#runner);
      writeFileSync(join(this.#runner, "pid"), String(process.pid));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pidFile = join(this.#runner, "pid");
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : NaN;
      if (Number.isInteger(pid) && pid > 0 && !alive(pid)) rmSync(this.#runner, { recursive: true, force: true });
      return false;
    }
  }

  /** The passes on the board, oldest first (names only: a run may make thousands). */
  #seqs(): number[] {
    return readdirSync(this.dir)
      .filter((name) => /^pass-\d+\.json$/.test(name))
      .map((name) => Number(name.slice(5, -5)))
      .sort((a, b) => a - b);
  }

  /** The oldest pass that began at or after `askedAt`: read from the newest back, so mostly one file. */
  #firstStartedAfter(askedAt: number): number | undefined {
    let fit: number | undefined;
    for (const seq of this.#seqs().reverse()) {
      const record = this.#read(seq);
      if (!record || record.startedAt < askedAt) break;
      fit = seq;
    }
    return fit;
  }

  #read(seq: number): PassRecord | undefined {
    try {
      return JSON.parse(readFileSync(join(this.dir, `pass-${seq}.json`), "utf8")) as PassRecord;
    } catch {
      return undefined;
    }
  }

  // Written whole, then renamed: a reader never sees half a record.
  #write(record: PassRecord): void {
    const file = join(this.dir, `pass-${record.seq}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(record));
    renameSync(`${file}.tmp`, file);
  }
}
