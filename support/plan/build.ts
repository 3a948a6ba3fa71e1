import type { Checklist, Flow, MergeRule, SyncedProperty } from "../checklist/model.ts";
import { resolveFlow, resolvePair } from "./resolve.ts";
import type { Resolution } from "./resolve.ts";
import { otherSide, sideName, slug } from "./titles.ts";
import type { CaseKind, PlannedCase, PlannedFlow, PropertyPair, ResolvedFlow, Side } from "./types.ts";

const SIDES: Side[] = ["source", "target"];

/** Every test the checklists ask for, in document order; cases the harness cannot run carry the reason. */
export function buildPlan(checklists: readonly Checklist[]): PlannedFlow[] {
  return checklists.flatMap((checklist) => checklist.flows.map((flow) => planFlow(checklist, flow)));
}

function planFlow(checklist: Checklist, flow: Flow): PlannedFlow {
  const resolution = resolveFlow(flow);
  const resolved = resolution.ok ? resolution.value : null;
  const flowSkip = resolution.ok ? null : resolution.reason;
  const cases: PlannedCase[] = [];
  const docTag = `@doc-${slug(checklist.file.replace(/^.*\//, "").replace(/\.rst$/, ""))}`;
  const flowTag = `@flow-${slug(`${flow.source.datatype} to ${flow.target.system} ${flow.target.datatype}`)}`;
  const add = (kind: CaseKind, fields: Omit<PlannedCase, "id" | "kind" | "checklist" | "flow" | "resolved" | "tags"> & { tag: string }) => {
    const { tag, ...rest } = fields;
    const id = [checklist.file, flow.line, kind, fields.line, fields.edited ?? "-"].join(":");
    cases.push({ ...rest, id, kind, checklist, flow, resolved, tags: [tag, flowTag, docTag] });
  };

  const flowWide = flowSkip ?? flowLevelReason(flow, resolved);
  if (flowWide !== null || flow.mergeRules.length + flow.syncedProperties.length === 0) {
    add("flow", { line: flow.line, title: `flow: ${flow.title}`, tag: "@flow", skip: flowWide ?? emptyFlowReason(flow) });
  }

  for (const rule of flow.mergeRules) {
    const pair = flowSkip ? fail(flowSkip) : mergePair(resolved, rule);
    const label = `merge rule ${rule.source} = ${rule.target} (line ${rule.line})`;
    const linkSkip = pair.ok ? observableReason(flow, resolved) : pair.reason;
    const common = { line: rule.line, mergeRule: rule, ...(pair.ok ? { pair: pair.value } : {}), tag: "@merge" };
    add("merge-links", { ...common, title: `${label}: records with equal values are linked`, skip: linkSkip });
    add("merge-no-link", { ...common, title: `${label}: records with different values stay apart`, skip: linkSkip });
    for (const side of SIDES) {
      const property = pair.ok ? pair.value[side] : null;
      const skip = linkSkip ?? (property && !property.writable ? readOnly(flow, side, property.path) : null);
      add("link-survives", {
        ...common,
        edited: side,
        tag: "@link",
        title: `${label}: the link survives a change of ${rule[side]} in ${sideName(flow, side)}`,
        skip,
      });
    }
  }

  for (const row of flow.syncedProperties) {
    const pair = flowSkip ? fail(flowSkip) : syncedPair(resolved, row);
    for (const side of SIDES) {
      const other = otherSide(side);
      const property = pair.ok ? pair.value[side] : null;
      const receiver = pair.ok ? pair.value[other] : null;
      const skip = !pair.ok
        ? pair.reason
        : (linkReason(flow, resolved) ??
          (side === "target" && !flow.bidirectional ? oneWay(flow) : null) ??
          (property && !property.writable ? readOnly(flow, side, property.path) : null) ??
          (receiver && !receiver.writable ? unwritable(flow, other, receiver.path) : null));
      add("synced", {
        line: row.line,
        syncedProperty: row,
        ...(pair.ok ? { pair: pair.value } : {}),
        edited: side,
        tag: "@sync",
        title: `${row.source} <-> ${row.target} "${row.targetType}" (line ${row.line}): an edit in ${sideName(flow, side)} reaches ${sideName(flow, other)}`,
        skip,
      });
    }
  }

  if (resolved?.observable && resolved.linkBy && flow.bidirectional) {
    const { row, pair } = resolved.observable;
    for (const newer of SIDES) {
      const older = otherSide(newer);
      add("newest-wins", {
        line: row.line,
        syncedProperty: row,
        pair,
        edited: newer,
        tag: "@talk-rules",
        title: `Talk rule: the newest edit wins (${row[older]} in ${sideName(flow, older)} edited before ${row[newer]} in ${sideName(flow, newer)})`,
        skip: null,
      });
    }
    for (const side of SIDES) {
      const other = otherSide(side);
      const property = pair[side];
      add("empty-keeps", {
        line: row.line,
        syncedProperty: row,
        pair,
        edited: side,
        tag: "@talk-rules",
        title: `Talk rule: an empty ${row[side]} in ${sideName(flow, side)} does not wipe ${row[other]} in ${sideName(flow, other)}`,
        skip: property.empty === undefined ? `${sideName(flow, side)} ${property.path} cannot be emptied: the API requires a value` : null,
      });
    }
  }

  if ((flow.syncAll || flow.createIfNoMatch) && !flowSkip) {
    add("creates-missing", {
      line: flow.line,
      tag: "@create",
      title: `a ${sideName(flow, "source")} with no match gets a new ${sideName(flow, "target")}`,
      skip: resolved?.observable ? null : "the new record cannot be found: the flow has no synced property to look it up by",
    });
  }

  return { checklist, flow, resolved, cases };
}

const fail = (reason: string): Resolution<never> => ({ ok: false, reason });

function mergePair(resolved: ResolvedFlow | null, rule: MergeRule): Resolution<PropertyPair> {
  if (!resolved) return fail("flow not resolved");
  const type = resolved.source.property(rule.source)?.type ?? "string";
  return resolvePair(resolved.source, resolved.target, rule.source, rule.target, type, [
    rule.sourceQualifier,
    rule.targetQualifier,
  ]);
}

function syncedPair(resolved: ResolvedFlow | null, row: SyncedProperty): Resolution<PropertyPair> {
  if (!resolved) return fail("flow not resolved");
  return resolvePair(resolved.source, resolved.target, row.source, row.target, row.targetType, [
    row.sourceQualifier,
    row.targetQualifier,
  ]);
}

function flowLevelReason(flow: Flow, resolved: ResolvedFlow | null): string | null {
  if (!resolved) return null;
  if (flow.kind === "created-from") {
    const via = flow.createdFrom.flatMap((item) => item.via).join(", ");
    return `records are created only when connected to ${via}, which the harness does not seed`;
  }
  if (flow.kind === "conditional") {
    return `synchronized only under a condition the harness cannot set up: "${flow.conditions[0]?.text ?? ""}"`;
  }
  return null;
}

function emptyFlowReason(flow: Flow): string {
  return `${flow.title} states no merge rule and no synced property: nothing to test`;
}

/** Why a test cannot link a pair of records, or null. */
function linkReason(flow: Flow, resolved: ResolvedFlow | null): string | null {
  if (flow.mergeRules.length === 0) {
    return "no merge rule: the document gives no property to link the records by";
  }
  if (!resolved?.linkBy) return "no merge rule the harness can write on both sides, so a test cannot link a pair";
  return null;
}

function observableReason(flow: Flow, resolved: ResolvedFlow | null): string | null {
  if (resolved?.observable) return null;
  if (flow.syncedProperties.length === 0) {
    return "link not observable: the flow has no synced property, so a link changes nothing the tenants show";
  }
  return "link not observable: no synced property of this flow can be edited and read on both sides";
}

function oneWay(flow: Flow): string {
  return `${flow.title} is not stated to sync both ways ("regardless of where it is edited" is absent)`;
}

function unwritable(flow: Flow, side: Side, path: string): string {
  return `${sideName(flow, side)} ${path} is assigned by the server: no sync can write it`;
}

function readOnly(flow: Flow, side: Side, path: string): string {
  return `${sideName(flow, side)} ${path} is assigned by the server: a test cannot edit it`;
}
