import { readDataTypeCell, readPropertyCell } from "./cells.ts";
import type { ParseContext } from "./context.ts";
import { endpointName } from "./headings.ts";
import type { Flow, TableRef } from "./model.ts";
import { names, type FlowContext } from "./statements.ts";
import type { Cell, ListTable, Row } from "./tables.ts";

// The rows of a merge-rule or synced-property table, checked against the flow the table stands in. A table whose
// shape is wrong (a header naming other columns, a row with the wrong number of cells) cannot be trusted to say
// anything about this flow and refuses the document; a row whose cells are there but one names nothing is kept
// as unreadable, with the reason, and warned about.

type TableKind = TableRef["kind"];

export function readTableRows(
  ctx: ParseContext,
  table: ListTable,
  kind: TableKind,
  flowContext: FlowContext,
  flow: Flow,
): TableRef {
  const columns = kind === "merge-rule" ? 2 : 3;
  expectHeader(ctx, table.header, kind, flowContext, columns);
  const rows: number[] = [];
  const source = endpointName(flowContext.source);
  const target = endpointName(flowContext.target);
  for (const row of table.rows) {
    if (row.cells.length !== columns) {
      ctx.fail(row.line, `${kind} row has ${row.cells.length} cells, expected ${columns}`);
    }
    rows.push(row.line);
    const [sourceCell, targetCell, typeCell] = row.cells as [Cell, Cell, Cell | undefined];
    const from = readPropertyCell(sourceCell, source);
    if ("problem" in from) {
      keepUnreadable(ctx, flow, kind, row, from.problem, sourceCell);
      continue;
    }
    const to = readPropertyCell(targetCell, target);
    if ("problem" in to) {
      keepUnreadable(ctx, flow, kind, row, to.problem, targetCell);
      continue;
    }
    if (!typeCell) {
      flow.mergeRules.push({
        source: from.path,
        sourceQualifier: from.qualifier,
        target: to.path,
        targetQualifier: to.qualifier,
        line: row.line,
      });
      continue;
    }
    const type = readDataTypeCell(typeCell, from.path, to.path);
    if ("problem" in type) {
      keepUnreadable(ctx, flow, kind, row, type.problem, typeCell);
      continue;
    }
    if (type.oddity !== null) ctx.warn(typeCell.line, type.oddity);
    flow.syncedProperties.push({
      source: from.path,
      sourceQualifier: from.qualifier,
      target: to.path,
      targetQualifier: to.qualifier,
      targetType: type.type,
      line: row.line,
    });
  }
  return { kind, line: table.line, rows };
}

// A row kept for the report, with why it names no rule; never dropped.
function keepUnreadable(ctx: ParseContext, flow: Flow, kind: TableKind, row: Row, problem: string, at: Cell): void {
  const cells = row.cells.map((cell) => cell.text);
  flow.unreadableRows.push({ table: kind, line: row.line, cells, reason: problem });
  ctx.warn(at.line, `${kind} row kept as unreadable: ${problem}`);
}

// The header names its columns: "<System> <Datatype> Property" for each side, "<System> Data Type" for the target's
// types; compared like headings (any spelling the flow accepts), reported with the title's spelling.
function expectHeader(ctx: ParseContext, header: Row, kind: TableKind, flow: FlowContext, columns: number): void {
  if (header.cells.length !== columns) {
    ctx.fail(header.line, `${kind} header row has ${header.cells.length} cells, expected ${columns}`);
  }
  const expected = [
    { keys: flow.keys.source, suffix: "property", name: `${endpointName(flow.source)} Property` },
    { keys: flow.keys.target, suffix: "property", name: `${endpointName(flow.target)} Property` },
    { keys: flow.keys.targetSystem, suffix: "datatype", name: `${flow.target.system} Data Type`.trim() },
  ];
  header.cells.forEach((cell, k) => {
    const column = expected[k];
    if (!column || column.keys.some((key) => names(cell.text, [key + column.suffix]))) return;
    if (k === 2 && flow.keys.targetSystem.includes("") && /\S\s*data\s*type$/i.test(cell.text)) {
      // The heading left the target system out, yet the header names one: read the rows, say what it named.
      ctx.warn(cell.line, `${kind} header names the target system in "${cell.text}", which the heading leaves out`);
      return;
    }
    ctx.fail(cell.line, `${kind} header cell ${k + 1} is "${cell.text}", expected "${column.name}"`);
  });
}
