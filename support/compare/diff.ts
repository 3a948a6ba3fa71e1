import type { Checklist } from "../checklist/model.ts";
import { changesEveryRow, diffFlow, flowRef, pairFlows } from "./flows.ts";
import { canonical } from "./model.ts";
import type { Change, ChecklistDiff, FlowChange } from "./model.ts";

// Structural, not textual: a line diff of two generations pairs lines, and every line mentioning a renamed system
// differs; what a release needs to know is which flows and rows changed meaning, so both documents are read into
// the checklist model and compared by what they say.

/** Compares two generations of a dataflow document. */
export function compareChecklists(before: Checklist, after: Checklist): ChecklistDiff {
  const document: Change[] = [];
  if (before.title !== after.title) document.push({ kind: "title", field: "", from: before.title, to: after.title });
  if (before.generated !== after.generated) {
    document.push({ kind: "generated", field: "", from: before.generated, to: after.generated });
  }
  // The title's systems: the same system spelled anew is a rename; flows follow it without saying so again.
  const renamed = new Map<string, string>();
  for (const side of ["source", "target"] as const) {
    const [from, to] = [before[side], after[side]];
    if (from === to) continue;
    document.push({ kind: "system", field: side, from, to });
    if (canonical(from) === canonical(to)) renamed.set(from, to);
  }
  if (canonical(before.introduction) !== canonical(after.introduction)) {
    document.push({ kind: "introduction", field: "", from: before.introduction, to: after.introduction });
  }
  const notes = (checklist: Checklist) => checklist.notes.map((note) => note.text);
  const [oldNotes, newNotes] = [new Set(notes(before).map(canonical)), new Set(notes(after).map(canonical))];
  for (const text of notes(before)) {
    if (!newNotes.has(canonical(text))) document.push({ kind: "note", field: "", from: text, to: null });
  }
  for (const text of notes(after)) {
    if (!oldNotes.has(canonical(text))) document.push({ kind: "note", field: "", from: null, to: text });
  }

  const { pairs, added, removed } = pairFlows(before.flows, after.flows);
  const changed: FlowChange[] = [];
  const unchanged = [];
  for (const [oldFlow, newFlow] of pairs) {
    const change = diffFlow(oldFlow, newFlow, renamed);
    const rows = change.rows;
    if (change.changes.length || rows.added.length || rows.removed.length || rows.changed.length) changed.push(change);
    else unchanged.push(change.new);
  }
  const flows = { added: added.map(flowRef), removed: removed.map(flowRef), changed, unchanged };
  return {
    old: { file: before.file, title: before.title, generated: before.generated },
    new: { file: after.file, title: after.title, generated: after.generated },
    document,
    flows,
    changedLines: changedLines(flows),
  };
}

function changedLines(flows: Pick<ChecklistDiff["flows"], "added" | "changed">): number[] {
  const lines = new Set<number>();
  for (const flow of flows.added) {
    lines.add(flow.line);
    for (const row of flow.rows) lines.add(row.line);
  }
  for (const change of flows.changed) {
    if (changesEveryRow(change)) {
      lines.add(change.new.line);
      for (const row of change.new.rows) lines.add(row.line);
    }
    for (const row of change.rows.added) lines.add(row.line);
    for (const row of change.rows.changed) lines.add(row.new.line);
  }
  return [...lines].sort((a, b) => a - b);
}
