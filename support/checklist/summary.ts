import type { Checklist, ChecklistWarning, Flow, MergeRule, Statement, SyncedProperty } from "./model.ts";
import { statementTable, tableRows, type TableRow } from "./views.ts";

// The readable form of a parsed checklist: every statement of every flow with its line, every row of its tables
// (unreadable ones with their reason), the warnings, and what of each flow cannot be tested. Whether something can
// be tested is the plan's to decide (support/plan); the caller passes its reasons in.
export type UntestableReasons = (flow: Flow) => string[];

const KIND_LABEL: Record<Flow["kind"], string> = {
  merge: "merge (nothing syncs until a link is established)",
  "sync-all": "sync-all (every source record gets a linked target)",
  "created-from": "created-from (targets are created for connected records)",
  conditional: "conditional (synchronized under a free-text condition)",
  other: "other (none of the link, sync-all, creation or condition statements)",
};

export function formatChecklistSummary(checklist: Checklist, untestable: UntestableReasons = () => []): string {
  const out: string[] = [
    `${checklist.file}: ${checklist.title}${checklist.generated ? `, generated ${checklist.generated}` : ""}`,
    `  ${plural(checklist.flows.length, "flow")}, ${plural(checklist.warnings.length, "warning")}`,
  ];
  const firstFlowLine = checklist.flows[0]?.line ?? Infinity;
  for (const note of checklist.notes) out.push(`  note, line ${note.line}: ${note.text}`);
  out.push(
    ...formatWarnings(
      checklist.warnings.filter((warning) => warning.line < firstFlowLine),
      "  ",
    ),
  );
  checklist.flows.forEach((flow, index) => {
    const end = checklist.flows[index + 1]?.line ?? Infinity;
    out.push("", `Flow ${index + 1}: ${flow.title} (line ${flow.line})`, `  kind: ${KIND_LABEL[flow.kind]}`);
    if (flow.statements.length === 0) out.push("  statements: none");
    for (const statement of flow.statements) out.push(...formatStatement(flow, statement));
    const warnings = checklist.warnings.filter((warning) => warning.line >= flow.line && warning.line < end);
    out.push(...formatWarnings(warnings, "  "));
    const reasons = untestable(flow);
    if (reasons.length === 0) out.push("  not testable: nothing");
    else out.push("  not testable:", ...reasons.map((reason) => `    - ${reason}`));
  });
  return `${out.join("\n")}\n`;
}

function formatStatement(flow: Flow, statement: Statement): string[] {
  const head = `  line ${statement.line}: ${statementLabel(flow, statement)}`;
  const table = statementTable(statement);
  if (statement.kind !== "merge-rules" && statement.kind !== "synced-properties" && !table) return [head];
  if (!table) return [`${head}; no table follows`];
  const rows = tableRows(flow, table);
  if (rows.length === 0) return [`${head}; table at line ${table.line}, no rows`];
  return [`${head}; table at line ${table.line}:`, ...rows.map((row) => `    line ${row.line}: ${describeRow(row)}`)];
}

function statementLabel(flow: Flow, statement: Statement): string {
  switch (statement.kind) {
    case "link-required":
      return "link required before anything syncs";
    case "merge-rules":
      return "merge rules (any one matching row links the pair)";
    case "bidirectional":
      return "kept in sync both ways";
    case "synced-properties":
      return "synced properties";
    case "sync-all":
      return "every source record is synchronized";
    case "create-if-no-match":
      return "created when no target matches";
    case "merge-if-match":
      return "merged with a matching target";
    case "created-from": {
      const created = flow.createdFrom.find((item) => item.line === statement.line);
      const via = created ? `${created.system} ${created.via.join(", ")}` : "?";
      return `created from: when connected to a ${via} synchronized into ${created?.into ?? "?"}`;
    }
    case "condition": {
      const condition = flow.conditions.find((item) => item.line === statement.line);
      return `synchronized under a condition: ${condition?.text ?? statement.text}`;
    }
    case "note":
      return `note (${statement.reason}): ${statement.text}`;
  }
}

function describeRow(row: TableRow): string {
  switch (row.kind) {
    case "merge-rule":
      return describe(row.rule, " = ");
    case "synced-property":
      return `${describe(row.property, " -> ")} (${row.property.targetType})`;
    case "unreadable": {
      const cells = row.row.cells.map((cell) => (cell === "" ? "(empty)" : cell));
      const [source = "", target = "", type] = cells;
      const text = row.row.table === "merge-rule" ? `${source} = ${target}` : `${source} -> ${target} (${type ?? ""})`;
      return `${text}; not testable: ${row.row.reason}`;
    }
  }
}

function formatWarnings(warnings: readonly ChecklistWarning[], indent: string): string[] {
  if (warnings.length === 0) return [];
  return [`${indent}warnings:`, ...warnings.map((warning) => `${indent}  line ${warning.line}: ${warning.message}`)];
}

function describe(row: MergeRule | SyncedProperty, arrow: string): string {
  const side = (path: string, qualifier: string | null): string =>
    qualifier === null ? path : `${path} (${qualifier})`;
  return `${side(row.source, row.sourceQualifier)}${arrow}${side(row.target, row.targetQualifier)}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
