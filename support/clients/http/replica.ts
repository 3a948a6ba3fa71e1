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
export async function lookAcrossLag<T>(
  look: () => Promise<T | null>,
  lagMs: number,
  signal?: AbortSignal,
): Promise<T | null> {
  const start = performance.now();
  for (const at of lagMs > 0 ? [lagMs / 2, lagMs] : [0]) {
    const wait = start + at - performance.now();
    if (wait > 0) await sleep(wait, undefined, { signal });
    const found = await look();
    if (found !== null) return found;
  }
  return null;
}
