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

/** Writes whose half-lag look missed, in a row, before the looks go to one at the whole lag. */
const MISSES_BEFORE_ONE_LOOK = 2;
/** Writes looked at once, at the whole lag, before the half-lag look is tried again (the replica may have caught up). */
const ONE_LOOK_WRITES_BEFORE_PROBE = 9;

/**
 * The harness's looks at its own writes (a seed or an edit must be readable before a sync pass starts), learning
 * from each write. It looks at half the lag and at the whole lag, as `lookAcrossLag`. A replica that keeps missing
 * the half-lag look (its lag near the bound) would cost two reads per write against the tenant's rate limit
 * (PowerOffice: 10 per second per key): after two such writes in a row it is looked at once, at the whole lag, and
 * every tenth write tries the half-lag look again, in case the replica got quicker. One per client: a worker's
 * writes teach it about the one replica they go to.
 */
export class ReplicaLooks {
  #missedInARow = 0;
  #oneLookWrites = 0;

  constructor(readonly lagMs: number) {}

  /** Looks until `shows()` is true or the lag has passed; true when it was seen. */
  async untilShows(shows: () => Promise<boolean>): Promise<boolean> {
    if (this.lagMs <= 0) return shows();
    const halfFirst = !this.#oneLook();
    let looks = 0;
    const seen = await lookAt(halfFirst ? [this.lagMs / 2, this.lagMs] : [this.lagMs], async () => {
      looks++;
      return (await shows()) ? true : null;
    });
    if (halfFirst) this.#missedInARow = seen && looks === 1 ? 0 : this.#missedInARow + 1;
    return seen !== null;
  }

  /** Whether this write gets one look (at the whole lag): the half-lag look kept missing, and this is no probe. */
  #oneLook(): boolean {
    if (this.#missedInARow < MISSES_BEFORE_ONE_LOOK) return false;
    if (this.#oneLookWrites < ONE_LOOK_WRITES_BEFORE_PROBE) {
      this.#oneLookWrites++;
      return true;
    }
    this.#oneLookWrites = 0;
    return false;
  }
}
