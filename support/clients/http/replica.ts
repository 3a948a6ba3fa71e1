// Reads that may lag writes. PowerOffice Go answers GETs from a replica that is "typically below 1 second" behind
// and advises waiting 1-2 s after a write before reading it (go-api-documentation docs/api/common/limitations.md,
// "Live data"). A lookup for something just written therefore looks again until that long has passed before it
// concludes the thing is not there.
import { setTimeout as sleep } from "node:timers/promises";

/** The first wait between looks; each later one doubles, up to MAX_POLL_MS. */
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 1_000;

/**
 * `look()` until it finds something or `lagMs` has passed since the first look (one last look at the end), so a
 * record written just before is seen once the replica has it. With `lagMs` 0 it looks once.
 */
export async function lookAcrossLag<T>(
  look: () => Promise<T | null>,
  lagMs: number,
  signal?: AbortSignal,
): Promise<T | null> {
  const deadline = performance.now() + lagMs;
  for (let wait = FIRST_POLL_MS; ; wait = Math.min(wait * 2, MAX_POLL_MS)) {
    const found = await look();
    if (found !== null) return found;
    const left = deadline - performance.now();
    if (left <= 0) return null;
    await sleep(Math.min(wait, left), undefined, { signal });
  }
}
