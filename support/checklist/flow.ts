import type { ParseContext } from "./context.ts";
import { splitHeading, withoutTrailingPunctuation, type Spelling, type Systems } from "./headings.ts";
import { collapse, squash } from "./lines.ts";
import { flowKind, type Flow, type Statement, type TableRef } from "./model.ts";
import { readTableRows } from "./rows.ts";
import type { Heading, Section } from "./sections.ts";
import { matchStatement, type FlowContext } from "./statements.ts";
import { isListTableDirective, readListTable } from "./tables.ts";

// One flow section: the heading split into its endpoints, then each non-blank line one statement (the generator
// writes one sentence per line, two of them sometimes in one paragraph), and each list-table read into the
// statement right before it that announced one. Everything the section says becomes a statement in order; the
// flow's booleans and arrays are filled from the same facts, and its kind is set when the section closes.

const NOTE_PREVIEW = 80;

type TableStatement = Extract<Statement, { table: TableRef | null }>;

export function readFlow(ctx: ParseContext, section: Section, systems: Systems): Flow {
  const reader = new FlowReader(ctx, section.heading, systems);
  const { lines } = ctx;
  for (let i = section.start; i < section.end; i++) {
    if (lines.isBlank(i)) continue;
    if (isListTableDirective(lines, i)) {
      const table = readListTable(ctx, i);
      reader.table(table.line, (kind) => readTableRows(ctx, table, kind, reader.context, reader.flow));
      i = table.next - 1;
    } else {
      reader.statement(collapse(lines.get(i)), i + 1);
    }
  }
  return reader.close();
}

class FlowReader {
  readonly flow: Flow;
  readonly context: FlowContext;
  private readonly ctx: ParseContext;
  // The statement that announced a table none has followed yet, and which kind of table.
  private pending: { statement: TableStatement; kind: TableRef["kind"] } | null = null;

  constructor(ctx: ParseContext, heading: Heading, systems: Systems) {
    this.ctx = ctx;
    const bare = withoutTrailingPunctuation(heading.text);
    if (bare !== heading.text) {
      ctx.warn(heading.line, `heading "${heading.text}" ends with "${heading.text.slice(bare.length).trim()}"`);
    }
    const split = splitHeading(bare, systems);
    if (!split.ok) {
      const wanted = `"<System> <Datatype> to <System> <Datatype>" with the title's systems (${systems.names.join(", ")})`;
      ctx.fail(
        heading.line,
        split.reason === "ambiguous"
          ? `heading "${heading.text}" splits into ${wanted} in more than one way`
          : `heading "${heading.text}" cannot be split into ${wanted}`,
      );
    }
    const { source, target, matches, written } = split;
    const titleLeavesOut = systems.names.includes("");
    for (const [side, endpoint] of [
      ["source", source],
      ["target", target],
    ] as const) {
      const oddity = spellingOddity(matches[side].spelling, endpoint.system, heading.text, titleLeavesOut);
      if (oddity) ctx.warn(heading.line, oddity);
    }
    const titleKey = (system: string, datatype: string) => systems.key(system) + squash(datatype);
    this.context = {
      source,
      target,
      keys: {
        source: distinct(written.source, titleKey(source.system, source.datatype)),
        target: distinct(written.target, titleKey(target.system, target.datatype)),
        sourceSystem: distinct(written.sourceSystem, systems.key(source.system)),
        targetSystem: distinct(written.targetSystem, systems.key(target.system)),
      },
    };
    this.flow = {
      title: heading.text,
      line: heading.line,
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
      statements: [],
      unreadableRows: [],
    };
  }

  statement(text: string, line: number): void {
    this.closePending();
    const { flow } = this;
    const match = matchStatement(text, this.context);
    switch (match?.kind) {
      case "linkRequired":
        flow.linkRequired = true;
        return this.add({ kind: "link-required", line, text });
      case "bidirectional":
        flow.bidirectional = true;
        return this.add({ kind: "bidirectional", line, text });
      case "syncAll":
        flow.syncAll = true;
        return this.add({ kind: "sync-all", line, text });
      case "createIfNoMatch":
        flow.createIfNoMatch = true;
        return this.add({ kind: "create-if-no-match", line, text });
      case "mergeIfMatch":
        flow.mergeIfMatch = true;
        return this.add({ kind: "merge-if-match", line, text });
      case "createdFrom":
        flow.createdFrom.push({ via: match.via, system: match.system, into: match.into, line });
        return this.add({ kind: "created-from", line, text });
      case "condition":
        flow.conditions.push({ text: match.text, line });
        return this.add({ kind: "condition", line, text });
      case "mergeRulesIntro":
        return this.announce({ kind: "merge-rules", line, text, table: null }, "merge-rule");
      case "syncedPropertiesIntro":
        return this.announce({ kind: "synced-properties", line, text, table: null }, "synced-property");
      case "foreign": {
        this.ctx.warn(line, `statement ${match.reason}; kept as a note`);
        const note = this.note(text, line, match.reason);
        // A table it announces is still read: its header must then name this flow's columns.
        if (match.form === "mergeRulesIntro") this.pending = { statement: note, kind: "merge-rule" };
        if (match.form === "syncedPropertiesIntro") this.pending = { statement: note, kind: "synced-property" };
        return;
      }
      case undefined:
        this.ctx.warn(line, `unrecognized text kept as a note: ${preview(text)}`);
        this.note(text, line, "not a statement of the dataflow grammar");
        return;
    }
  }

  // A list-table at `line`: its rows go to the statement that announced it.
  table(line: number, readRows: (kind: TableRef["kind"]) => TableRef): void {
    const pending = this.pending;
    if (!pending) {
      this.ctx.fail(
        line,
        'list-table with no statement introducing it ("... will merge with ... match:" or "The following properties are synchronized between ...:")',
      );
    }
    pending.statement.table = readRows(pending.kind);
    this.pending = null;
  }

  close(): Flow {
    this.closePending();
    this.flow.kind = flowKind(this.flow);
    return this.flow;
  }

  private add(statement: Statement): void {
    this.flow.statements.push(statement);
  }

  private announce(statement: TableStatement, kind: TableRef["kind"]): void {
    this.add(statement);
    this.pending = { statement, kind };
  }

  private note(text: string, line: number, reason: string): TableStatement {
    const note = { kind: "note" as const, line, text, reason, table: null };
    this.flow.notes.push({ text, line });
    this.add(note);
    return note;
  }

  private closePending(): void {
    if (this.pending && this.pending.statement.table === null) {
      const { statement, kind } = this.pending;
      this.ctx.warn(statement.line, `statement announces a ${kind} table but no list-table follows`);
    }
    this.pending = null;
  }
}

function spellingOddity(spelling: Spelling, system: string, heading: string, titleLeavesOut: boolean): string | null {
  if (spelling === "exact" || system === "") return null;
  if (spelling === "missing") return `heading "${heading}" names no system on one side; read as ${system}`;
  if (spelling === "unknown") {
    const why = titleLeavesOut ? "where the title names none" : "which is not one of the title's systems";
    return `heading "${heading}" names ${system}, ${why}`;
  }
  const how = spelling === "prefix" ? "a shortened" : "a repeated";
  return `heading "${heading}" writes ${how} name for ${system}`;
}

function distinct(first: string, second: string): readonly string[] {
  return first === second ? [first] : [first, second];
}

export function preview(text: string): string {
  return JSON.stringify(text.length > NOTE_PREVIEW ? `${text.slice(0, NOTE_PREVIEW - 1)}…` : text);
}
