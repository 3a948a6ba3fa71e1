import { setTimeout as sleep } from "node:timers/promises";
import type { ReplicaLooks } from "../clients/http/replica.ts";

// PowerOffice answers GETs from a replica that lags writes ("typically below 1 second"; PowerOffice advises
// waiting 1-2 s after a write before reading it: go-api-documentation docs/api/common/limitations.md, "Live data").
// A test that seeds or edits a record and then runs a sync pass must not let the sync read the tenant before the
// write is there to read, or the pass would not see it; nor may a search miss what the sync just wrote.

/**
 * After a write of the harness: returns once the replica shows the record as written (`shows`) at the half-lag
 * look, or once the read lag has passed (`ReplicaLooks`: past the lag it returns whatever the replica shows, as
 * someone else, a sync running on its own, may have changed the record since, so it does not look again then).
 */
export async function untilReplicaShows<T>(
  get: () => Promise<T | null>,
  shows: (record: T | null) => boolean,
  replica: ReplicaLooks,
): Promise<void> {
  await replica.untilShows(async () => shows(await get()));
}

/**
 * Waits out the read lag before a search that must see every write made before it was asked (which records
 * carry a value now, the sync's writes included). There is nothing to poll for: an empty answer may be the truth.
 */
export async function replicaCaughtUp(readLagMs: number): Promise<void> {
  if (readLagMs > 0) await sleep(readLagMs);
}
