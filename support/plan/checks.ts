// The small named checks that decide whether the harness can run a case, and resolve what it runs with. Each row
// of a flow is resolved once here; build.ts only assembles cases from the answers.
import type { Flow, MergeRule } from "../checklist/model.ts";
import { isDataType } from "../codecs/index.ts";
import type { PropertyCodec } from "../codecs/index.ts";
import { findDatatype } from "../datatypes/index.ts";
import { reasons } from "./reasons.ts";
import type { FlowSides, PropertyPair, Side, SyncedPair } from "./types.ts";

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };
const fail = (reason: string): Checked<never> => ({ ok: false, reason });

/** Both of the flow's datatypes are ones the harness can seed and read. */
export function flowSides(flow: Flow): Checked<FlowSides> {
  const source = findDatatype(flow.source.system, flow.source.datatype);
  const target = findDatatype(flow.target.system, flow.target.datatype);
  if (source && target) return { ok: true, value: { source, target } };
  const missing = [source ? null : flow.source, target ? null : flow.target].filter((side) => side !== null);
  return fail(reasons.noAdapter(missing.map((side) => `${side.system} ${side.datatype}`).join(" and ")));
}

/** A flow-wide statement the harness cannot set up: dependent creation, a condition. */
export function flowWideReason(flow: Flow): string | null {
  if (flow.kind === "created-from") return reasons.createdFrom(flow.createdFrom.flatMap((item) => item.via).join(", "));
  if (flow.kind === "conditional") return reasons.conditionalFlow(flow.conditions[0]?.text ?? "");
  return null;
}

/** A row's pair of properties: no condition on it, a known data type, both properties mapped. */
export function rowPair(
  sides: FlowSides,
  paths: { source: string; target: string },
  type: string,
  qualifiers: readonly (string | null)[],
): Checked<PropertyPair> {
  const qualifier = qualifiers.find((text) => text !== null);
  if (qualifier) return fail(reasons.conditionalRow(qualifier));
  if (!isDataType(type)) return fail(reasons.unknownType(type));
  const source = sides.source.codec.property(paths.source);
  const target = sides.target.codec.property(paths.target);
  if (!source) return fail(reasons.unknownProperty(sides.source.codec, paths.source));
  if (!target) return fail(reasons.unknownProperty(sides.target.codec, paths.target));
  return { ok: true, value: { source, target, type } };
}

/** A merge rule's pair, compared as the source property's type (the document gives merge rules no type). */
export function rulePair(sides: FlowSides, rule: MergeRule): Checked<PropertyPair> {
  const type = sides.source.codec.property(rule.source)?.type ?? "string";
  return rowPair(sides, rule, type, [rule.sourceQualifier, rule.targetQualifier]);
}

const writableBoth = (pair: PropertyPair) => pair.source.writable && pair.target.writable;

/** What every case of a flow builds on, resolved once. */
export interface FlowFacts {
  sides: FlowSides;
  /** The merge rule a test seeds equal values of to link a pair: the first the harness can write on both sides. */
  linkBy: { rule: MergeRule; pair: PropertyPair } | null;
  /** The synced rows the harness can write on both sides, in document order. */
  writableRows: SyncedPair[];
}

export function flowFacts(flow: Flow, sides: FlowSides): FlowFacts {
  let linkBy: FlowFacts["linkBy"] = null;
  for (const rule of flow.mergeRules) {
    const pair = rulePair(sides, rule);
    if (pair.ok && writableBoth(pair.value)) {
      linkBy = { rule, pair: pair.value };
      break;
    }
  }
  const writableRows: SyncedPair[] = [];
  for (const row of flow.syncedProperties) {
    const pair = rowPair(sides, row, row.targetType, [row.sourceQualifier, row.targetQualifier]);
    if (pair.ok && writableBoth(pair.value)) writableRows.push({ ...pair.value, row });
  }
  return { sides, linkBy, writableRows };
}

/** Why a test cannot link a pair of records, or null. */
export function linkReason(flow: Flow, facts: FlowFacts): string | null {
  if (flow.mergeRules.length === 0) return reasons.noMergeRule();
  return facts.linkBy ? null : reasons.noWritableMergeRule();
}

/** A test edits `side`'s property: the server must not assign it. */
export function editableReason(flow: Flow, side: Side, property: PropertyCodec): string | null {
  return property.writable ? null : reasons.serverAssignedEdit(flow, side, property.path);
}

/** A sync writes `side`'s property: the server must not assign it. */
export function receivableReason(flow: Flow, side: Side, property: PropertyCodec): string | null {
  return property.writable ? null : reasons.serverAssignedWrite(flow, side, property.path);
}

/** An edit of the target side travels back only when the flow syncs both ways. */
export function directionReason(flow: Flow, edited: Side): string | null {
  return edited === "target" && !flow.bidirectional ? reasons.oneWay(flow) : null;
}
