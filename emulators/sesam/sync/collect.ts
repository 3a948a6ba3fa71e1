// The pipes that bring a tenant's records into the sync, shaped like Sesam's connector templates:
// - `<system>-<datatype>-all` (PowerOffice; source `rest`): lists the API into its dataset. Incremental by
//   LastChangedDateTimeOffset (after the newest seen, minus an overlap wider than the replica's lag), except for a
//   datatype whose synced fields live in a sub-entity: its edits do not move LastChangedDateTimeOffset (v2
//   OpenAPI, CustomerDto), so that `-all` lists everything every run and deletions show as absence.
// - `<system>-<datatype>-collect`: PowerOffice's reads the `-all` dataset since its offset (source `dataset`),
//   keeps the records of its datatype and adds `$last-modified`; Hub users have no changed-since filter, so
//   `youtrack-users-collect` pages through every user itself (source `rest`), as the connector does.
// A read never moves a collected record back in time: a listed record older than the version already collected
// (for instance the one a share write returned) is ignored.
import { compareInstants, msOf } from "./instant.ts";
import { readField } from "./mapping.ts";
import { needsFullRead, type SyncSide } from "./plan.ts";
import type { ApiRecord, DatatypeAdapter } from "./resources.ts";
import type { CollectEntity, SyncState } from "./state.ts";
import { adapterOf, type RunContext } from "./context.ts";
import type { RunReport } from "../pump.ts";

export async function runAll(side: SyncSide, ctx: RunContext): Promise<RunReport> {
  const adapter = adapterOf(ctx, side.key);
  const dataset = ctx.state.listedOf(side);
  const watermark = ctx.state.watermarks.get(side.key);
  const flows = ctx.plan.flows.filter((f) => f.a === side || f.b === side);
  const incremental = !needsFullRead(side, flows) && watermark !== undefined;
  const since = incremental ? new Date(msOf(watermark) - ctx.timings.watermarkOverlapMs).toISOString() : undefined;
  const seen = new Set<string>();
  let processed = 0;
  let changed = 0;
  let newest = watermark;
  for await (const record of adapter.list(since, ctx.signal)) {
    processed++;
    const id = adapter.key(record).id;
    seen.add(id);
    const at = adapter.lastModified(record);
    if (at !== null && (newest === undefined || compareInstants(at, newest) > 0)) newest = at;
    if (dataset.put(id, record)) changed++;
  }
  let deleted = 0;
  if (!incremental) {
    for (const entity of dataset.current()) if (!seen.has(entity._id) && dataset.delete(entity._id)) deleted++;
  }
  if (newest !== undefined) ctx.state.watermarks.set(side.key, newest);
  return {
    processed,
    changed: changed + deleted,
    succeeded: processed + deleted,
    failed: 0,
    syncType: incremental ? "incremental" : "full",
    metrics: { listed: processed, changed, deleted, ...(since ? {} : { full_read: 1 }) },
  };
}

export async function runCollect(side: SyncSide, pipe: string, ctx: RunContext): Promise<RunReport> {
  return side.mapping.system === "youtrack" ? collectFromTenant(side, ctx) : collectFromAll(side, pipe, ctx);
}

/** `youtrack-users-collect`: every user, paged; a user no longer listed is deleted. */
async function collectFromTenant(side: SyncSide, ctx: RunContext): Promise<RunReport> {
  const adapter = adapterOf(ctx, side.key);
  const dataset = ctx.state.collectedOf(side.key);
  const seen = new Set<string>();
  let processed = 0;
  let changed = 0;
  for await (const record of adapter.list(undefined, ctx.signal)) {
    processed++;
    seen.add(adapter.key(record).id);
    if (storeCollected(side, adapter, ctx.state, record, ctx.now.toISOString())) changed++;
  }
  let deleted = 0;
  for (const entity of dataset.current()) if (!seen.has(entity._id) && dataset.delete(entity._id)) deleted++;
  return {
    processed,
    changed: changed + deleted,
    succeeded: processed + deleted,
    failed: 0,
    syncType: "full",
    metrics: { listed: processed, changed, deleted },
  };
}

/** `powerofficego-<datatype>-collect`: the `-all` entities since the last run, narrowed to the datatype. */
function collectFromAll(side: SyncSide, pipe: string, ctx: RunContext): RunReport {
  const adapter = adapterOf(ctx, side.key);
  const source = ctx.state.listedOf(side);
  const dataset = ctx.state.collectedOf(side.key);
  const offset = ctx.state.offsetOf(pipe, source);
  let processed = 0;
  let changed = 0;
  let ignored = 0;
  for (const entity of source.query(offset === undefined ? {} : { since: offset })) {
    processed++;
    const { _id, _deleted, ...rest } = entity;
    const record = withoutMeta(rest);
    if (_deleted || !adapter.includes(record)) {
      // Deleted in the tenant (seen by a full read), or no longer of this datatype (a customer no longer a person).
      if (dataset.delete(_id)) changed++;
      continue;
    }
    const stored = storeCollected(side, adapter, ctx.state, record, ctx.now.toISOString());
    if (stored === "older") ignored++;
    else if (stored) changed++;
  }
  ctx.state.setOffset(pipe, source);
  return {
    processed,
    changed,
    succeeded: processed - ignored,
    failed: 0,
    syncType: offset === undefined ? "full" : "incremental",
    metrics: { read: processed, changed, ignored_older: ignored },
  };
}

/**
 * Writes a record as the collect dataset keeps it; true when that made a new version, "older" when the record is
 * older than the version collected (left alone). Used by the collect pipes and by the share pipes for what a
 * write returned (so the next pass finds nothing new).
 */
export function storeCollected(
  side: SyncSide,
  adapter: DatatypeAdapter,
  state: SyncState,
  record: ApiRecord,
  observedAt: string,
): boolean | "older" {
  const dataset = state.collectedOf(side.key);
  const id = adapter.key(record).id;
  const latest = dataset.get(id);
  const previous = latest && !latest._deleted ? latest : undefined;
  const lastModified = adapter.lastModified(record);
  const before = previous?.["$last-modified"];
  if (lastModified !== null && before !== undefined && compareInstants(lastModified, before) < 0) return "older";
  // A changed value is dated by the record's modification time when that moved; otherwise (Hub has none; a
  // PowerOffice sub-entity edit does not move it) by when the sync first saw it.
  const moved = lastModified !== null && (before === undefined || compareInstants(lastModified, before) > 0);
  const changedAt = moved ? lastModified : observedAt;
  const updated: Record<string, string> = {};
  for (const field of side.mapping.fields) {
    const value = readField(record, field);
    const kept = previous?.$updated[field.path];
    updated[field.path] = previous && kept !== undefined && readField(previous, field) === value ? kept : changedAt;
  }
  const origin = state.originOf(side.key, id) ?? previous?.$origin;
  const content: CollectEntity = {
    ...record,
    ...(lastModified !== null ? { "$last-modified": lastModified } : {}),
    $updated: updated,
    ...(origin !== undefined ? { $origin: origin } : {}),
  };
  state.firstSeen(`${side.mapping.namespace}:${id}`);
  return dataset.put(id, content) !== null;
}

/** An entity's content without the dataset's own fields (`_updated`, `_ts`, `_hash`, `_previous`). */
function withoutMeta(entity: Record<string, unknown>): ApiRecord {
  return Object.fromEntries(Object.entries(entity).filter(([key]) => !key.startsWith("_")));
}
