// What the share pipe's update and create paths share: the outcome of one entity, the run's counters, the
// interleaving guard, which changes to send, and which tenant errors are a refusal of one record.
import { contentOf, type StoredEntity } from "../dataset.ts";
import type { RunContext } from "./context.ts";
import { readField, type Change, type Field } from "./mapping.ts";
import { SYNC_KEY } from "./merge.ts";
import type { SyncSide } from "./plan.ts";
import { TenantHttpError } from "./tenant/http.ts";
import type { TransformSync } from "./transform.ts";
import { decode, equal, isEmpty, readPath, type Scalar } from "./values.ts";

/** What became of one transform entity: written, already as wanted, to try again, refused, or its record gone. */
export type Outcome = "written" | "unchanged" | "deferred" | "retry" | "failed" | "gone";

export interface ShareCounters {
  updated: number;
  created: number;
  unchanged: number;
  failed: number;
  gone: number;
  /** Left for a later run: a record changed after the merge resolved what to write. */
  stale: number;
  /** Refused because the tenant no longer holds `$based_on` (lost-write prevention). */
  lost_write_prevented: number;
  blocked: number;
  deferred: number;
}

export const newCounters = (): ShareCounters => ({
  updated: 0,
  created: 0,
  unchanged: 0,
  failed: 0,
  gone: 0,
  stale: 0,
  lost_write_prevented: 0,
  blocked: 0,
  deferred: 0,
});

export function syncOf(entity: StoredEntity): TransformSync {
  return contentOf(entity)[SYNC_KEY] as TransformSync;
}

/**
 * Whether every source record still holds what the desired values were resolved from. Runs of different pipes
 * interleave when several passes pump the node at once: a collect may have read an edit after the merge ran.
 * Writing the older answer would undo that edit (or make an old value the newest change); the entity waits for
 * the next merge instead.
 */
export function sourcesHold(sync: TransformSync, ctx: RunContext): boolean {
  return Object.entries(sync.from).every(([id, fields]) => {
    const side = ctx.plan.sides.find((s) => id.startsWith(`${s.mapping.namespace}:`));
    if (!side) return false;
    const record = ctx.state.collectedOf(side.key).get(id.slice(side.mapping.namespace.length + 1));
    if (!record || record._deleted) return false;
    return Object.entries(fields).every(([path, raw]) => {
      const field = side.mapping.field(path);
      return field !== undefined && readField(record, field) === raw;
    });
  });
}

/**
 * The changes that make a record hold the desired values, after the behaviour's write transform: only values that
 * differ from what it holds, never an empty value over an existing one, never a field whose name a defect drops.
 */
export function changesFor(
  side: SyncSide,
  current: unknown,
  entity: StoredEntity,
  sync: TransformSync,
  ctx: RunContext,
): Change[] {
  const changes: Change[] = [];
  for (const [path, type] of Object.entries(sync.types)) {
    const field = side.mapping.field(path);
    if (!field?.writable) continue;
    if (!(sync.names[path] ?? [path]).every((name) => ctx.behaviour.writesProperty(name))) continue;
    const desired = readPath(entity, path.split("."));
    const out = ctx.behaviour.transformWrite(desired);
    const decoded = current === undefined ? null : decode(type, readField(current, field));
    const now: Scalar = decoded ? decoded.value : null;
    if (decoded && (equal(type, now, desired) || equal(type, now, out))) continue;
    // Empty over empty (null over "", or the reverse) changes nothing anyone reads; writing it would touch the
    // record (PowerOffice moves its LastChanged), so the next collect sees a change and the sync never settles.
    if (decoded && isEmpty(now) && isEmpty(out)) continue;
    if (isEmpty(out) && (current === undefined || (!isEmpty(now) && !ctx.behaviour.emptyOverwrites))) continue;
    if (isEmpty(out) && field.empty === undefined) continue;
    changes.push({ field, value: isEmpty(out) ? (field.empty as Scalar) : out });
  }
  return changes;
}

/** The fields of `$based_on_properties`, in the side's mapping. */
export function basedOnFields(side: SyncSide, entity: StoredEntity): Field[] {
  const paths = (entity.$based_on_properties as string[] | undefined) ?? [];
  return paths.map((path) => side.mapping.field(path)).filter((f): f is Field => f !== undefined);
}

/** Whether a record holds the `$based_on` values of the given fields. */
export function holds(record: unknown, basedOn: unknown, fields: readonly Field[]): boolean {
  return fields.every((field) => readField(record, field) === readPath(basedOn, field.path.split(".")));
}

/**
 * The tenant refused this record (4xx other than throttling): counted and the run goes on, as Sesam logs a write
 * error. Anything else (5xx, network, retries exhausted, stop) fails the run.
 */
export function refused(error: unknown): error is TenantHttpError {
  return (
    error instanceof TenantHttpError && error.status >= 400 && error.status < 500 && ![408, 429].includes(error.status)
  );
}
