// A share pipe (`<system>-<datatype>-share`; source `dataset` = the transform dataset, sink the tenant's API, as
// the connector templates): makes the tenant's records hold the desired values of the transform entities it has
// not processed yet (and those it left for later). An update is written only where a value differs, after the
// record is looked up and found still holding `$based_on` (lost-write prevention: the connector contract); a
// lookup older than the version the values were based on is a lagging replica and is repeated for a while. What a
// write returns goes back into the collect dataset, so the next pass finds nothing new. Talk never deletes, and
// neither does this.
import type { StoredEntity } from "../dataset.ts";
import { setTimeout as sleep } from "node:timers/promises";
import { storeCollected } from "./collect.ts";
import { adapterOf, type RunContext } from "./context.ts";
import type { RunReport } from "../pump.ts";
import { compareInstants, msOf } from "./instant.ts";
import type { Field } from "./mapping.ts";
import type { SyncSide } from "./plan.ts";
import type { ApiRecord, DatatypeAdapter, RecordKey } from "./resources.ts";
import { createRecord } from "./share-create.ts";
import {
  basedOnFields,
  changesFor,
  holds,
  newCounters,
  refused,
  sourcesHold,
  syncOf,
  type Outcome,
  type ShareCounters,
} from "./share-common.ts";
import { readPath } from "./values.ts";

export async function runShare(side: SyncSide, pipe: string, ctx: RunContext): Promise<RunReport> {
  const adapter = adapterOf(ctx, side.key);
  const source = ctx.state.transformedOf(side.key);
  const offset = ctx.state.offsetOf(pipe, source);
  const retries = ctx.state.retriesOf(pipe);
  // Everything this run takes on is queued for a retry first: a run that fails half way (a tenant that keeps
  // failing) leaves what it did not finish for the next run.
  for (const entity of source.query(offset === undefined ? {} : { since: offset })) retries.add(entity._id);
  ctx.state.setOffset(pipe, source);
  const ids = [...retries];
  const counters = newCounters();
  let processed = 0;
  let succeeded = 0;
  for (const id of ids) {
    ctx.signal.throwIfAborted();
    const entity = source.get(id);
    if (!entity || entity._deleted) {
      retries.delete(id);
      continue;
    }
    processed++;
    const outcome =
      "$based_on" in entity
        ? await updateRecord(side, adapter, entity, ctx, counters)
        : await createRecord(side, adapter, entity, ctx, counters);
    if (outcome !== "retry") retries.delete(id);
    if (outcome !== "retry" && outcome !== "failed") succeeded++;
    if (outcome === "unchanged") counters.unchanged++;
  }
  return {
    processed,
    changed: counters.updated + counters.created,
    succeeded,
    failed: counters.failed,
    syncType: "incremental",
    metrics: { ...counters, retry_entities: retries.size },
  };
}

async function updateRecord(
  side: SyncSide,
  adapter: DatatypeAdapter,
  entity: StoredEntity,
  ctx: RunContext,
  counters: ShareCounters,
): Promise<Outcome> {
  const sync = syncOf(entity);
  const id = String(entity[side.mapping.primaryKey]);
  const key: RecordKey = { id, ...(entity.ContactId !== undefined ? { parent: String(entity.ContactId) } : {}) };
  const collected = ctx.state.collectedOf(side.key);
  const record = collected.get(id);
  if (!record || record._deleted) return "unchanged";
  const fields = basedOnFields(side, entity);
  if (!sourcesHold(sync, ctx) || !holds(record, entity.$based_on, fields)) {
    counters.stale++;
    return "retry";
  }
  const changes = changesFor(side, record, entity, sync, ctx);
  if (changes.length === 0) return "unchanged";
  if (!ctx.behaviour.writesTo(side.mapping.system)) {
    counters.blocked++;
    return "retry";
  }
  const write = async (): Promise<Outcome> => {
    const current = await lookUpHolding(adapter, key, entity.$based_on, fields, ctx);
    if (current === "gone") {
      // Deleted in the tenant (PowerOffice lists changes only: this is where its deletion shows).
      collected.delete(id);
      counters.gone++;
      return "gone";
    }
    if (current === "changed") {
      counters.lost_write_prevented++;
      return "retry";
    }
    const written = await adapter.update(key, current, changes, ctx.signal);
    storeCollected(side, adapter, ctx.state, written, new Date().toISOString());
    ctx.state.sharedOf(side.key).put(entity._id, {
      $ids: entity.$ids,
      written: Object.fromEntries(changes.map((c) => [c.field.path, c.value])),
    });
    return "written";
  };
  if (ctx.behaviour.lateWrites) {
    counters.deferred++;
    ctx.later(`update ${side.key} ${id} ${JSON.stringify(changes.map((c) => [c.field.path, c.value]))}`, async () => {
      await write();
    });
    return "deferred";
  }
  try {
    const outcome = await write();
    if (outcome === "written") counters.updated++;
    return outcome;
  } catch (error) {
    if (!refused(error)) throw error;
    if (error.status === 404) {
      collected.delete(id);
      counters.gone++;
      return "gone";
    }
    counters.failed++;
    ctx.log(`${side.key} ${id}: update refused: ${error.message}`);
    return "failed";
  }
}

/**
 * The record as the tenant holds it, when it still holds the `$based_on` values; "changed" when it does not,
 * "gone" when it no longer exists. PowerOffice reads come from a replica that lags writes: while the read is
 * older than the version the values were based on (and that version is younger than the lag), it is repeated.
 */
async function lookUpHolding(
  adapter: DatatypeAdapter,
  key: RecordKey,
  basedOn: unknown,
  fields: readonly Field[],
  ctx: RunContext,
): Promise<ApiRecord | "changed" | "gone"> {
  const version = readPath(basedOn, ["LastChangedDateTimeOffset"]);
  const lagEnds = typeof version === "string" ? msOf(version) + ctx.timings.readLagMs : Number.NaN;
  const deadline = Math.min(Date.now() + ctx.timings.readLagMs, Number.isNaN(lagEnds) ? 0 : lagEnds);
  for (let wait = 50; ; wait = Math.min(wait * 2, 400)) {
    const record = await adapter.lookup(key, ctx.signal);
    if (record !== null && holds(record, basedOn, fields)) return record;
    const seen = record === null ? null : adapter.lastModified(record);
    const newer = seen !== null && typeof version === "string" && compareInstants(seen, version) > 0;
    if (newer || Date.now() >= deadline) return record === null ? "gone" : "changed";
    await sleep(Math.min(wait, Math.max(1, deadline - Date.now())), undefined, { signal: ctx.signal });
  }
}
