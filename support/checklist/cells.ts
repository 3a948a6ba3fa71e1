import { collapse } from "./lines.ts";
import type { Cell } from "./tables.ts";

// What one cell of a merge-rule or synced-property row says. A cell that names no property (or no type) is not an
// error: its row is kept as unreadable, with the problem as the reason (rows.ts).

export type PathCell = { path: string; qualifier: string | null };
export type PropertyCell = PathCell | { problem: string };

// Property cells are dotted paths, sometimes with a condition the generator appended in parentheses:
// `OrganizationNumber (Dependant on having NO in MailAddress.CountryCode...)`. The path is everything before the
// first "(", the qualifier everything up to the closing ")" that must end the cell; no text is dropped, so text
// after the ")" makes the cell unreadable rather than something to guess about. `column` names the column
// ("YouTrack Users"); the problem names it as "the YouTrack Users property".
export function readPropertyCell(cell: Cell, column: string): PropertyCell {
  const text = cell.text;
  if (text === "") return { problem: `the ${column} property cell is empty` };
  const open = text.indexOf("(");
  if (open < 0) return { path: text, qualifier: null }; // the cell is trimmed already
  const path = text.slice(0, open).trim();
  if (path === "") return { problem: `the ${column} property "${text}" has a qualifier and no path` };
  if (!text.endsWith(")")) {
    return { problem: `the ${column} property "${text}" has text after its parenthesised qualifier` };
  }
  const qualifier = collapse(text.slice(open + 1, -1));
  return { path, qualifier: qualifier === "" ? null : qualifier };
}

export type DataTypeCell = { type: string; oddity: string | null } | { problem: string };

// `"string"` -> string. A bare N/A is how the generator says it does not know the type: kept as "N/A", with an
// oddity to warn about; so is an unquoted type (kept as written, such as the generator's half-printed transform
// expressions `"datetime-format","%Y-%m-%dT%H:%M:%S","_."]`). An empty one names no type.
export function readDataTypeCell(cell: Cell, source: string, target: string): DataTypeCell {
  const text = cell.text;
  const quoted = text.length >= 2 && text.startsWith('"') && text.endsWith('"');
  const type = quoted ? text.slice(1, -1).trim() : text;
  if (type === "") return { problem: "the data type cell is empty" };
  if (type.toUpperCase() === "N/A") {
    return { type: "N/A", oddity: `data type of ${source} -> ${target} is N/A: the generator does not know its type` };
  }
  return { type, oddity: quoted ? null : `data type of ${source} -> ${target} is not quoted: ${type}` };
}
