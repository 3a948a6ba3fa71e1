// From the parsed checklists to what the node runs: the flows the reference sync supports (the same pair of
// datatypes named by several flows or documents becomes one), their merge rules and synced properties resolved
// to codecs, the pipes in pump order, and everything it cannot sync with the reason.
import type { Checklist, Endpoint, Flow } from "../../../support/checklist/model.ts";
import { findCodec, isDataType } from "../../../support/codecs/index.ts";
import type { DataType, DatatypeCodec, PropertyCodec } from "../../../support/codecs/index.ts";
import { datatypeInfo, type DatatypeInfo, type GlobalType } from "./resources.ts";

export interface Side {
  /** `<system>/<datatype key>`, e.g. `poweroffice/customers-person`. */
  key: string;
  /** As the first checklist naming it writes it: "Powerofficego Customers person". */
  label: string;
  info: DatatypeInfo;
  codec: DatatypeCodec;
}

export type SideName = "a" | "b";

/** One synced-property row (or several identical rows), oriented a <-> b. */
export interface Row {
  key: string;
  a: PropertyCodec;
  b: PropertyCodec;
  /** The paths as the checklist writes them. */
  names: { a: string; b: string };
  type: DataType;
  /** Directions the row syncs in: toB copies a's value into b. */
  toA: boolean;
  toB: boolean;
  lines: number[];
}

export interface Rule {
  key: string;
  a: PropertyCodec;
  b: PropertyCodec;
  type: DataType;
  lines: number[];
}

export interface SyncFlow {
  key: string;
  title: string;
  a: Side;
  b: Side;
  global: GlobalType;
  rules: Rule[];
  rows: Row[];
  /** "Every a will be synchronized with a b" / "If no matching b is found, a new b will be created". */
  createB: boolean;
  createA: boolean;
  /** Where the flow comes from: `file:line` of each checklist section merged into it. */
  sources: string[];
}

export interface Unsupported {
  source: string;
  flow: string;
  /** Set for a single row the sync cannot handle (the rest of the flow is synced). */
  row?: string;
  reason: string;
}

export type PipeKind = "collect" | "merge" | "share";

export interface PipeSpec {
  id: string;
  kind: PipeKind;
  /** collect/share: the side it reads or writes; merge: the global type. */
  side?: Side;
  global?: GlobalType;
  flows: string[];
}

export interface SyncPlan {
  flows: SyncFlow[];
  sides: Side[];
  pipes: PipeSpec[];
  unsupported: Unsupported[];
}

const sideKey = (info: DatatypeInfo) => `${info.system}/${info.datatype}`;
const where = (flow: Flow, file: string) => `${file}:${flow.line}`;

export function collectPipeId(side: Side): string {
  return `${side.info.sesamSystem}-${side.info.datatype}-collect`;
}
export function sharePipeId(side: Side): string {
  return `${side.info.sesamSystem}-${side.info.datatype}-share`;
}
export function mergePipeId(global: GlobalType): string {
  return `global-${global}`;
}

type Resolved = { side: Side; problem?: undefined } | { side?: undefined; problem: string };

function resolveSide(endpoint: Endpoint, sides: Map<string, Side>): Resolved {
  const info = datatypeInfo(endpoint.system, endpoint.datatype);
  const codec = findCodec(endpoint.system, endpoint.datatype);
  const label = `${endpoint.system} ${endpoint.datatype}`;
  if (!codec) return { problem: `no codec for ${label}` };
  if (!info) return { problem: `no API adapter for ${label}` };
  const key = sideKey(info);
  let side = sides.get(key);
  if (!side) {
    side = { key, label, info, codec };
    sides.set(key, side);
  }
  return { side };
}

/** Why the reference sync leaves a whole flow alone, or null when it syncs it. */
function flowProblem(flow: Flow): string | null {
  if (flow.conditions.length > 0) {
    return `conditional flow ("${flow.conditions[0]?.text}"): the reference sync does not evaluate conditions`;
  }
  if (flow.createdFrom.length > 0) {
    return "dependent creation (created from connected records): out of the reference sync's scope";
  }
  if (flow.mergeRules.length === 0 && !flow.syncAll && !flow.createIfNoMatch) {
    return "no merge rules and no creation statement: nothing can link its records";
  }
  return null;
}

export function buildPlan(checklists: readonly Checklist[]): SyncPlan {
  const sides = new Map<string, Side>();
  const flows = new Map<string, SyncFlow>();
  const unsupported: Unsupported[] = [];

  for (const checklist of checklists) {
    for (const flow of checklist.flows) {
      const source = where(flow, checklist.file);
      const note = (reason: string, row?: string) =>
        unsupported.push({ source, flow: flow.title, reason, ...(row ? { row } : {}) });
      const problem = flowProblem(flow);
      if (problem) {
        note(problem);
        continue;
      }
      const from = resolveSide(flow.source, sides);
      const to = resolveSide(flow.target, sides);
      if (from.problem !== undefined || to.problem !== undefined) {
        note([from.problem, to.problem].filter(Boolean).join("; "));
        continue;
      }
      if (from.side.key === to.side.key) {
        note("both ends are the same datatype: the reference sync links records of two datatypes");
        continue;
      }
      const merged = mergeInto(flows, from.side, to.side, flow, source);
      // Oriented: does this checklist flow run a -> b (its source is the merged flow's a)?
      const forward = merged.a.key === from.side.key;
      addRules(merged, flow, forward, note);
      addRows(merged, flow, forward, note);
      if (flow.syncAll || flow.createIfNoMatch) {
        if (forward) merged.createB = true;
        else merged.createA = true;
      }
    }
  }

  // A flow whose merge rules were all unusable (no codec) and which creates nothing can never link a record.
  const flowList = [...flows.values()].filter((flow) => {
    if (flow.rules.length > 0 || flow.createA || flow.createB) return true;
    unsupported.push({
      source: flow.sources.join(", "),
      flow: flow.title,
      reason: "none of its merge rules can be evaluated",
    });
    return false;
  });
  const usedSides = [...sides.values()].filter((side) => flowList.some((f) => f.a === side || f.b === side));
  return { flows: flowList, sides: usedSides, pipes: pipesOf(flowList, usedSides), unsupported };
}

function mergeInto(flows: Map<string, SyncFlow>, from: Side, to: Side, flow: Flow, source: string): SyncFlow {
  const key = [from.key, to.key].sort().join(" <-> ");
  let merged = flows.get(key);
  if (!merged) {
    merged = {
      key,
      title: `${from.label} <-> ${to.label}`,
      a: from,
      b: to,
      global: from.info.global === "person" || to.info.global === "person" ? "person" : "organisation",
      rules: [],
      rows: [],
      createA: false,
      createB: false,
      sources: [],
    };
    flows.set(key, merged);
  }
  merged.sources.push(source);
  return merged;
}

type Note = (reason: string, row?: string) => void;

function addRules(merged: SyncFlow, flow: Flow, forward: boolean, note: Note): void {
  for (const rule of flow.mergeRules) {
    const row = `${rule.source} = ${rule.target} (line ${rule.line})`;
    if (rule.sourceQualifier || rule.targetQualifier) {
      note(
        `merge rule with a condition ("${rule.sourceQualifier ?? rule.targetQualifier}") the sync cannot evaluate`,
        row,
      );
      continue;
    }
    const pair = codecPair(merged, flow, forward, rule.source, rule.target);
    if (typeof pair === "string") {
      note(pair, row);
      continue;
    }
    const key = `${pair.a.path}=${pair.b.path}`;
    const existing = merged.rules.find((r) => r.key === key);
    if (existing) existing.lines.push(rule.line);
    else merged.rules.push({ key, a: pair.a, b: pair.b, type: pair.a.type, lines: [rule.line] });
  }
}

function addRows(merged: SyncFlow, flow: Flow, forward: boolean, note: Note): void {
  for (const property of flow.syncedProperties) {
    const row = `${property.source} -> ${property.target} (line ${property.line})`;
    if (property.sourceQualifier || property.targetQualifier) {
      note(
        `synced property with a condition ("${property.sourceQualifier ?? property.targetQualifier}") the sync cannot evaluate`,
        row,
      );
      continue;
    }
    if (!isDataType(property.targetType)) {
      note(`data type "${property.targetType}" is not one the sync knows (string, integer, float, boolean)`, row);
      continue;
    }
    const pair = codecPair(merged, flow, forward, property.source, property.target);
    if (typeof pair === "string") {
      note(pair, row);
      continue;
    }
    // A row syncs source -> target, and back when the flow says "regardless of where it is edited".
    const toB = forward || flow.bidirectional;
    const toA = !forward || flow.bidirectional;
    const key = `${pair.a.path}<->${pair.b.path}`;
    const existing = merged.rows.find((r) => r.key === key);
    if (existing) {
      existing.toA ||= toA;
      existing.toB ||= toB;
      existing.lines.push(property.line);
      continue;
    }
    const names = forward ? { a: property.source, b: property.target } : { a: property.target, b: property.source };
    merged.rows.push({ key, a: pair.a, b: pair.b, names, type: property.targetType, toA, toB, lines: [property.line] });
  }
}

/** The codecs of a source/target path pair, oriented to the merged flow's a/b, or why there are none. */
function codecPair(
  merged: SyncFlow,
  flow: Flow,
  forward: boolean,
  sourcePath: string,
  targetPath: string,
): { a: PropertyCodec; b: PropertyCodec } | string {
  const [sourceSide, targetSide] = forward ? [merged.a, merged.b] : [merged.b, merged.a];
  const source = sourceSide.codec.property(sourcePath);
  const target = targetSide.codec.property(targetPath);
  const missing = [
    source ? null : `no codec property for ${flow.source.system} ${flow.source.datatype} "${sourcePath}"`,
    target ? null : `no codec property for ${flow.target.system} ${flow.target.datatype} "${targetPath}"`,
  ].filter(Boolean);
  if (!source || !target) return missing.join("; ");
  return forward ? { a: source, b: target } : { a: target, b: source };
}

function pipesOf(flows: SyncFlow[], sides: Side[]): PipeSpec[] {
  const flowsOf = (side: Side) => flows.filter((f) => f.a === side || f.b === side).map((f) => f.key);
  const globals = [...new Set(flows.map((f) => f.global))];
  return [
    ...sides.map((side) => ({ id: collectPipeId(side), kind: "collect" as const, side, flows: flowsOf(side) })),
    ...globals.map((global) => ({
      id: mergePipeId(global),
      kind: "merge" as const,
      global,
      flows: flows.filter((f) => f.global === global).map((f) => f.key),
    })),
    ...sides.map((side) => ({ id: sharePipeId(side), kind: "share" as const, side, flows: flowsOf(side) })),
  ];
}
