import { ChecklistError } from "./errors.ts";
import { collapse } from "./lines.ts";
import type { ChecklistWarning } from "./model.ts";
import type { Cell } from "./tables.ts";

// Property cells are dotted paths, sometimes with a condition the generator appended in parentheses:
// `OrganizationNumber (Dependant on having NO in MailAddress.CountryCode...)`. The path is everything before the
// first "(", the qualifier everything up to the closing ")" that must end the cell; no text is dropped, so text
// after the ")" is an error rather than something to guess about.
export function parsePropertyCell(
  cell: Cell,
  table: "merge-rule" | "synced-property",
  side: "source" | "target",
  file: string,
): { path: string; qualifier: string | null } {
  const open = cell.text.indexOf("(");
  const path = (open < 0 ? cell.text : cell.text.slice(0, open)).trim();
  if (cell.text === "") throw new ChecklistError(file, cell.line, `${table} row has an empty ${side} property`);
  if (path === "") throw new ChecklistError(file, cell.line, `${table} ${side} property "${cell.text}" has no path`);
  if (open < 0) return { path, qualifier: null };
  if (!cell.text.endsWith(")")) {
    throw new ChecklistError(
      file,
      cell.line,
      `${table} ${side} property "${cell.text}" has text after its parenthesised qualifier`,
    );
  }
  const qualifier = collapse(cell.text.slice(open + 1, -1));
  return { path, qualifier: qualifier === "" ? null : qualifier };
}

// `"string"` -> string. A bare N/A is how the generator says it does not know the type: kept as "N/A", warned
// about. An unquoted type is kept as written, warned about; an empty one is an error.
export function parseDataType(cell: Cell, property: string, file: string, warnings: ChecklistWarning[]): string {
  const text = cell.text;
  const quoted = text.length >= 2 && text.startsWith('"') && text.endsWith('"');
  const type = quoted ? text.slice(1, -1).trim() : text;
  if (type === "") throw new ChecklistError(file, cell.line, "synced-property row has an empty data type");
  if (type.toUpperCase() === "N/A") {
    warnings.push({
      line: cell.line,
      message: `data type of ${property} is N/A: the generator does not know its type`,
    });
    return "N/A";
  }
  if (!quoted) warnings.push({ line: cell.line, message: `data type of ${property} is not quoted: ${type}` });
  return type;
}
