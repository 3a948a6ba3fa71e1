// Passes shared by the run's workers (separate processes on one machine, one node): a pass that starts after a
// test asked serves that test, whichever worker started it. A test that finds none begins one at once, even while
// another is under way: the passes then follow each other pipe by pipe (each pipe's run starts once the pump is
// idle), so a test waits for about one pass, not for the rest of another one and then its own. Each pass leaves
// `pass-<n>.json` (when it began, who runs it and, once over, how it ended); the record is made under a brief
// lock (`claim/`), so tests that ask together find one pass, not one each.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { alive, releaseDirLock, tryTakeDirLock } from "./dir-lock.ts";
import { SyncRunFailedError, SyncTimeoutError } from "./errors.ts";
import type { PipeRun, SyncPass } from "./types.ts";

interface PassRecord {
  seq: number;
  /** The worker process running it: a pass whose worker died without an end is lost. */
  pid: number;
  /** Wall-clock ms the pass began (before any pipe of it was started): every run of it started later. */
  startedAt: number;
  ended:
    | null
    | { ok: true; pass: SyncPass }
    | { ok: false; kind: "failed"; run: PipeRun }
    | { ok: false; kind: "timeout"; message: string };
}

/** How passes are run and shared; `NO_SHARING` runs every pass for its own asker. */
export interface PassSharing {
  /** A pass that began at or after `askedAt`: one under way or done, else one this call runs. */
  passAfter(askedAt: number, run: () => Promise<SyncPass>): Promise<SyncPass>;
}

export const NO_SHARING: PassSharing = { passAfter: (_askedAt, run) => run() };

const POLL_MS = 5;

export class PassBoard implements PassSharing {
  readonly #claim: string;

  constructor(
    private readonly dir: string,
    private readonly timeoutMs: number,
  ) {
    mkdirSync(dir, { recursive: true });
    this.#claim = join(dir, "claim");
  }

  async passAfter(askedAt: number, run: () => Promise<SyncPass>): Promise<SyncPass> {
    const deadline = askedAt + 4 * this.timeoutMs;
    for (;;) {
      const fit = this.#firstStartedAfter(askedAt);
      if (fit !== undefined) return this.#await(fit, deadline);
      const claimed = this.#claimNewPass(askedAt);
      if (claimed) {
        try {
          const pass = await run();
          this.#write({ ...claimed, ended: { ok: true, pass } });
          return pass;
        } catch (error) {
          if (error instanceof SyncRunFailedError)
            this.#write({ ...claimed, ended: { ok: false, kind: "failed", run: error.run } });
          else
            this.#write({
              ...claimed,
              ended: { ok: false, kind: "timeout", message: error instanceof Error ? error.message : String(error) },
            });
          throw error;
        }
      }
      if (Date.now() > deadline)
        throw new SyncTimeoutError(
          "no pass could begin after the test asked for one",
          4 * this.timeoutMs,
          "the board stayed claimed",
        );
      await delay(POLL_MS);
    }
  }

  /** Makes the record of a new pass, unless one began after `askedAt` meanwhile; null when another worker holds the claim. */
  #claimNewPass(askedAt: number): PassRecord | null {
    if (!tryTakeDirLock(this.#claim)) return null;
    try {
      if (this.#firstStartedAfter(askedAt) !== undefined) return null;
      const record: PassRecord = {
        seq: (this.#seqs().at(-1) ?? 0) + 1,
        pid: process.pid,
        startedAt: Date.now(),
        ended: null,
      };
      this.#write(record);
      return record;
    } finally {
      releaseDirLock(this.#claim);
    }
  }

  async #await(seq: number, deadline: number): Promise<SyncPass> {
    for (;;) {
      const record = this.#read(seq);
      const ended = record?.ended;
      if (ended?.ok) return ended.pass;
      if (ended && ended.kind === "failed") throw new SyncRunFailedError(ended.run);
      if (ended) throw new Error(ended.message);
      if (record && !alive(record.pid)) {
        throw new SyncTimeoutError(
          `a shared pass (#${seq}) whose worker stopped`,
          this.timeoutMs,
          "no end was written",
        );
      }
      if (Date.now() > deadline)
        throw new SyncTimeoutError(`a shared pass (#${seq}) did not end`, this.timeoutMs, "still running");
      await delay(POLL_MS);
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
