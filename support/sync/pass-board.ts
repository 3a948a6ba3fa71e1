// Passes shared by the run's workers (separate processes on one machine, one node): a pass whose tenant reads all
// come after a test asked serves that test, whichever worker runs it. A pass is "forming" from when it is claimed
// until its first pipe run can start (the node is seen ready for it): every test that asks meanwhile joins it, so one
// pass serves every test waiting for one, however many workers there are. A test that asks once the forming pass
// has started claims the next one, which forms until the pass ahead of it is a quarter of its pipes in (SPACING) and
// then follows it pipe by pipe (each pipe's run starts once the pump is idle): passes start evenly spaced, so a test
// waits for a quarter of a pass at most before its own begins, and the node is not flooded with passes. Each pass
// leaves `pass-<n>.json` (when it was claimed, when its first run could start, how many of its pipes have run, who
// runs it and, once over, how it ended); the record is made under a brief lock (`claim/`), so tests that ask
// together find one pass.
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
  /**
   * How far it is: its pipe runs that ended, of how many (null until it says, and for a pass that does not go pipe
   * by pipe, such as the node's run-all-pipes: the next pass then waits for its end).
   */
  progress: { done: number; of: number } | null;
  /** What each of its pipe runs that ended took, ms: how a worker that only joins passes learns the node's pace. */
  tookMs?: Record<string, number>;
  ended:
    | null
    | { ok: true; pass: SyncPass }
    | { ok: false; kind: "failed"; run: PipeRun }
    | { ok: false; kind: "timeout"; message: string };
}

/** One pipe run of a pass that ended: the pipe and how long the run took. */
export interface RunTook {
  pipe: string;
  ms: number;
}

/**
 * Runs one pass; calls `starting()` once its first pipe run can start (after that, a run of it may read the
 * tenants), so that tests asking until then can join it, and `ran(done, of, took)` as each of its pipe runs ends, so
 * that the next pass can start behind it.
 */
export type PassRun = (
  starting: () => void,
  ran: (done: number, of: number, took?: RunTook) => void,
) => Promise<SyncPass>;

/** How passes are run and shared; `NO_SHARING` runs every pass for its own asker. */
export interface PassSharing {
  /**
   * A pass whose first run started after `askedAt`: one forming, under way or done, else one this call runs. A pass
   * joined tells `learn` what each of its pipe runs took, however it ended.
   */
  passAfter(askedAt: number, run: PassRun, learn?: (took: RunTook) => void): Promise<SyncPass>;
}

const ignore = (): void => {};
export const NO_SHARING: PassSharing = { passAfter: (_askedAt, run) => run(ignore, ignore) };

const POLL_MS = 5;

/**
 * The share of its pipes the pass ahead has run before the next one starts behind it. Spacing passes evenly trades
 * a test's wait for the next pass to start against the node's load (every pass runs every pipe, and the node's own
 * tenant calls count against PowerOffice's limit). Measured on a node taking 500 ms per pipe run (10 pipes), the
 * default checklist, 8 workers, the tests' span in seconds (two runs each): at most two under way, the next one
 * starting when the older ends (the rule before this one) 73.8 and 75.5; next pass once the one ahead has run 1
 * pipe 67.7 and 71.6, 2 pipes 62.2 and 56.9, 3 pipes 60.5 and 62.9, 4 pipes 62.9 and 65.2, 5 (its tenant reads) 64.6
 * and 69.6.
 */
const SPACING = 1 / 4;
/** How many passes before its own a pass looks at for the one ahead (passes whose end was written late included). */
const LOOK_BACK = 8;

/** Whether a pass is far enough in for the next one to start behind it. */
const farEnoughIn = (progress: PassRecord["progress"]): boolean =>
  progress !== null && progress.done >= Math.max(1, Math.ceil(progress.of * SPACING));

export class PassBoard implements PassSharing {
  readonly #claim: string;

  constructor(
    private readonly dir: string,
    private readonly timeoutMs: number,
  ) {
    mkdirSync(dir, { recursive: true });
    this.#claim = join(dir, "claim");
  }

  async passAfter(askedAt: number, run: PassRun, learn: (took: RunTook) => void = ignore): Promise<SyncPass> {
    const deadline = askedAt + 4 * this.timeoutMs;
    for (;;) {
      const fit = this.#firstStartedAfter(askedAt);
      if (fit !== undefined) {
        const served = await this.#await(fit, deadline, learn);
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
        const ran = (done: number, of: number, took?: RunTook) => {
          record = {
            ...record,
            progress: { done, of },
            ...(took ? { tookMs: { ...record.tookMs, [took.pipe]: took.ms } } : {}),
          };
          this.#write(record);
        };
        try {
          await this.#turn(record.seq, deadline);
          const pass = await run(starting, ran);
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
        progress: null,
        ended: null,
      };
      this.#write(record);
      return record;
    } finally {
      releaseDirLock(this.#claim);
    }
  }

  /** Waits until no earlier pass holds this one back. */
  async #turn(seq: number, deadline: number): Promise<void> {
    while (this.#heldBack(seq) && Date.now() <= deadline) await delay(POLL_MS);
  }

  /**
   * Whether an earlier pass is still under way and not yet far enough in (a pass whose worker died is not under
   * way). Only the last few passes before this one can still be under way (each started once the one before it was
   * a quarter in); LOOK_BACK leaves a margin for ends written late, and keeps the look to a few files.
   */
  #heldBack(seq: number): boolean {
    for (let other = seq - 1; other >= Math.max(1, seq - LOOK_BACK); other--) {
      const record = this.#read(other);
      if (record && record.ended === null && alive(record.pid) && !farEnoughIn(record.progress)) return true;
    }
    return false;
  }

  /** The pass's end; "lost" when its worker stopped without writing one. */
  async #await(seq: number, deadline: number, learn: (took: RunTook) => void): Promise<SyncPass | "lost"> {
    let last: PassRecord | undefined;
    try {
      for (;;) {
        const record = this.#read(seq);
        last = record ?? last;
        const ended = record?.ended;
        if (ended?.ok) return ended.pass;
        if (ended && ended.kind === "failed") throw new SyncRunFailedError(ended.run);
        if (ended) throw new Error(ended.message);
        if (record && !alive(record.pid)) return "lost";
        if (Date.now() > deadline)
          throw new SyncTimeoutError(`a shared pass (#${seq}) did not end`, this.timeoutMs, "still running");
        await delay(POLL_MS);
      }
    } finally {
      // However it ended (a wait that ran out included): what its runs took, for the joiner's estimate of a pass.
      for (const [pipe, ms] of Object.entries(last?.tookMs ?? {})) learn({ pipe, ms });
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
