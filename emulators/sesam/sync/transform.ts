// A transform pipe (`<system>-<datatype>-transform`; source `dataset` = the merged dataset, as sesam-py's shim):
// the desired state of the datatype's records in the connector contract's shape
// (hub/documentation/connectors/connector-contract.rst). An update: `_id` the record's namespaced id, `$ids`, its
// primary key, the fields to write with the values they should hold, `$based_on` (those fields as collected, and
// PowerOffice's LastChangedDateTimeOffset of that version) and `$based_on_properties`. An insert: `_id` copied from
// the merged entity, `$ids`, `$origin` (the record it is made from), the values; no `$based_on`. Under
// `$reference-sync`: what the share needs beyond the contract (the source values the desired ones came from, the
// rows' data types and names).
import { contentOf, type StoredEntity } from "../dataset.ts";
import type { RunReport } from "../pump.ts";
import type { RunContext } from "./context.ts";
import { compareInstants } from "./instant.ts";
import { setPath, type Field } from "./mapping.ts";
import { SYNC_KEY, type ReferenceSync } from "./merge.ts";
import type { Row, SyncSide, SideName, SyncFlow } from "./plan.ts";
import { isEmpty, type DataType, type Scalar } from "./values.ts";

/** What the share reads from `$reference-sync` of a transform entity. */
export interface TransformSync {
  global: string;
  /** Namespaced id of a source record -> field path -> the raw value the desired values were resolved from. */
  from: Record<string, Record<string, Scalar>>;
  /** Field path -> the data type its rows compare under, and the names a checklist gives it. */
  types: Record<string, DataType>;
  names: Record<string, string[]>;
  /** Field path -> when the desired value changed where it came from. */
  changedAt: Record<string, string>;
  /** Inserts: the display name the new record takes, and the copied record for the duplicate-creates defect. */
  name?: string;
  duplicateOf?: string;
  flow?: string;
}

interface Want {
  field: Field;
  row: Row;
  value: Scalar;
  changedAt: string;
  basedOn: Scalar;
  source: { id: string; path: string; raw: Scalar };
}

const otherSide = (side: SideName): SideName => (side === "a" ? "b" : "a");
const writesTo = (row: Row, side: SideName) => (side === "a" ? row.toA : row.toB);
const rowNames = (row: Row) => [row.names.a, row.names.b, ...row.a.names, ...row.b.names];

export function runTransform(side: SyncSide, pipe: string, ctx: RunContext): RunReport {
  const target = ctx.state.transformedOf(side.key);
  const owners = ctx.state.derivedFrom.get(target.id) ?? new Map<string, string>();
  ctx.state.derivedFrom.set(target.id, owners);
  const globals = [...new Set(ctx.plan.flows.filter((f) => f.a === side || f.b === side).map((f) => f.global))];
  let processed = 0;
  let changed = 0;
  let updates = 0;
  let inserts = 0;
  for (const global of globals) {
    const source = ctx.state.globalOf(global);
    const offset = ctx.state.offsetOf(pipe, source);
    for (const entity of source.query(offset === undefined ? {} : { since: offset })) {
      processed++;
      const emitted = entity._deleted ? new Map<string, Record<string, unknown>>() : desired(side, entity, ctx);
      for (const [id, content] of emitted) {
        owners.set(id, entity._id);
        if (target.put(id, content)) changed++;
        if ("$based_on" in content) updates++;
        else inserts++;
      }
      // What this merged entity asked for before and no longer does (unless another entity asks for it now).
      for (const [id, owner] of owners) {
        if (owner !== entity._id || emitted.has(id)) continue;
        owners.delete(id);
        if (target.delete(id)) changed++;
      }
    }
    ctx.state.setOffset(pipe, source);
  }
  return {
    processed,
    changed,
    succeeded: processed,
    failed: 0,
    syncType: "incremental",
    metrics: { updates, inserts },
  };
}

/** The transform entities one merged entity asks for, by `_id`. */
function desired(side: SyncSide, entity: StoredEntity, ctx: RunContext): Map<string, Record<string, unknown>> {
  const sync = contentOf(entity)[SYNC_KEY] as ReferenceSync | undefined;
  const out = new Map<string, Record<string, unknown>>();
  if (!sync) return out;
  const flowOf = (key: string) => ctx.plan.flows.find((f) => f.key === key) as SyncFlow;

  const wants = new Map<string, { fields: Map<string, Want>; version: string | null }>();
  for (const link of sync.links) {
    const flow = flowOf(link.flow);
    if (flow.a !== side && flow.b !== side) continue;
    const as: SideName = flow.a === side ? "a" : "b";
    const from = otherSide(as);
    const member = link[as];
    for (const row of flow.rows) {
      const value = link.values[row.key];
      const resolved = link.resolvedFrom[row.key];
      if (value === undefined || !resolved || !writesTo(row, as)) continue;
      const want: Want = {
        field: row[as],
        row,
        value,
        changedAt: link.changedAt[row.key] ?? "",
        basedOn: resolved[as],
        source: { id: link[from], path: row[from].path, raw: resolved[from] },
      };
      const perRecord = wants.get(member) ?? { fields: new Map<string, Want>(), version: link.versions[as] };
      const existing = perRecord.fields.get(want.field.path);
      // Two flows wanting different values for one field: the newer change wins.
      if (!existing || compareInstants(want.changedAt, existing.changedAt) > 0)
        perRecord.fields.set(want.field.path, want);
      wants.set(member, perRecord);
    }
  }
  for (const [member, perRecord] of wants) {
    out.set(member, updateEntity(side, member, entity, [...perRecord.fields.values()], perRecord.version, ctx));
  }

  const creations = sync.creations.filter((c) => c.target === side.key);
  for (const creation of creations) {
    const id = creation.duplicateOf
      ? `${entity._id}#duplicate`
      : creations.length > 1
        ? `${entity._id}|${creation.source}`
        : entity._id;
    const content: Record<string, unknown> = { $ids: [`~:${id}`], $origin: `~:${creation.source}` };
    const extra: TransformSync = {
      global: entity._id,
      from: { [creation.source]: creation.sourceFields },
      types: {},
      names: {},
      changedAt: {},
    };
    for (const [path, { value, type, names }] of Object.entries(creation.fields)) {
      if (isEmpty(value)) continue;
      setPath(content, path.split("."), value);
      extra.types[path] = type;
      extra.names[path] = names;
    }
    out.set(id, {
      ...content,
      [SYNC_KEY]: {
        ...extra,
        name: creation.name,
        flow: creation.flow,
        ...(creation.duplicateOf ? { duplicateOf: creation.duplicateOf } : {}),
      },
    });
  }
  return out;
}

function updateEntity(
  side: SyncSide,
  member: string,
  entity: StoredEntity,
  wants: Want[],
  version: string | null,
  ctx: RunContext,
): Record<string, unknown> {
  const id = member.slice(side.mapping.namespace.length + 1);
  const primaryKey = side.mapping.primaryKey;
  const key = /^\d+$/.test(id) ? Number(id) : id;
  const content: Record<string, unknown> = { $ids: [`~:${member}`], [primaryKey]: key };
  // A contact person is addressed under its customer: carry the parent's id as the record has it (from the
  // collect dataset when two of the group's records share the namespace and their properties became lists).
  if (side.mapping.datatype === "contactperson") {
    const merged = contentOf(entity)[`${side.mapping.namespace}:ContactId`];
    content.ContactId = typeof merged === "number" ? merged : ctx.state.collectedOf(side.key).get(id)?.ContactId;
  }
  const basedOn: Record<string, unknown> = { [primaryKey]: key };
  if (version !== null) basedOn.LastChangedDateTimeOffset = version;
  const extra: TransformSync = { global: entity._id, from: {}, types: {}, names: {}, changedAt: {} };
  for (const want of wants) {
    const path = want.field.path.split(".");
    setPath(content, path, want.value);
    setPath(basedOn, path, want.basedOn);
    extra.types[want.field.path] = want.row.type;
    extra.names[want.field.path] = rowNames(want.row);
    extra.changedAt[want.field.path] = want.changedAt;
    extra.from[want.source.id] = { ...(extra.from[want.source.id] ?? {}), [want.source.path]: want.source.raw };
  }
  return {
    ...content,
    $based_on: basedOn,
    $based_on_properties: wants.map((want) => want.field.path),
    [SYNC_KEY]: extra,
  };
}
