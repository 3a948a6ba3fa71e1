import type { Flow, MergeRule, SyncedProperty, UnreadableRow } from "../checklist/model.ts";
import type { Change, FlowChange, RowChange, RowRef } from "./model.ts";

// Rows are compared by their property paths as written: API field names are case-sensitive (Hub's `profile.email`,
// PowerOffice's `emailAddress` here and `EmailAddress` there), so no canonical form. A row whose paths are the same
// on both sides is the same row (its data type or qualifiers may have changed); an unmatched row that keeps one
// side's path is that row with the other side's property changed; the rest were added or removed.

interface Row {
  ref: RowRef;
  source: string;
  target: string;
  /** Everything else that makes the row what it is: data type, qualifiers. */
  extras: [Change["kind"], string, string | null][];
}

const qualified = (path: string, qualifier: string | null) => (qualifier ? `${path} (${qualifier})` : path);

function mergeRow(rule: MergeRule): Row {
  return {
    ref: {
      kind: "merge-rule",
      line: rule.line,
      text: `${qualified(rule.source, rule.sourceQualifier)} = ${qualified(rule.target, rule.targetQualifier)}`,
    },
    source: rule.source,
    target: rule.target,
    extras: [
      ["qualifier", "source", rule.sourceQualifier],
      ["qualifier", "target", rule.targetQualifier],
    ],
  };
}

function syncedRow(row: SyncedProperty): Row {
  return {
    ref: {
      kind: "synced-property",
      line: row.line,
      text: `${qualified(row.source, row.sourceQualifier)} <-> ${qualified(row.target, row.targetQualifier)} (${row.targetType})`,
    },
    source: row.source,
    target: row.target,
    extras: [
      ["data-type", "", row.targetType],
      ["qualifier", "source", row.sourceQualifier],
      ["qualifier", "target", row.targetQualifier],
    ],
  };
}

function unreadableRow(row: UnreadableRow): Row {
  const text = `${row.table} row [${row.cells.map((cell) => JSON.stringify(cell)).join(", ")}]: ${row.reason}`;
  return { ref: { kind: "unreadable", line: row.line, text }, source: text, target: text, extras: [] };
}

/** Every row of a flow, in document order. */
export function rowsOf(flow: Flow): RowRef[] {
  return allRows(flow)
    .flat()
    .map((row) => row.ref)
    .sort((a, b) => a.line - b.line);
}

function allRows(flow: Flow): Row[][] {
  return [flow.mergeRules.map(mergeRow), flow.syncedProperties.map(syncedRow), flow.unreadableRows.map(unreadableRow)];
}

/** Added, removed and changed rows between two generations of one flow. */
export function diffRows(before: Flow, after: Flow): FlowChange["rows"] {
  const result: FlowChange["rows"] = { added: [], removed: [], changed: [] };
  const [oldTables, newTables] = [allRows(before), allRows(after)];
  oldTables.forEach((oldRows, table) => {
    const newRows = [...(newTables[table] ?? [])];
    const unmatched: Row[] = [];
    for (const row of oldRows) {
      const same = newRows.findIndex((other) => other.source === row.source && other.target === row.target);
      if (same < 0) unmatched.push(row);
      else pushChange(result, row, newRows.splice(same, 1)[0] as Row, []);
    }
    const propertyKind: Change["kind"] = table === 0 ? "merge-property" : "property";
    for (const row of unmatched) {
      // One side kept: the other side's property changed. Unreadable rows never pair this way (no paths).
      const side =
        row.ref.kind === "unreadable"
          ? -1
          : newRows.findIndex((o) => o.source === row.source || o.target === row.target);
      if (side < 0) {
        result.removed.push(row.ref);
        continue;
      }
      const other = newRows.splice(side, 1)[0] as Row;
      const moved: Change[] =
        other.source === row.source
          ? [{ kind: propertyKind, field: "target", from: row.target, to: other.target }]
          : [{ kind: propertyKind, field: "source", from: row.source, to: other.source }];
      pushChange(result, row, other, moved);
    }
    result.added.push(...newRows.map((row) => row.ref));
  });
  return result;
}

function pushChange(result: FlowChange["rows"], before: Row, after: Row, changes: Change[]): void {
  before.extras.forEach(([kind, field, from], index) => {
    const to = after.extras[index]?.[2] ?? null;
    if (from !== to) changes.push({ kind, field, from, to });
  });
  if (changes.length > 0)
    result.changed.push({ kind: before.ref.kind, old: before.ref, new: after.ref, changes } satisfies RowChange);
}
