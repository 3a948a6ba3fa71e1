import { ChecklistSchema, flowKind, type Checklist, type Flow } from "../../support/checklist/model.ts";
import { statementTable, tableRows } from "../../support/checklist/views.ts";

// The reader does not run the schema on its own output (that would cost as much as reading on every parse), so
// the selftests do, on every document they parse: the schema, and the promises it cannot state. Positive lines,
// non-empty paths, statements in line order, the flow's booleans and arrays agreeing with its statements, every
// table row in exactly one of the flow's row lists, the kind following from the statements. Returns what is
// wrong, one line each, so a failing test shows all of it.
export function modelProblems(model: Checklist): string[] {
  const parsed = ChecklistSchema.safeParse(model);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `schema: ${issue.path.join(".")}: ${issue.message}`);
  model.warnings.forEach((warning, i) => {
    if (warning.line < 1) problems.push(`warning ${i} at line ${warning.line}`);
    if (i > 0 && warning.line < (model.warnings[i - 1]?.line ?? 0)) problems.push(`warning ${i} out of line order`);
  });
  let previousLine = 0;
  for (const flow of model.flows) {
    if (flow.line <= previousLine) problems.push(`flow at line ${flow.line} is not after line ${previousLine}`);
    previousLine = flow.line;
    problems.push(...flowProblems(flow).map((problem) => `flow at line ${flow.line}: ${problem}`));
  }
  return problems;
}

function flowProblems(flow: Flow): string[] {
  const problems: string[] = [];
  const said = (kind: string) => flow.statements.filter((statement) => statement.kind === kind);
  const views: [string, boolean, string][] = [
    ["linkRequired", flow.linkRequired, "link-required"],
    ["syncAll", flow.syncAll, "sync-all"],
    ["createIfNoMatch", flow.createIfNoMatch, "create-if-no-match"],
    ["mergeIfMatch", flow.mergeIfMatch, "merge-if-match"],
    ["bidirectional", flow.bidirectional, "bidirectional"],
  ];
  for (const [field, value, kind] of views) {
    if (value !== said(kind).length > 0) problems.push(`${field} is ${value} but the statements say otherwise`);
  }
  const lines = (items: readonly { line: number }[]) => items.map((item) => item.line).join(",");
  if (lines(flow.createdFrom) !== lines(said("created-from")))
    problems.push("createdFrom lines differ from statements");
  if (lines(flow.conditions) !== lines(said("condition"))) problems.push("conditions lines differ from statements");
  const notes = said("note").map((note) => ({ text: note.text, line: note.line }));
  if (JSON.stringify(notes) !== JSON.stringify(flow.notes)) problems.push("notes differ from note statements");
  if (flow.kind !== flowKind(flow)) problems.push(`kind ${flow.kind} does not follow from the statements`);

  let previous = flow.line;
  const tabled = new Map<number, number>(); // row line -> how many tables list it
  for (const statement of flow.statements) {
    if (statement.line <= previous) problems.push(`statement at line ${statement.line} is out of order`);
    previous = statement.line;
    const table = statementTable(statement);
    if (!table) continue;
    for (const line of table.rows) tabled.set(line, (tabled.get(line) ?? 0) + 1);
    try {
      tableRows(flow, table);
    } catch (error) {
      problems.push(String(error));
    }
  }
  const rows = [...flow.mergeRules, ...flow.syncedProperties, ...flow.unreadableRows];
  for (const row of rows) {
    if (tabled.get(row.line) !== 1) problems.push(`row at line ${row.line} is in ${tabled.get(row.line) ?? 0} tables`);
    if (row.line <= flow.line) problems.push(`row at line ${row.line} is not after the heading`);
  }
  if (tabled.size !== rows.length) problems.push(`tables list ${tabled.size} rows, the flow has ${rows.length}`);
  for (const row of [...flow.mergeRules, ...flow.syncedProperties]) {
    if (row.source === "" || row.target === "") problems.push(`row at line ${row.line} has an empty path`);
  }
  for (const property of flow.syncedProperties) {
    if (property.targetType === "") problems.push(`row at line ${property.line} has an empty type`);
  }
  for (const row of flow.unreadableRows) if (row.reason === "") problems.push(`row at line ${row.line} has no reason`);
  return problems;
}
