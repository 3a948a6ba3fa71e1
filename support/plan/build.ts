import type { Checklist, Flow, MergeRule, SyncedProperty } from "../checklist/model.ts";
import {
  directionReason,
  editableReason,
  flowFacts,
  flowSides,
  flowWideReason,
  linkReason,
  receivableReason,
  rowPair,
  rulePair,
  type FlowFacts,
} from "./checks.ts";
import { reasons } from "./reasons.ts";
import { edgeValuesFor } from "../values/catalogue.ts";
import { seedPlan } from "./seeds.ts";
import { otherSide, sideName, slug } from "./titles.ts";
import type { CaseKind, PlannedCase, PlannedFlow, PropertyPair, RunnableCase, Side, SyncedPair } from "./types.ts";

const SIDES: Side[] = ["source", "target"];

/** Every test the checklists ask for, in document order; cases the harness cannot run carry the reason. */
export function buildPlan(checklists: readonly Checklist[]): PlannedFlow[] {
  return checklists.flatMap((checklist) => checklist.flows.map((flow) => planFlow(checklist, flow)));
}

/** What the kind-specific fields of a case leave to the common ones. `ticks`: further lines it speaks to. */
type Head = { line: number; edited: Side | null; title: string; tag: string; ticks?: number[] };

/** The line of a flow's statement of a kind (the first), if it makes one. */
const statementLine = (flow: Flow, kind: Flow["statements"][number]["kind"]): number | undefined =>
  flow.statements.find((statement) => statement.kind === kind)?.line;
const lines = (...candidates: (number | undefined)[]): number[] =>
  candidates.filter((line): line is number => line !== undefined);
type WithoutHead<T> = T extends unknown
  ? Omit<T, "id" | "checklist" | "flow" | "tags" | "line" | "ticks" | "title" | "skip">
  : never;
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
    ticks: [...new Set([head.line, ...(head.ticks ?? [])])],
    edited: head.edited,
    title: head.title,
    tags: [head.tag, flowTag, docTag],
  });
  const skipped = (kind: CaseKind, head: Head, reason: string) =>
    cases.push({ ...common(kind, head), kind, skip: reason });
  const runnable = (head: Head, fields: RunnableFields) =>
    cases.push({ ...common(fields.kind, head), ...fields, skip: null } as RunnableCase);

  const sides = flowSides(flow);
  const facts = sides.ok ? flowFacts(flow, sides.value) : null;
  const flowSkip = sides.ok ? null : sides.reason;
  const flowWide = flowSkip ?? flowWideReason(flow);
  if (flowWide !== null || flow.mergeRules.length + flow.syncedProperties.length === 0) {
    // A flow the harness cannot test: the reason stands for every statement of it.
    const ticks = flow.statements.filter((statement) => statement.kind !== "note").map((statement) => statement.line);
    skipped(
      "flow",
      { line: flow.line, edited: null, title: `flow: ${flow.title}`, tag: "@flow", ticks },
      flowWide ?? reasons.emptyFlow(flow),
    );
  }

  for (const rule of flow.mergeRules) planMergeRule(flow, rule, facts, flowSkip, { skipped, runnable });
  for (const row of flow.syncedProperties) planSyncedRow(flow, row, facts, flowSkip, { skipped, runnable });
  if (facts && flow.bidirectional) planTalkRules(flow, facts, { skipped, runnable });
  if (facts && flow.bidirectional) planKeepsInSync(flow, facts, { skipped, runnable });
  if ((flow.syncAll || flow.createIfNoMatch) && facts) {
    const creation = lines(statementLine(flow, "sync-all"), statementLine(flow, "create-if-no-match"));
    const head: Head = {
      line: creation[0] ?? flow.line,
      edited: null,
      tag: "@create",
      title: `a ${sideName(flow, "source")} with no match gets a new ${sideName(flow, "target")}`,
      ticks: creation,
    };
    const findBy = facts.writableRows[0] ?? facts.linkBy?.pair;
    if (!findBy) skipped("creates-missing", head, reasons.createdNotFindable());
    else
      runnable(head, {
        kind: "creates-missing",
        ...runnableBase(facts, true),
        findBy,
        rows: facts.writableRows,
        edited: null,
      });
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
  return { sides: facts.sides, seeds: seedPlan(pairs, match) };
}

function planMergeRule(
  flow: Flow,
  rule: MergeRule,
  facts: FlowFacts | null,
  flowSkip: string | null,
  sink: Sink,
): void {
  const label = `merge rule ${rule.source} = ${rule.target} (line ${rule.line})`;
  const pair = facts ? rulePair(facts.sides, rule) : null;
  // The link is seen where the node keeps it, and through the tenants when a synced row can carry an edit.
  const observe = facts?.writableRows[0] ?? null;
  const linkSkip = flowSkip ?? (pair && !pair.ok ? pair.reason : null);
  const linkRequired = statementLine(flow, "link-required");
  const heads: { kind: "merge-links" | "merge-no-link"; head: Head }[] = [
    {
      kind: "merge-links",
      head: {
        line: rule.line,
        edited: null,
        tag: "@merge",
        title: `${label}: records with equal values are linked`,
        ticks: lines(linkRequired, statementLine(flow, "merge-if-match")),
      },
    },
    {
      kind: "merge-no-link",
      head: {
        line: rule.line,
        edited: null,
        tag: "@merge",
        title: `${label}: records with different values stay apart`,
        ticks: lines(linkRequired),
      },
    },
  ];
  for (const { kind, head } of heads) {
    if (linkSkip !== null || !facts || !pair?.ok) sink.skipped(kind, head, linkSkip ?? reasons.noMergeRule());
    else
      sink.runnable(head, {
        kind,
        ...runnableBase(facts, kind === "merge-links", pair.value),
        rule,
        key: pair.value,
        observe,
        edited: null,
      });
  }
  for (const side of SIDES) {
    const head: Head = {
      line: rule.line,
      edited: side,
      tag: "@link",
      title: `${label}: the link survives a change of ${rule[side]} in ${sideName(flow, side)}`,
      // Without a synced row, "keeps in sync regardless of where it is edited" can only mean the link holds.
      ticks: observe ? [] : lines(statementLine(flow, "bidirectional")),
    };
    const skip = linkSkip ?? (pair?.ok ? editableReason(flow, side, pair.value[side]) : null);
    if (skip !== null || !facts || !pair?.ok) sink.skipped("link-survives", head, skip ?? reasons.noMergeRule());
    else
      sink.runnable(head, {
        kind: "link-survives",
        ...runnableBase(facts, true, pair.value),
        rule,
        key: pair.value,
        observe,
        edited: side,
      });
  }
}

function planSyncedRow(
  flow: Flow,
  row: SyncedProperty,
  facts: FlowFacts | null,
  flowSkip: string | null,
  sink: Sink,
): void {
  const pair = facts ? rowPair(facts.sides, row, row.targetType, [row.sourceQualifier, row.targetQualifier]) : null;
  for (const side of SIDES) {
    const other = otherSide(side);
    const head: Head = {
      line: row.line,
      edited: side,
      tag: "@sync",
      title: `${row.source} <-> ${row.target} "${row.targetType}" (line ${row.line}): an edit in ${sideName(flow, side)} reaches ${sideName(flow, other)}`,
      // An edit of the target side reaching the source is what "regardless of where it is edited" says.
      ticks: side === "target" ? lines(statementLine(flow, "bidirectional")) : [],
    };
    const skip =
      flowSkip ??
      (pair && !pair.ok ? pair.reason : null) ??
      (facts ? linkReason(flow, facts) : null) ??
      directionReason(flow, side) ??
      (pair?.ok
        ? (editableReason(flow, side, pair.value[side]) ?? receivableReason(flow, other, pair.value[other]))
        : null);
    if (skip !== null || !facts || !pair?.ok) sink.skipped("synced", head, skip ?? reasons.noMergeRule());
    else sink.runnable(head, { kind: "synced", ...runnableBase(facts, true), row, pair: pair.value, edited: side });
    const valuesHead: Head = {
      line: row.line,
      edited: side,
      tag: "@values",
      title: `${row.source} <-> ${row.target} "${row.targetType}" (line ${row.line}): edge values edited in ${sideName(flow, side)} reach ${sideName(flow, other)}`,
    };
    if (skip !== null || !facts || !pair?.ok) sink.skipped("values", valuesHead, skip ?? reasons.noMergeRule());
    else {
      const values = edgeValuesFor(pair.value[side], pair.value.type);
      sink.runnable(valuesHead, {
        kind: "values",
        ...runnableBase(facts, true),
        row,
        pair: pair.value,
        edited: side,
        values,
      });
    }
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

/** How many edits the sequence makes: enough to alternate sides and come back (A, B, A). */
const SEQUENCE_EDITS = 3;

/** "It will keep in sync ... regardless of where it is edited": one link, edits alternating sides over the synced rows. */
function planKeepsInSync(flow: Flow, facts: FlowFacts, sink: Sink): void {
  const line = statementLine(flow, "bidirectional") ?? flow.line;
  if (facts.writableRows.length === 0 || !facts.linkBy) return;
  const steps = Array.from({ length: SEQUENCE_EDITS }, (_, i) => ({
    side: (i % 2 === 0 ? "source" : "target") as Side,
    row: facts.writableRows[i % facts.writableRows.length] as SyncedPair,
  }));
  const order = steps.map((step) => sideName(flow, step.side)).join(", then ");
  sink.runnable(
    {
      line,
      edited: null,
      tag: "@keeps-in-sync",
      title: `keeps in sync regardless of where it is edited (line ${line}): edits in ${order} each arrive and stay`,
      ticks: [...new Set(steps.map((step) => step.row.row.line))],
    },
    { kind: "keeps-in-sync", ...runnableBase(facts, true), steps, edited: null },
  );
}
