// Reads that may lag writes. PowerOffice Go answers GETs from a replica that is "typically below 1 second" behind
// and advises waiting 1-2 s after a write before reading it (go-api-documentation docs/api/common/limitations.md,
// "Live data"). A lookup for something just written therefore looks again until that long has passed before it
// concludes the thing is not there.
import { setTimeout as sleep } from "node:timers/promises";

/**
 * `look()` at half the lag and at the whole lag (once at once when it is 0), until it finds something: a record
 * written just before is seen once the replica has it. Two looks, not a tight poll: a replica is mostly quicker than
 * its documented bound, and every look counts against the tenant's rate limit (PowerOffice: 10 per second per key).
 */
export function lookAcrossLag<T>(
  look: () => Promise<T | null>,
  lagMs: number,
  signal?: AbortSignal,
): Promise<T | null> {
  return lookAt(lagMs > 0 ? [lagMs / 2, lagMs] : [0], look, signal);
}

/** `look()` at each of `atMs` (ms from now, ascending), until it finds something. */
async function lookAt<T>(
  atMs: readonly number[],
  look: () => Promise<T | null>,
  signal?: AbortSignal,
): Promise<T | null> {
  const start = performance.now();
  for (const at of atMs) {
    const wait = start + at - performance.now();
    if (wait > 0) await sleep(wait, undefined, { signal });
    const found = await look();
    if (found !== null) return found;
  }
  return null;
}

/** Writes whose half-lag look missed, in a row, before the half-lag look is left out. */
const MISSES_BEFORE_NO_LOOK = 2;
/** Writes whose lag is waited out unlooked before the half-lag look is tried again (the replica may have caught up). */
const UNLOOKED_WRITES_BEFORE_PROBE = 9;

/**
 * The harness's waits for its own writes to reach the replica (a seed or an edit must be readable before a sync pass
 * starts), learning from each write. It looks once, at half the lag: a replica quicker than that lets the harness go
 * on early. Otherwise it waits out the rest of the lag and goes on without looking again: a look at the whole lag
 * could change nothing (past the documented lag the harness goes on whatever it sees; someone else, a sync running
 * on its own, may have changed the record since), and every look counts against the tenant's rate limit
 * (PowerOffice: 10 per second per key). A replica that missed the half-lag look twice in a row is not looked at:
 * its lag is waited out, and every tenth write tries the half-lag look again, in case the replica got quicker. One
 * per client: a worker's writes teach it about the one replica they go to.
 */
export class ReplicaLooks {
  #missedInARow = 0;
  #unlookedWrites = 0;

  constructor(readonly lagMs: number) {}

  /** Returns once `shows()` was true at the half-lag look, or once the lag has passed; true when a look saw it. */
  async untilShows(shows: () => Promise<boolean>): Promise<boolean> {
    // A replica that does not lag shows every write at once: there is nothing to wait for.
    if (this.lagMs <= 0) return true;
    const start = performance.now();
    if (this.#looksAtHalf()) {
      await sleep(this.lagMs / 2);
      if (await shows()) {
        this.#missedInARow = 0;
        return true;
      }
      this.#missedInARow++;
    }
    // A timer may fire a fraction of a ms early: the lag is waited out whole.
    const restMs = () => start + this.lagMs - performance.now();
    for (let rest = restMs(); rest > 0; rest = restMs()) await sleep(Math.ceil(rest));
    return false;
  }

  /** Whether this write gets the half-lag look: it has not kept missing, or this write is the probe. */
  #looksAtHalf(): boolean {
    if (this.#missedInARow < MISSES_BEFORE_NO_LOOK) return true;
    if (this.#unlookedWrites < UNLOOKED_WRITES_BEFORE_PROBE) {
      this.#unlookedWrites++;
      return false;
    }
    this.#unlookedWrites = 0;
    return true;
  }
}
