import { parseDataType, parsePropertyCell } from "./cells.ts";
import { ChecklistError } from "./errors.ts";
import { endpointName, parseTitleText, splitHeading, Systems } from "./headings.ts";
import { collapse, SourceLines, squashesTo } from "./lines.ts";
import {
  ChecklistSchema,
  flowKind,
  type Checklist,
  type ChecklistWarning,
  type Flow,
  type TextAtLine,
} from "./model.ts";
import { matchStatement, type FlowContext } from "./statements.ts";
import { isListTableDirective, readListTable, type Cell, type ListTable, type Row } from "./tables.ts";

// One pass over the physical lines: title, preamble ("Generated:"), sections. A section is the Introduction or a
// flow; inside a flow each non-blank line is one statement (the generator writes one sentence per line, two of
// them sometimes in one paragraph), and a list-table belongs to the statement right before it. Anything the
// grammar does not know becomes a note plus a warning. Structural problems throw a ChecklistError at once, so a
// caller gets either the whole model or one `file:line: what`.

type FlowSection = { kind: "flow"; flow: Flow; context: FlowContext };
type Section = { kind: "preamble" } | { kind: "introduction" } | FlowSection;

interface PendingTable {
  kind: "merge-rule" | "synced-property";
  line: number;
}

const NOTE_PREVIEW = 80;

export function parseChecklist(text: string, file: string): Checklist {
  const lines = new SourceLines(text);
  const fail: Fail = (line, what) => {
    throw new ChecklistError(file, line, what);
  };
  let first = 0;
  while (first < lines.count && lines.isBlank(first)) first++;
  if (first === lines.count) fail(1, "file is empty");

  const title = readTitle(lines, first, fail);
  const names = parseTitleText(title.text);
  if (typeof names === "string") return fail(title.line, names);
  const { source, target } = names;
  const systems = new Systems([source, target]);

  const warnings: ChecklistWarning[] = [];
  const notes: TextAtLine[] = [];
  const flows: Flow[] = [];
  const introduction: string[] = [];
  const headingLines = new Map<string, number>();
  let introductionLine: number | null = null;
  let generated: { value: string; line: number } | null = null;
  let section: Section = { kind: "preamble" };
  let pending: PendingTable | null = null;

  const closePending = (): void => {
    if (pending)
      warnings.push({
        line: pending.line,
        message: `statement announces a ${pending.kind} table but no list-table follows`,
      });
    pending = null;
  };

  for (let i = title.next; i < lines.count; i++) {
    const line = i + 1;
    if (lines.isBlank(i)) {
      if (section.kind === "introduction") introduction.push("");
      continue;
    }

    if (lines.isAdornment(i, "=") && !lines.isBlank(i + 1) && lines.isAdornment(i + 2, "=")) {
      fail(line, "a second title: one file holds one dataflow document");
    }

    if (lines.isAdornment(i + 1, "-") && lines.indent(i) === 0 && !lines.isAdornment(i, "-")) {
      closePending();
      const heading = lines.get(i).trim();
      if (lines.width(i + 1) < heading.length) {
        warnings.push({ line: line + 1, message: "heading underline is shorter than the heading" });
      }
      if (squashesTo(heading, "introduction")) {
        if (introductionLine !== null)
          fail(line, `a second Introduction section (the first is at line ${introductionLine})`);
        introductionLine = line;
        section = { kind: "introduction" };
      } else {
        section = startFlow(heading, line, systems, fail);
        flows.push(section.flow);
        const key = `${section.context.keys.source} ${section.context.keys.target}`;
        const earlier = headingLines.get(key);
        if (earlier !== undefined)
          warnings.push({ line, message: `flow "${heading}" repeats the heading at line ${earlier}` });
        else headingLines.set(key, line);
      }
      i++;
      continue;
    }

    if (isListTableDirective(lines, i)) {
      if (section.kind !== "flow") fail(line, "list-table outside any flow");
      const flowSection = section;
      const announced = pending;
      if (announced === null) {
        return fail(
          line,
          'list-table with no statement introducing it ("... will merge with ... match:" or "The following properties are synchronized between ...:")',
        );
      }
      const table = readListTable(lines, i, file, warnings);
      if (announced.kind === "merge-rule") addMergeRules(table, flowSection, fail, file);
      else addSyncedProperties(table, flowSection, fail, file, warnings);
      pending = null;
      i = table.next - 1;
      continue;
    }

    closePending();
    const raw = lines.get(i);
    const prose = collapse(raw);
    if (section.kind === "introduction") {
      introduction.push(raw.trimEnd());
    } else if (section.kind === "preamble") {
      if (/^generated:/i.test(prose)) {
        if (generated) fail(line, `a second "Generated:" line (the first is at line ${generated.line})`);
        generated = { value: parseGenerated(prose, line, fail), line };
      } else {
        notes.push({ text: prose, line });
        warnings.push({ line, message: `text before the first section kept as a note: ${preview(prose)}` });
      }
    } else {
      pending = applyStatement(prose, line, section, warnings);
    }
  }
  closePending();

  for (const flow of flows) flow.kind = flowKind(flow);
  const checklist: Checklist = {
    file,
    title: title.text,
    generated: generated?.value ?? null,
    source,
    target,
    introduction: joinParagraphs(introduction),
    notes,
    flows,
    warnings: warnings.sort((a, b) => a.line - b.line),
  };
  return ChecklistSchema.parse(checklist);
}

type Fail = (line: number, what: string) => never;

// The title is over- and underlined with "=" (docutils also accepts underline-only, so do we).
function readTitle(lines: SourceLines, first: number, fail: Fail): { text: string; line: number; next: number } {
  if (lines.isAdornment(first, "=") && !lines.isBlank(first + 1) && lines.isAdornment(first + 2, "=")) {
    return { text: collapse(lines.get(first + 1)), line: first + 2, next: first + 3 };
  }
  if (!lines.isAdornment(first, "=") && lines.isAdornment(first + 1, "=")) {
    return { text: collapse(lines.get(first)), line: first + 1, next: first + 2 };
  }
  return fail(
    first + 1,
    'no title: the document must start with "<System> to <System> Dataflow" over- and underlined with "="',
  );
}

function startFlow(heading: string, line: number, systems: Systems, fail: Fail): FlowSection {
  const split = splitHeading(heading, systems);
  if (!split.ok) {
    const wanted = `"<System> <Datatype> to <System> <Datatype>" with the title's systems (${systems.names.join(", ")})`;
    return fail(
      line,
      split.reason === "ambiguous"
        ? `heading "${heading}" splits into ${wanted} in more than one way`
        : `heading "${heading}" cannot be split into ${wanted}`,
    );
  }
  const { source, target, sourceKey, targetKey } = split;
  const flow: Flow = {
    title: heading,
    line,
    kind: "other",
    source,
    target,
    linkRequired: false,
    syncAll: false,
    createIfNoMatch: false,
    mergeIfMatch: false,
    bidirectional: false,
    createdFrom: [],
    conditions: [],
    mergeRules: [],
    syncedProperties: [],
    notes: [],
  };
  return {
    kind: "flow",
    flow,
    context: {
      source,
      target,
      keys: { source: sourceKey, target: targetKey, targetSystem: systems.key(target.system) },
      systems,
    },
  };
}

// Returns the table the statement announces, if it announces one. A table announced by a statement about other
// datatypes is still read (and its header then names what is wrong), never skipped.
function applyStatement(
  text: string,
  line: number,
  section: FlowSection,
  warnings: ChecklistWarning[],
): PendingTable | null {
  const { flow } = section;
  const statement = matchStatement(text, section.context);
  switch (statement?.kind) {
    case "linkRequired":
      flow.linkRequired = true;
      return null;
    case "mergeRulesIntro":
      return { kind: "merge-rule", line };
    case "syncedPropertiesIntro":
      return { kind: "synced-property", line };
    case "bidirectional":
      flow.bidirectional = true;
      return null;
    case "syncAll":
      flow.syncAll = true;
      return null;
    case "createIfNoMatch":
      flow.createIfNoMatch = true;
      return null;
    case "mergeIfMatch":
      flow.mergeIfMatch = true;
      return null;
    case "createdFrom":
      flow.createdFrom.push({ via: statement.via, system: statement.system, into: statement.into, line });
      return null;
    case "condition":
      flow.conditions.push({ text: statement.text, line });
      return null;
    case "foreign":
      flow.notes.push({ text, line });
      warnings.push({ line, message: `statement ${statement.reason}; kept as a note` });
      if (statement.form === "mergeRulesIntro") return { kind: "merge-rule", line };
      if (statement.form === "syncedPropertiesIntro") return { kind: "synced-property", line };
      return null;
    case undefined:
      flow.notes.push({ text, line });
      warnings.push({ line, message: `unrecognized text kept as a note: ${preview(text)}` });
      return null;
  }
}

// The header names its columns: "<System> <Datatype> Property" for each side, "<System> Data Type" for the target's
// types; compared like headings (any spelling of the system), reported with the title's spelling.
function expectHeader(header: Row, section: FlowSection, label: string, fail: Fail, withType: boolean): void {
  const { source, target, keys } = section.context;
  const columns = withType ? 3 : 2;
  if (header.cells.length !== columns) {
    fail(header.line, `${label} header row has ${header.cells.length} cells, expected ${columns}`);
  }
  const [sourceCell, targetCell, typeCell] = header.cells;
  const wrong = (k: number, text: string, expected: string): never =>
    fail(header.cells[k]?.line ?? header.line, `${label} header cell ${k + 1} is "${text}", expected "${expected}"`);
  if (sourceCell && !squashesTo(sourceCell.text, keys.source, "property")) {
    wrong(0, sourceCell.text, `${endpointName(source)} Property`);
  }
  if (targetCell && !squashesTo(targetCell.text, keys.target, "property")) {
    wrong(1, targetCell.text, `${endpointName(target)} Property`);
  }
  if (typeCell && !squashesTo(typeCell.text, keys.targetSystem, "datatype")) {
    wrong(2, typeCell.text, `${target.system} Data Type`);
  }
}

/** The source and target cells of a row: bare paths, and the parenthesised qualifier each may carry. */
function propertyPair(sourceCell: Cell, targetCell: Cell, label: "merge-rule" | "synced-property", file: string) {
  const source = parsePropertyCell(sourceCell, label, "source", file);
  const target = parsePropertyCell(targetCell, label, "target", file);
  return {
    source: source.path,
    sourceQualifier: source.qualifier,
    target: target.path,
    targetQualifier: target.qualifier,
  };
}

function addMergeRules(table: ListTable, section: FlowSection, fail: Fail, file: string): void {
  const label = "merge-rule";
  const { flow } = section;
  expectHeader(table.header, section, label, fail, false);
  for (const row of table.rows) {
    const [sourceCell, targetCell] = row.cells;
    if (row.cells.length !== 2 || !sourceCell || !targetCell) {
      return fail(row.line, `${label} row has ${row.cells.length} cells, expected 2`);
    }
    flow.mergeRules.push({ ...propertyPair(sourceCell, targetCell, label, file), line: row.line });
  }
}

function addSyncedProperties(
  table: ListTable,
  section: FlowSection,
  fail: Fail,
  file: string,
  warnings: ChecklistWarning[],
): void {
  const label = "synced-property";
  const { flow } = section;
  expectHeader(table.header, section, label, fail, true);
  for (const row of table.rows) {
    const [sourceCell, targetCell, typeCell] = row.cells;
    if (row.cells.length !== 3 || !sourceCell || !targetCell || !typeCell) {
      return fail(row.line, `${label} row has ${row.cells.length} cells, expected 3`);
    }
    const pair = propertyPair(sourceCell, targetCell, label, file);
    flow.syncedProperties.push({
      ...pair,
      targetType: parseDataType(typeCell, `${pair.source} -> ${pair.target}`, file, warnings),
      line: row.line,
    });
  }
}

// "Generated: 2024-07-22 00:00:01" -> "2024-07-22T00:00:01" (a date alone stays a date). No zone is invented.
function parseGenerated(text: string, line: number, fail: Fail): string {
  const match = /^generated:\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/i.exec(text);
  const [year, month, day, hour, minute, second] = (match ?? [])
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0));
  const valid =
    match !== null &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() + 1 === month &&
    date.getUTCDate() === day &&
    date.getUTCHours() === (hour ?? 0) &&
    date.getUTCMinutes() === (minute ?? 0) &&
    date.getUTCSeconds() === (second ?? 0);
  if (!valid) fail(line, `"${text}" is not "Generated: YYYY-MM-DD HH:MM:SS"`);
  const iso = date.toISOString(); // 2024-07-22T00:00:01.000Z
  return hour === undefined ? iso.slice(0, 10) : iso.slice(0, 19);
}

// The Introduction as written: lines kept, blank runs reduced to one empty line, none at either end.
function joinParagraphs(lines: readonly string[]): string {
  const kept: string[] = [];
  for (const line of lines) if (line !== "" || (kept.length > 0 && kept[kept.length - 1] !== "")) kept.push(line);
  while (kept[kept.length - 1] === "") kept.pop();
  return kept.join("\n");
}

function preview(text: string): string {
  return JSON.stringify(text.length > NOTE_PREVIEW ? `${text.slice(0, NOTE_PREVIEW - 1)}…` : text);
}
