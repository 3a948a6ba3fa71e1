// Passes shared by the run's workers (separate processes on one machine, one node): a pass whose tenant reads all
// come after a test asked serves that test, whichever worker runs it. A pass is "forming" from when it is claimed
// until its first pipe run can start (the node is seen ready for it): every test that asks meanwhile joins it, so one
// pass serves every test waiting for one, however many workers there are. A test that asks once the forming pass
// has started claims the next one, which forms until fewer than two passes are under way (UNDER_WAY) and then
// follows the one before it pipe by pipe (each pipe's run starts once the pump is idle): a test waits for about one
// pass and a half, not for the rest of another one and then its own, and the node is not flooded with passes. Each
// pass leaves `pass-<n>.json` (when it was claimed and when its first run could start, who runs it and, once over,
// how it ended); the record is made under a brief lock (`claim/`), so tests that ask together find one pass.
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
  /** Wall-clock ms the pass was claimed. */
  startedAt: number;
  /**
   * Wall-clock ms its first pipe run could start (null while forming): every run of it, every tenant read, came
   * later. A test that asked before then is served by it.
   */
  firstRunAt: number | null;
  ended:
    | null
    | { ok: true; pass: SyncPass }
    | { ok: false; kind: "failed"; run: PipeRun }
    | { ok: false; kind: "timeout"; message: string };
}

/**
 * Runs one pass; calls `starting()` once its first pipe run can start (after that, a run of it may read the
 * tenants), so that tests asking until then can join it.
 */
export type PassRun = (starting: () => void) => Promise<SyncPass>;

/** How passes are run and shared; `NO_SHARING` runs every pass for its own asker. */
export interface PassSharing {
  /** A pass whose first run started after `askedAt`: one forming, under way or done, else one this call runs. */
  passAfter(askedAt: number, run: PassRun): Promise<SyncPass>;
}

export const NO_SHARING: PassSharing = { passAfter: (_askedAt, run) => run(() => {}) };

const POLL_MS = 5;

/**
 * Two passes under way at once, the next one forming: one following the other pipe by pipe halves a test's wait
 * against one pass at a time, and more than two only queue at every pipe behind each other and share less
 * (measured on a node taking 500 ms per pipe run, the default checklist: 8 workers 96 s with one at a time, 84 s with
 * two or three, 100-107 s with no limit; 2 workers 255 s, 182 s and 175 s).
 */
const UNDER_WAY = 2;
/** How many passes before its own a pass looks at to count those under way. */
const LOOK_BACK = UNDER_WAY + 5;

export class PassBoard implements PassSharing {
  readonly #claim: string;

  constructor(
    private readonly dir: string,
    private readonly timeoutMs: number,
  ) {
    mkdirSync(dir, { recursive: true });
    this.#claim = join(dir, "claim");
  }

  async passAfter(askedAt: number, run: PassRun): Promise<SyncPass> {
    const deadline = askedAt + 4 * this.timeoutMs;
    for (;;) {
      const fit = this.#firstStartedAfter(askedAt);
      if (fit !== undefined) {
        const served = await this.#await(fit, deadline);
        if (served !== "lost") return served;
        // Its worker stopped (its test failed mid-pass): the pass never ended, so ask again.
        continue;
      }
      const claimed = this.#claimNewPass(askedAt);
      if (claimed) {
        let record = claimed;
        const starting = () => {
          if (record.firstRunAt !== null) return;
          record = { ...record, firstRunAt: Date.now() };
          this.#write(record);
        };
        try {
          await this.#turn(record.seq, deadline);
          const pass = await run(starting);
          this.#write({ ...record, ended: { ok: true, pass } });
          return pass;
        } catch (error) {
          if (error instanceof SyncRunFailedError)
            this.#write({ ...record, ended: { ok: false, kind: "failed", run: error.run } });
          else
            this.#write({
              ...record,
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
        firstRunAt: null,
        ended: null,
      };
      this.#write(record);
      return record;
    } finally {
      releaseDirLock(this.#claim);
    }
  }

  /** Waits until fewer than UNDER_WAY earlier passes are under way (a pass whose worker died is not). */
  async #turn(seq: number, deadline: number): Promise<void> {
    for (;;) {
      let running = 0;
      // Only the last few passes before this one can still be under way (each began once fewer than UNDER_WAY
      // were); LOOK_BACK leaves a margin for ends written late, and keeps the look to a few files.
      for (let other = seq - 1; other >= Math.max(1, seq - LOOK_BACK); other--) {
        const record = this.#read(other);
        if (record && record.ended === null && alive(record.pid)) running++;
      }
      if (running < UNDER_WAY || Date.now() > deadline) return;
      await delay(POLL_MS);
    }
  }

  /** The pass's end; "lost" when its worker stopped without writing one. */
  async #await(seq: number, deadline: number): Promise<SyncPass | "lost"> {
    for (;;) {
      const record = this.#read(seq);
      const ended = record?.ended;
      if (ended?.ok) return ended.pass;
      if (ended && ended.kind === "failed") throw new SyncRunFailedError(ended.run);
      if (ended) throw new Error(ended.message);
      if (record && !alive(record.pid)) return "lost";
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

  /**
   * The oldest pass still forming or whose first run started after `askedAt`: read from the newest back, so
   * mostly one or two files. (A reader that sees a pass forming is sure its first run starts after the read.)
   */
  #firstStartedAfter(askedAt: number): number | undefined {
    let fit: number | undefined;
    for (const seq of this.#seqs().reverse()) {
      const record = this.#read(seq);
      // Started in the very millisecond of the ask may have been just before it.
      if (!record || (record.firstRunAt !== null && record.firstRunAt <= askedAt)) break;
      // A pass whose worker stopped before its end serves nobody.
      if (record.ended === null && !alive(record.pid)) continue;
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
