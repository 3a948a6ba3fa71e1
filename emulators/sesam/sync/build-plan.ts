// From the parsed checklists to the sync's plan (plan.ts): the flows the reference sync supports (the same pair of
// datatypes named by several flows or documents becomes one), their merge rules and synced properties resolved
// to the sync's own mapping (mapping.ts), the pipes in pump order, and everything it cannot sync with the reason.
import type { Checklist, Endpoint, Flow } from "../../../support/checklist/model.ts";
import { findMapping, type Field } from "./mapping.ts";
import {
  allPipeId,
  collectPipeId,
  hasAllPipe,
  isWritten,
  mergePipeId,
  sharePipeId,
  transformPipeId,
  type PipeKind,
  type PipeSpec,
  type SyncFlow,
  type SyncPlan,
  type SyncSide,
  type Unsupported,
} from "./plan.ts";
import { isDataType } from "./values.ts";

type Resolved = { side: SyncSide; problem?: undefined } | { side?: undefined; problem: string };

function resolveSide(endpoint: Endpoint, sides: Map<string, SyncSide>): Resolved {
  const mapping = findMapping(endpoint.system, endpoint.datatype);
  const label = `${endpoint.system} ${endpoint.datatype}`;
  if (!mapping) return { problem: `the sync has no mapping for ${label}` };
  const key = `${mapping.system}/${mapping.datatype}`;
  let side = sides.get(key);
  if (!side) {
    side = { key, label, mapping };
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

export function buildSyncPlan(checklists: readonly Checklist[]): SyncPlan {
  const sides = new Map<string, SyncSide>();
  const flows = new Map<string, SyncFlow>();
  const unsupported: Unsupported[] = [];

  for (const checklist of checklists) {
    for (const flow of checklist.flows) {
      const source = `${checklist.file}:${flow.line}`;
      const note: Note = (reason, row) =>
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
      const merged = mergeInto(flows, from.side, to.side, source);
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

  // A flow whose merge rules were all unusable and which creates nothing can never link a record.
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

function mergeInto(flows: Map<string, SyncFlow>, from: SyncSide, to: SyncSide, source: string): SyncFlow {
  const key = [from.key, to.key].sort().join(" <-> ");
  let merged = flows.get(key);
  if (!merged) {
    const person = from.mapping.global === "person" || to.mapping.global === "person";
    merged = {
      key,
      title: `${from.label} <-> ${to.label}`,
      a: from,
      b: to,
      global: person ? "person" : "organisation",
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
    const pair = fieldPair(merged, flow, forward, rule.source, rule.target);
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
    const pair = fieldPair(merged, flow, forward, property.source, property.target);
    if (typeof pair === "string") {
      note(pair, row);
      continue;
    }
    // A row syncs source -> target, and back when the flow says "regardless of where it is edited"; never into a
    // field the API does not let a client write.
    const toB = (forward || flow.bidirectional) && pair.b.writable;
    const toA = (!forward || flow.bidirectional) && pair.a.writable;
    if (!toA && !toB) {
      note("the field it would write is read-only in the API", row);
      continue;
    }
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

/** The fields of a source/target path pair, oriented to the merged flow's a/b, or why there are none. */
function fieldPair(
  merged: SyncFlow,
  flow: Flow,
  forward: boolean,
  sourcePath: string,
  targetPath: string,
): { a: Field; b: Field } | string {
  const [sourceSide, targetSide] = forward ? [merged.a, merged.b] : [merged.b, merged.a];
  const source = sourceSide.mapping.field(sourcePath);
  const target = targetSide.mapping.field(targetPath);
  if (!source || !target) {
    return [
      source ? null : `the sync has no mapping for ${flow.source.system} ${flow.source.datatype} "${sourcePath}"`,
      target ? null : `the sync has no mapping for ${flow.target.system} ${flow.target.datatype} "${targetPath}"`,
    ]
      .filter(Boolean)
      .join("; ");
  }
  return forward ? { a: source, b: target } : { a: target, b: source };
}

/** One full pass, in order: every -all, every -collect, the merges, every -transform, every -share. */
function pipesOf(flows: SyncFlow[], sides: SyncSide[]): PipeSpec[] {
  const flowsOf = (side: SyncSide) => flows.filter((f) => f.a === side || f.b === side).map((f) => f.key);
  const globals = [...new Set(flows.map((f) => f.global))];
  const written = sides.filter((side) => isWritten(side, flows));
  const per = (kind: PipeKind, id: (side: SyncSide) => string, list: SyncSide[]): PipeSpec[] =>
    list.map((side) => ({ id: id(side), kind, side, flows: flowsOf(side) }));
  return [
    ...per("all", allPipeId, sides.filter(hasAllPipe)),
    ...per("collect", collectPipeId, sides),
    ...globals.map((global) => ({
      id: mergePipeId(global),
      kind: "merge" as const,
      global,
      flows: flows.filter((f) => f.global === global).map((f) => f.key),
    })),
    ...per("transform", transformPipeId, written),
    ...per("share", sharePipeId, written),
  ];
}
