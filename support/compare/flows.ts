import type { Flow } from "../checklist/model.ts";
import { canonical } from "./model.ts";
import type { Change, FlowChange, FlowRef } from "./model.ts";
import { diffRows, rowsOf } from "./rows.ts";

// Flows are matched by what they connect, not by their headings: generations spell the systems differently
// ("Powerofficego" / "PowerOffice GO"), so a flow's key is its canonical systems and datatypes. A flow left over on
// each side that connects the same systems, keeps one datatype and shares at least one row (or, with no rows on
// either side, all its statements) is the same flow with a changed datatype ("Customers person" -> "Customers").

const sideKey = (flow: Flow, side: "source" | "target") =>
  `${canonical(flow[side].system)}:${canonical(flow[side].datatype)}`;
const flowKey = (flow: Flow) => `${sideKey(flow, "source")}->${sideKey(flow, "target")}`;

export function flowRef(flow: Flow): FlowRef {
  return {
    title: flow.title,
    line: flow.line,
    source: `${flow.source.system} ${flow.source.datatype}`.trim(),
    target: `${flow.target.system} ${flow.target.datatype}`.trim(),
    rows: rowsOf(flow),
  };
}

export interface FlowPairs {
  pairs: [Flow, Flow][];
  added: Flow[];
  removed: Flow[];
}

export function pairFlows(before: readonly Flow[], after: readonly Flow[]): FlowPairs {
  const pairs: [Flow, Flow][] = [];
  const left = [...before];
  const right = [...after];
  for (const flow of before) {
    const same = right.findIndex((other) => flowKey(other) === flowKey(flow));
    if (same < 0) continue;
    pairs.push([flow, right.splice(same, 1)[0] as Flow]);
    left.splice(left.indexOf(flow), 1);
  }
  // Leftovers: the best-scoring candidate first, each flow used once.
  const candidates = left
    .flatMap((flow) => right.map((other) => ({ flow, other, score: kinship(flow, other) })))
    .filter((candidate) => candidate.score > 0)
    .sort((a, b) => b.score - a.score);
  for (const { flow, other } of candidates) {
    if (!left.includes(flow) || !right.includes(other)) continue;
    pairs.push([flow, other]);
    left.splice(left.indexOf(flow), 1);
    right.splice(right.indexOf(other), 1);
  }
  pairs.sort((a, b) => a[1].line - b[1].line);
  return { pairs, added: right, removed: left };
}

/** How likely two flows are one flow whose datatype changed: 0 when they cannot be. */
function kinship(a: Flow, b: Flow): number {
  const systems = (flow: Flow) => `${canonical(flow.source.system)}->${canonical(flow.target.system)}`;
  if (systems(a) !== systems(b)) return 0;
  const keptSide = sideKey(a, "source") === sideKey(b, "source") || sideKey(a, "target") === sideKey(b, "target");
  if (!keptSide) return 0;
  const rows = (flow: Flow) => new Set(rowsOf(flow).map((row) => `${row.kind}:${row.text}`));
  const [ra, rb] = [rows(a), rows(b)];
  const shared = [...ra].filter((row) => rb.has(row)).length;
  if (shared > 0) return shared + 1;
  return ra.size === 0 && rb.size === 0 && flagChanges(a, b).length === 0 ? 1 : 0;
}

const FLAGS = ["kind", "linkRequired", "syncAll", "createIfNoMatch", "mergeIfMatch", "bidirectional"] as const;

function flagChanges(a: Flow, b: Flow): Change[] {
  return FLAGS.filter((flag) => a[flag] !== b[flag]).map((flag) => ({
    kind: "flag",
    field: flag,
    from: String(a[flag]),
    to: String(b[flag]),
  }));
}

/** Texts that differ only in spelling of names or spacing compare equal. */
function setChanges(kind: Change["kind"], before: readonly string[], after: readonly string[]): Change[] {
  const [a, b] = [new Set(before.map(canonical)), new Set(after.map(canonical))];
  return [
    ...before.filter((text) => !b.has(canonical(text))).map((text) => ({ kind, field: "", from: text, to: null })),
    ...after.filter((text) => !a.has(canonical(text))).map((text) => ({ kind, field: "", from: null, to: text })),
  ];
}

/**
 * A matched flow's changes. `renamed` maps a system's old spelling to its new one where the document renamed it
 * (its title), so only a flow whose spelling differs from the document's rename reports its own.
 */
export function diffFlow(before: Flow, after: Flow, renamed: ReadonlyMap<string, string>): FlowChange {
  const changes: Change[] = [];
  if (before.title !== after.title) changes.push({ kind: "title", field: "", from: before.title, to: after.title });
  for (const side of ["source", "target"] as const) {
    const [from, to] = [before[side], after[side]];
    if (from.system !== to.system && renamed.get(from.system) !== to.system) {
      changes.push({ kind: "system", field: side, from: from.system, to: to.system });
    }
    if (canonical(from.datatype) !== canonical(to.datatype)) {
      changes.push({ kind: "datatype", field: side, from: from.datatype, to: to.datatype });
    }
  }
  changes.push(...flagChanges(before, after));
  const creation = (flow: Flow) => flow.createdFrom.map((c) => `from ${c.via.join(", ")} (${c.system}) into ${c.into}`);
  changes.push(...setChanges("created-from", creation(before), creation(after)));
  changes.push(
    ...setChanges(
      "condition",
      before.conditions.map((c) => c.text),
      after.conditions.map((c) => c.text),
    ),
  );
  changes.push(
    ...setChanges(
      "note",
      before.notes.map((n) => n.text),
      after.notes.map((n) => n.text),
    ),
  );
  return { old: flowRef(before), new: flowRef(after), changes, rows: diffRows(before, after) };
}

/** Whether a flow change alters what every test of the flow checks (not only its name or prose). */
export function changesEveryRow(change: FlowChange): boolean {
  return change.changes.some((c) => ["datatype", "flag", "created-from", "condition"].includes(c.kind));
}
