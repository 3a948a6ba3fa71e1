// A share pipe: writes one datatype's records so they hold the values the merge pipes agreed on, and creates the
// records the merge pipes asked for. Only values that differ are written, one update per record; Talk never
// deletes, and neither does this. What a write returns goes back into the collect dataset, so the next pass
// finds nothing new and a second pass with no edits writes nothing.
import { decodeAs, equalAs, isEmptyValue } from "../../../support/codecs/index.ts";
import type { PropertyCodec, Scalar } from "../../../support/codecs/index.ts";
import { isApiError } from "../../../support/clients/http/errors.ts";
import type { StoredEntity } from "../dataset.ts";
import { storeRecord } from "./collect.ts";
import { sourceValues } from "./merge.ts";
import { adapterOf, type RunContext, type RunResult } from "./context.ts";
import type { Row, Side, SideName, SyncFlow } from "./plan.ts";
import type { DatatypeAdapter } from "./resources.ts";
import type { Collected, GlobalEntity } from "./state.ts";

type Entity = StoredEntity<Collected>;

interface Wanted {
  row: Row;
  property: PropertyCodec;
  value: Scalar;
  /** When the value changed where it came from: between two flows wanting different values, the newer wins. */
  changedAt: number;
}

interface Counters {
  updated: number;
  created: number;
  failed: number;
  gone: number;
  deferred: number;
  blocked: number;
  /** Rows and creations left to the next merge: a record changed after the merge resolved them. */
  stale: number;
}

const otherSide = (side: SideName): SideName => (side === "a" ? "b" : "a");
const writesTo = (row: Row, side: SideName) => (side === "a" ? row.toA : row.toB);

export async function runShare(side: Side, ctx: RunContext): Promise<RunResult> {
  const counters: Counters = { updated: 0, created: 0, failed: 0, gone: 0, deferred: 0, blocked: 0, stale: 0 };
  const adapter = adapterOf(ctx, side.key);
  const flows = ctx.plan.flows.filter((flow) => flow.a === side || flow.b === side);
  const wanted = new Map<string, Map<string, Wanted>>();
  const creations: { flow: SyncFlow; entity: StoredEntity<GlobalEntity>; as: SideName }[] = [];

  for (const flow of flows) {
    const as: SideName = flow.a === side ? "a" : "b";
    const from = otherSide(as);
    const sources = ctx.state.collectedOf(flow[from].key);
    const targets = ctx.state.collectedOf(side.key);
    const table = ctx.state.linksOf(flow.key);
    for (const entity of ctx.state.globalOf(flow.global).current()) {
      if (entity.flow !== flow.key) continue;
      const { a, b } = entity;
      if (a === null || b === null) {
        // A creation request: made by the share of the side it names; nothing to write to its source record.
        if (entity[as] === null && entity.create === as) creations.push({ flow, entity, as });
        continue;
      }
      const member = as === "a" ? a : b;
      const source = sources.get(as === "a" ? b : a);
      const link = table.byA.get(a);
      const records = { [as]: targets.get(member), [from]: source } as Record<SideName, Entity | undefined>;
      for (const row of flow.rows) {
        const value = entity.values[row.key];
        if (value === undefined || !writesTo(row, as)) continue;
        if (link?.b !== b || !stillAsResolved(row, link.resolvedFrom[row.key], records)) {
          counters.stale++;
          continue;
        }
        const property = row[as];
        const changedAt = Date.parse(source?.changedAt[row[from].path] ?? "") || 0;
        const perRecord = wanted.get(member) ?? new Map<string, Wanted>();
        const existing = perRecord.get(property.path);
        if (!existing || changedAt > existing.changedAt)
          perRecord.set(property.path, { row, property, value, changedAt });
        wanted.set(member, perRecord);
      }
    }
  }

  for (const [id, perRecord] of wanted) {
    ctx.signal.throwIfAborted();
    await updateRecord(side, adapter, id, [...perRecord.values()], ctx, counters);
  }
  for (const creation of creations) {
    ctx.signal.throwIfAborted();
    await createRecord(side, adapter, creation.flow, creation.entity, creation.as, ctx, counters);
  }
  return result(counters);
}

/**
 * Whether both records still hold what the merge resolved the row from. Runs of different pipes interleave when
 * several passes pump the node at once: a collect may have read an edit after the merge ran. Writing the merge's
 * answer then would undo that edit in the tenant (or, if the source moved on, make an old value the newest
 * change); the row waits for the next merge instead, which sees the edit.
 */
function stillAsResolved(
  row: Row,
  resolvedFrom: { a: Scalar; b: Scalar } | undefined,
  records: Record<SideName, Entity | undefined>,
): boolean {
  if (!resolvedFrom) return false;
  return (["a", "b"] as const).every((name) => {
    const record = records[name];
    return record !== undefined && !record._deleted && (record.values[row[name].path] ?? null) === resolvedFrom[name];
  });
}

function result(counters: Counters): RunResult {
  return {
    succeeded: counters.updated + counters.created,
    failed: counters.failed,
    syncType: "incremental",
    metrics: { ...counters },
  };
}

/** The names a drop-property defect may give a row by: the checklist's spellings and the codecs'. */
function rowNames(row: Row): string[] {
  return [row.names.a, row.names.b, row.a.path, row.b.path, ...row.a.aliases, ...row.b.aliases];
}

function writable(row: Row, ctx: RunContext): boolean {
  return rowNames(row).every((name) => ctx.behaviour.writesProperty(name));
}

/** The API changes that make a record hold the wanted values, or null when it already does. */
function changesFor(current: Record<string, Scalar>, wants: Wanted[], ctx: RunContext): Record<string, unknown> | null {
  const changes: Record<string, unknown> = {};
  for (const want of wants) {
    if (!writable(want.row, ctx)) continue;
    // Written only when the record differs from the wanted value, and what would be sent differs from it too.
    const out = ctx.behaviour.transformWrite(want.value);
    const decoded = decodeAs(want.row.type, current[want.property.path] ?? null);
    const now = decoded.ok ? decoded.value : null;
    if (decoded.ok && (equalAs(want.row.type, now, want.value) || equalAs(want.row.type, now, out))) continue;
    if (isEmptyValue(out) && !isEmptyValue(now) && !ctx.behaviour.emptyOverwrites) continue;
    // An empty value goes out as the API spells "empty" for the field (Hub wants "" for a name, null for an email).
    const empty = want.property.empty === undefined ? null : want.property.empty;
    Object.assign(changes, want.property.write(isEmptyValue(out) ? empty : out));
  }
  return Object.keys(changes).length === 0 ? null : changes;
}

async function updateRecord(
  side: Side,
  adapter: DatatypeAdapter,
  id: string,
  wants: Wanted[],
  ctx: RunContext,
  counters: Counters,
): Promise<void> {
  const collected = ctx.state.collectedOf(side.key);
  const record = collected.get(id);
  if (!record || record._deleted) return;
  const changes = changesFor(record.values, wants, ctx);
  if (!changes) return;
  if (!ctx.behaviour.writesTo(side.info.system)) {
    counters.blocked++;
    return;
  }
  const write = async () => {
    const written = await adapter.update(record.key, changes, { signal: ctx.signal });
    storeRecord(side, adapter, ctx.state, written, new Date().toISOString());
    ctx.state.sharedOf(side.key).put(id, { key: record.key, written: changes, created: false });
  };
  if (ctx.behaviour.lateWrites) {
    counters.deferred++;
    ctx.later(`update ${side.key} ${id} ${JSON.stringify(changes)}`, write);
    return;
  }
  try {
    await write();
    counters.updated++;
  } catch (error) {
    if (!refused(error)) throw error;
    if (isApiError(error) && error.status === 404) {
      // The record was deleted in the tenant: the next merge drops its links.
      collected.delete(id);
      counters.gone++;
      return;
    }
    counters.failed++;
    ctx.log(`${side.key} ${id}: update refused: ${(error as Error).message}`);
  }
}

async function createRecord(
  side: Side,
  adapter: DatatypeAdapter,
  flow: SyncFlow,
  entity: StoredEntity<GlobalEntity>,
  as: SideName,
  ctx: RunContext,
  counters: Counters,
): Promise<void> {
  const from = otherSide(as);
  const sourceId = entity[from];
  const source = sourceId === null ? undefined : ctx.state.collectedOf(flow[from].key).get(sourceId);
  if (!source || source._deleted || sourceId === null) return;
  if (!sameValues(flow, entity.values, sourceValues(flow, from, source))) {
    // The source changed since the merge asked: a record made from the older values would be the pair's newest
    // change and win over the edit. The next merge asks again with the values as they are.
    counters.stale++;
    return;
  }
  const wants: Wanted[] = flow.rows
    .filter(
      (row) =>
        writesTo(row, as) && entity.values[row.key] !== undefined && !isEmptyValue(entity.values[row.key] ?? null),
    )
    .map((row) => ({ row, property: row[as], value: entity.values[row.key] ?? null, changedAt: 0 }));
  const changes = changesFor({}, wants, ctx) ?? {};
  if (!ctx.behaviour.writesTo(side.info.system)) {
    counters.blocked++;
    return;
  }
  const table = ctx.state.linksOf(flow.key);
  const create = async () => {
    const record = await adapter.create({ changes, name: source.name }, { signal: ctx.signal });
    storeRecord(side, adapter, ctx.state, record, new Date().toISOString());
    const key = adapter.key(record);
    ctx.state.sharedOf(side.key).put(key.id, { key, written: changes, created: true });
    if (entity.duplicateOf !== undefined) table.duplicated.add(entity.duplicateOf);
    else if (as === "b") table.add(sourceId, key.id, "created");
    else table.add(key.id, sourceId, "created");
  };
  if (ctx.behaviour.lateWrites) {
    counters.deferred++;
    ctx.later(`create ${side.key} from ${sourceId}`, create);
    return;
  }
  try {
    await create();
    counters.created++;
  } catch (error) {
    if (!refused(error)) throw error;
    counters.failed++;
    ctx.log(`${side.key}: create from ${flow[from].key} ${sourceId} refused: ${(error as Error).message}`);
  }
}

function sameValues(flow: SyncFlow, x: Record<string, Scalar>, y: Record<string, Scalar>): boolean {
  return flow.rows.every((row) => {
    const [vx, vy] = [x[row.key], y[row.key]];
    return vx === undefined || vy === undefined ? vx === vy : equalAs(row.type, vx, vy);
  });
}

/**
 * The tenant refused this record (4xx other than throttling): count it and go on, as Sesam logs a write error.
 * Anything else (5xx, network, retries exhausted, stop) fails the run.
 */
function refused(error: unknown): boolean {
  return (
    isApiError(error) &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 429 &&
    error.status !== 408
  );
}
