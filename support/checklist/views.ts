import type { Flow, MergeRule, Statement, SyncedProperty, TableRef, UnreadableRow } from "./model.ts";

// Ways to walk a flow's statements for a report: every row of a table a statement introduced, as objects.

export type TableRow =
  | { kind: "merge-rule"; line: number; rule: MergeRule }
  | { kind: "synced-property"; line: number; property: SyncedProperty }
  | { kind: "unreadable"; line: number; row: UnreadableRow };

/** The table a statement introduced (merge rules, synced properties, or a note that announced one), if any. */
export function statementTable(statement: Statement): TableRef | null {
  return "table" in statement ? statement.table : null;
}

/** Every row of `table`, in document order: each is a rule, a synced property, or an unreadable row. */
export function tableRows(flow: Flow, table: TableRef): TableRow[] {
  return table.rows.map((line): TableRow => {
    const unreadable = flow.unreadableRows.find((row) => row.line === line);
    if (unreadable) return { kind: "unreadable", line, row: unreadable };
    if (table.kind === "merge-rule") {
      const rule = flow.mergeRules.find((row) => row.line === line);
      if (rule) return { kind: "merge-rule", line, rule };
    } else {
      const property = flow.syncedProperties.find((row) => row.line === line);
      if (property) return { kind: "synced-property", line, property };
    }
    throw new Error(`${flow.title}: table row at line ${line} is in no list of the flow`);
  });
}
