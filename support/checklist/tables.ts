import type { ParseContext } from "./context.ts";
import type { SourceLines } from "./lines.ts";

// Reads one `.. list-table::` block into rows of cells, knowing nothing of what the columns mean (the parser
// checks the header against the flow). Rows are `* - cell`, further cells `- cell`; a deeper-indented line
// continues the cell above it. The block ends at the first non-blank line indented no deeper than the directive.

export interface Cell {
  text: string; // trimmed; continuation lines joined with one space
  line: number;
}

export interface Row {
  line: number; // the row's `* -` line
  cells: Cell[];
}

export interface ListTable {
  line: number; // the directive's line
  header: Row;
  rows: Row[];
  next: number; // index of the first line after the block
}

// docutils' list-table options; any of these is accepted and ignored, anything else is warned about.
const KNOWN_OPTIONS = new Set(["header-rows", "stub-columns", "widths", "width", "class", "name", "align"]);

export function isListTableDirective(lines: SourceLines, i: number): boolean {
  return lines.startsWith(i, lines.indent(i), ".. list-table::");
}

export function readListTable(ctx: ParseContext, start: number): ListTable {
  const { lines } = ctx;
  const directiveLine = start + 1;
  const directiveIndent = lines.indent(start);
  const caption = lines.rest(start, directiveIndent + ".. list-table::".length);
  if (caption !== "") ctx.warn(directiveLine, `list-table title "${caption}" ignored`);

  let headerRows: string | null = null;
  const rows: Row[] = [];
  let open: Cell | null = null; // the cell deeper-indented lines continue
  let openTextIndent = 0;
  let i = start + 1;
  for (; i < lines.count; i++) {
    if (lines.isBlank(i)) continue;
    const indent = lines.indent(i);
    if (indent <= directiveIndent) break;
    const lineNo = i + 1;
    const row = rows[rows.length - 1];

    const textIndent = cellMarkerEnd(lines, i, indent);
    if (textIndent > 0) {
      const isRow = lines.charAt(i, indent) === STAR;
      if (!isRow && !row) ctx.fail(lineNo, "list-table cell before any `* -` row");
      const cell: Cell = { text: lines.rest(i, textIndent), line: lineNo };
      open = cell;
      openTextIndent = textIndent;
      if (isRow) rows.push({ line: lineNo, cells: [cell] });
      else row?.cells.push(cell);
      continue;
    }
    const text = lines.rest(i, indent);
    if (open && indent >= openTextIndent) {
      open.text = open.text === "" ? text : `${open.text} ${text}`;
      continue;
    }
    if (rows.length === 0 && text === ":header-rows: 1") {
      headerRows = "1"; // the generator's only option, spared the regex below
      continue;
    }
    if (rows.length === 0 && text.startsWith(":")) {
      const option = /^:([A-Za-z][\w-]*):(?:\s+(.*))?$/.exec(text);
      if (!option) ctx.fail(lineNo, `malformed list-table option "${text}"`);
      const name = (option[1] ?? "").toLowerCase();
      const value = (option[2] ?? "").trim();
      if (name === "header-rows") headerRows = value;
      else if (!KNOWN_OPTIONS.has(name)) ctx.warn(lineNo, `unknown list-table option ":${name}:" ignored`);
      continue;
    }
    if (text.startsWith("*")) ctx.fail(lineNo, `list-table row does not start with "* -": "${text}"`);
    ctx.fail(lineNo, `unexpected text in list-table: "${text}"`);
  }

  if (headerRows === null) ctx.fail(directiveLine, 'list-table without ":header-rows: 1"');
  if (headerRows !== "1") ctx.fail(directiveLine, `list-table has ":header-rows: ${headerRows}", expected 1`);
  const [header, ...body] = rows;
  if (!header) return ctx.fail(directiveLine, "list-table has no header row");
  return { line: directiveLine, header, rows: body, next: i };
}

const STAR = 42;
const DASH = 45;

// Where a cell's text starts when line i (indented by `indent`) opens a row (`* - `) or a cell (`- `); 0 if it
// does neither. The text column also decides which deeper-indented lines continue the cell.
function cellMarkerEnd(lines: SourceLines, i: number, indent: number): number {
  let p = indent;
  if (lines.charAt(i, p) === STAR) {
    p++;
    if (!isBlankCode(lines.charAt(i, p))) return 0;
    while (isBlankCode(lines.charAt(i, p))) p++;
  }
  if (lines.charAt(i, p) !== DASH) return 0;
  p++;
  const after = lines.charAt(i, p);
  if (!Number.isNaN(after) && !isBlankCode(after)) return 0;
  while (isBlankCode(lines.charAt(i, p))) p++;
  return p;
}

function isBlankCode(code: number): boolean {
  return code === 32 || code === 9;
}
