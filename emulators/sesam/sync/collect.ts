// A collect pipe: reads one datatype's records from its tenant into the collect dataset. PowerOffice is read
// incrementally (records changed after the watermark, minus a small overlap against same-instant changes);
// Hub has no such filter, so every user is paged through with a projection. Either way a run's cost follows
// the tenant's size and the changes, never the history.
import type { Dataset } from "../dataset.ts";
import type { Side } from "./plan.ts";
import type { DatatypeAdapter } from "./resources.ts";
import type { Collected, SyncState } from "./state.ts";
import { adapterOf, type RunContext, type RunResult } from "./context.ts";

/** Re-read records changed this long before the watermark: a change in the same instant as the newest seen. */
export const WATERMARK_OVERLAP_MS = 1_000;

export async function runCollect(side: Side, ctx: RunContext): Promise<RunResult> {
  const adapter = adapterOf(ctx, side.key);
  const dataset = ctx.state.collectedOf(side.key);
  const watermark = ctx.state.watermarks.get(side.key);
  const incremental = !adapter.fullListing && watermark !== undefined;
  const since = incremental ? new Date(Date.parse(watermark) - WATERMARK_OVERLAP_MS).toISOString() : undefined;
  const seen = new Set<string>();
  let read = 0;
  let changed = 0;
  let removed = 0;
  let newest = watermark;
  for await (const record of adapter.list(since, { signal: ctx.signal })) {
    read++;
    const key = adapter.key(record);
    const at = adapter.changedAt(record);
    if (at !== null && (newest === undefined || Date.parse(at) > Date.parse(newest))) newest = at;
    if (!adapter.includes(record)) {
      // It left the datatype (e.g. a customer no longer a person).
      if (dataset.delete(key.id)) removed++;
      continue;
    }
    seen.add(key.id);
    if (storeRecord(side, adapter, ctx.state, record, ctx.now.toISOString())) changed++;
  }
  if (!incremental) {
    for (const entity of dataset.current()) {
      if (!seen.has(entity._id) && dataset.delete(entity._id)) removed++;
    }
  }
  if (newest !== undefined) ctx.state.watermarks.set(side.key, newest);
  return {
    succeeded: changed + removed,
    failed: 0,
    syncType: incremental ? "incremental" : "full",
    metrics: { entities_read: read, entities_changed: changed, entities_deleted: removed },
  };
}

/**
 * Writes a record as the collect dataset keeps it; returns whether that made a new version. Used by the collect
 * pipe and by the share pipe for the record a write returned (so the next collect finds nothing new).
 */
export function storeRecord(
  side: Side,
  adapter: DatatypeAdapter,
  state: SyncState,
  record: unknown,
  observedAt: string,
): boolean {
  const dataset: Dataset<Collected> = state.collectedOf(side.key);
  const key = adapter.key(record);
  const previous = dataset.get(key.id);
  const live = previous && !previous._deleted ? previous : undefined;
  const changedTime = adapter.changedAt(record) ?? observedAt;
  const values: Collected["values"] = {};
  const changedAt: Collected["changedAt"] = {};
  for (const property of side.codec.properties) {
    const value = property.read(record);
    values[property.path] = value;
    const before = live?.changedAt[property.path];
    changedAt[property.path] =
      live && live.values[property.path] === value && before !== undefined ? before : changedTime;
  }
  const content: Collected = {
    key,
    name: adapter.displayName(record),
    values,
    changedAt,
    firstSeen: live?.firstSeen ?? state.nextOrder(),
  };
  return dataset.put(key.id, content) !== null;
}
