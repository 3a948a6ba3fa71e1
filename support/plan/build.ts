import type { Checklist, Flow, MergeRule, SyncedProperty } from "../checklist/model.ts";
import {
  directionReason,
  editableReason,
  flowFacts,
  flowSides,
  flowWideReason,
  linkReason,
  observeReason,
  receivableReason,
  rowPair,
  rulePair,
  type FlowFacts,
} from "./checks.ts";
import { reasons } from "./reasons.ts";
import { seedPlan } from "./seeds.ts";
import { otherSide, sideName, slug } from "./titles.ts";
import type { CaseKind, PlannedCase, PlannedFlow, PropertyPair, RunnableCase, Side, SyncedPair } from "./types.ts";

const SIDES: Side[] = ["source", "target"];

/** Every test the checklists ask for, in document order; cases the harness cannot run carry the reason. */
export function buildPlan(checklists: readonly Checklist[]): PlannedFlow[] {
  return checklists.flatMap((checklist) => checklist.flows.map((flow) => planFlow(checklist, flow)));
}

/** What the kind-specific fields of a case leave to the common ones. */
type Head = { line: number; edited: Side | null; title: string; tag: string };
type WithoutHead<T> = T extends unknown ? Omit<T, "id" | "checklist" | "flow" | "tags" | "line" | "title" | "skip"> : never;
type RunnableFields = WithoutHead<RunnableCase>;

function planFlow(checklist: Checklist, flow: Flow): PlannedFlow {
  const cases: PlannedCase[] = [];
  const docTag = `@doc-${slug(checklist.file.replace(/^.*\//, "").replace(/\.rst$/, ""))}`;
  const flowTag = `@flow-${slug(`${flow.source.datatype} to ${flow.target.system} ${flow.target.datatype}`)}`;
  const common = (kind: CaseKind, head: Head) => ({
    id: [checklist.file, flow.line, kind, head.line, head.edited ?? "-"].join(":"),
    checklist,
    flow,
    line: head.line,
    edited: head.edited,
    title: head.title,
    tags: [head.tag, flowTag, docTag],
  });
  const skipped = (kind: CaseKind, head: Head, reason: string) => cases.push({ ...common(kind, head), kind, skip: reason });
  const runnable = (head: Head, fields: RunnableFields) =>
    cases.push({ ...common(fields.kind, head), ...fields, skip: null } as RunnableCase);

  const sides = flowSides(flow);
  const facts = sides.ok ? flowFacts(flow, sides.value) : null;
  const flowSkip = sides.ok ? null : sides.reason;
  const flowWide = flowSkip ?? flowWideReason(flow);
  if (flowWide !== null || flow.mergeRules.length + flow.syncedProperties.length === 0) {
    skipped("flow", { line: flow.line, edited: null, title: `flow: ${flow.title}`, tag: "@flow" }, flowWide ?? reasons.emptyFlow(flow));
  }

  for (const rule of flow.mergeRules) planMergeRule(flow, rule, facts, flowSkip, { skipped, runnable });
  for (const row of flow.syncedProperties) planSyncedRow(flow, row, facts, flowSkip, { skipped, runnable });
  if (facts && flow.bidirectional) planTalkRules(flow, facts, { skipped, runnable });
  if ((flow.syncAll || flow.createIfNoMatch) && facts) {
    const head: Head = {
      line: flow.line,
      edited: null,
      tag: "@create",
      title: `a ${sideName(flow, "source")} with no match gets a new ${sideName(flow, "target")}`,
    };
    const observe = facts.writableRows[0];
    if (!observe) skipped("creates-missing", head, reasons.createdNotFindable());
    else runnable(head, { kind: "creates-missing", ...runnableBase(facts, true), observe, rows: facts.writableRows, edited: null });
  }
  return { checklist, flow, cases };
}

interface Sink {
  skipped(kind: CaseKind, head: Head, reason: string): void;
  runnable(head: Head, fields: RunnableFields): void;
}

/** Every pair the flow links or syncs by, the link's first; and the seeds of a matching or kept-apart pair. */
function runnableBase(facts: FlowFacts, match: boolean, link: PropertyPair | null = facts.linkBy?.pair ?? null) {
  const pairs = [...(link ? [link] : []), ...facts.writableRows];
  return { sides: facts.sides, seeds: seedPlan(pairs, match), counterparts: pairs };
}

function planMergeRule(flow: Flow, rule: MergeRule, facts: FlowFacts | null, flowSkip: string | null, sink: Sink): void {
  const label = `merge rule ${rule.source} = ${rule.target} (line ${rule.line})`;
  const pair = facts ? rulePair(facts.sides, rule) : null;
  const observe = facts?.writableRows[0];
  const linkSkip = flowSkip ?? (pair && !pair.ok ? pair.reason : null) ?? (facts ? observeReason(flow, facts) : null);
  const heads: { kind: "merge-links" | "merge-no-link"; head: Head }[] = [
    { kind: "merge-links", head: { line: rule.line, edited: null, tag: "@merge", title: `${label}: records with equal values are linked` } },
    { kind: "merge-no-link", head: { line: rule.line, edited: null, tag: "@merge", title: `${label}: records with different values stay apart` } },
  ];
  for (const { kind, head } of heads) {
    if (linkSkip !== null || !facts || !pair?.ok || !observe) sink.skipped(kind, head, linkSkip ?? reasons.noSyncedProperty());
    else sink.runnable(head, { kind, ...runnableBase(facts, kind === "merge-links", pair.value), rule, key: pair.value, observe, edited: null });
  }
  for (const side of SIDES) {
    const head: Head = {
      line: rule.line,
      edited: side,
      tag: "@link",
      title: `${label}: the link survives a change of ${rule[side]} in ${sideName(flow, side)}`,
    };
    const skip = linkSkip ?? (pair?.ok ? editableReason(flow, side, pair.value[side]) : null);
    if (skip !== null || !facts || !pair?.ok || !observe) sink.skipped("link-survives", head, skip ?? reasons.noSyncedProperty());
    else sink.runnable(head, { kind: "link-survives", ...runnableBase(facts, true, pair.value), rule, key: pair.value, observe, edited: side });
  }
}

function planSyncedRow(flow: Flow, row: SyncedProperty, facts: FlowFacts | null, flowSkip: string | null, sink: Sink): void {
  const pair = facts ? rowPair(facts.sides, row, row.targetType, [row.sourceQualifier, row.targetQualifier]) : null;
  for (const side of SIDES) {
    const other = otherSide(side);
    const head: Head = {
      line: row.line,
      edited: side,
      tag: "@sync",
      title: `${row.source} <-> ${row.target} "${row.targetType}" (line ${row.line}): an edit in ${sideName(flow, side)} reaches ${sideName(flow, other)}`,
    };
    const skip =
      flowSkip ??
      (pair && !pair.ok ? pair.reason : null) ??
      (facts ? linkReason(flow, facts) : null) ??
      directionReason(flow, side) ??
      (pair?.ok ? (editableReason(flow, side, pair.value[side]) ?? receivableReason(flow, other, pair.value[other])) : null);
    if (skip !== null || !facts || !pair?.ok) sink.skipped("synced", head, skip ?? reasons.noMergeRule());
    else sink.runnable(head, { kind: "synced", ...runnableBase(facts, true), row, pair: pair.value, edited: side });
  }
}

/** Talk's own rules, checked on the flow's first synced row both sides can write: newest edit wins, empty keeps. */
function planTalkRules(flow: Flow, facts: FlowFacts, sink: Sink): void {
  const observed: SyncedPair | undefined = facts.writableRows[0];
  if (!observed || !facts.linkBy) return;
  const { row } = observed;
  const pair: PropertyPair = { source: observed.source, target: observed.target, type: observed.type };
  for (const newer of SIDES) {
    const older = otherSide(newer);
    sink.runnable(
      {
        line: row.line,
        edited: newer,
        tag: "@talk-rules",
        title: `Talk rule: the newest edit wins (${row[older]} in ${sideName(flow, older)} edited before ${row[newer]} in ${sideName(flow, newer)})`,
      },
      { kind: "newest-wins", ...runnableBase(facts, true), row, pair, edited: newer },
    );
  }
  for (const side of SIDES) {
    const other = otherSide(side);
    const head: Head = {
      line: row.line,
      edited: side,
      tag: "@talk-rules",
      title: `Talk rule: an empty ${row[side]} in ${sideName(flow, side)} does not wipe ${row[other]} in ${sideName(flow, other)}`,
    };
    const empty = pair[side].empty;
    if (empty === undefined) sink.skipped("empty-keeps", head, reasons.cannotEmpty(flow, side, pair[side].path));
    else sink.runnable(head, { kind: "empty-keeps", ...runnableBase(facts, true), row, pair, edited: side, empty });
  }
}
