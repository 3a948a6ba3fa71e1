import { grepForLines, qaCommand } from "./grep.ts";
import type { Change, ChecklistDiff, DocumentRef, FlowChange, FlowRef, RowRef } from "./model.ts";

const ROW_KIND: Record<RowRef["kind"], string> = {
  "merge-rule": "merge rule",
  "synced-property": "synced",
  unreadable: "unreadable",
};
const quote = (text: string | null) => (text === null ? "(none)" : JSON.stringify(text));
const short = (text: string | null) => (text !== null && text.length > 100 ? `${text.slice(0, 97)}...` : text);

/** `system renamed (target): "Powerofficego" -> "PowerOffice GO"`, `condition added: "..."`. */
export function describeChange(change: Change): string {
  const what: Record<Change["kind"], string> = {
    title: "title",
    generated: "generated",
    system: "system renamed",
    datatype: "datatype",
    flag: "flag",
    "created-from": "created from",
    condition: "condition",
    note: "note",
    introduction: "introduction",
    "data-type": "data type",
    "merge-property": "merge property",
    property: "property",
    qualifier: "qualifier",
  };
  const name = `${what[change.kind]}${change.field ? ` (${change.field})` : ""}`;
  if (change.from === null) return `${name} added: ${quote(short(change.to))}`;
  if (change.to === null) return `${name} removed: ${quote(short(change.from))}`;
  return `${name}: ${quote(short(change.from))} -> ${quote(short(change.to))}`;
}

const rowText = (row: RowRef) => `line ${row.line}: ${ROW_KIND[row.kind]} ${row.text}`;
const docText = (doc: DocumentRef) => `${doc.file} ("${doc.title}", generated ${doc.generated ?? "?"})`;

function counts(diff: ChecklistDiff): string {
  const { added, removed, changed, unchanged } = diff.flows;
  return `${added.length} added, ${removed.length} removed, ${changed.length} changed, ${unchanged.length} unchanged`;
}

function flowLines(change: FlowChange): string[] {
  return [
    ...change.changes.map((c) => `~ ${describeChange(c)}`),
    ...change.rows.removed.map((row) => `- ${rowText(row)}`),
    ...change.rows.added.map((row) => `+ ${rowText(row)}`),
    ...change.rows.changed.map(
      (row) =>
        `~ line ${row.old.line} -> ${row.new.line}: ${ROW_KIND[row.kind]} ${row.new.text}: ${row.changes.map(describeChange).join("; ")}`,
    ),
  ];
}

const flowHeader = (flow: FlowRef) => `line ${flow.line}: ${flow.title} (${flow.rows.length} row(s))`;

export function renderText(diff: ChecklistDiff): string {
  const out = [`old: ${docText(diff.old)}`, `new: ${docText(diff.new)}`, ""];
  out.push(diff.document.length ? "Document:" : "Document: unchanged");
  out.push(...diff.document.map((c) => `  ~ ${describeChange(c)}`));
  out.push("", `Flows: ${counts(diff)}`);
  for (const flow of diff.flows.removed)
    out.push(`  - ${flowHeader(flow)}`, ...flow.rows.map((r) => `      - ${rowText(r)}`));
  for (const flow of diff.flows.added)
    out.push(`  + ${flowHeader(flow)}`, ...flow.rows.map((r) => `      + ${rowText(r)}`));
  for (const change of diff.flows.changed) {
    out.push(`  ~ line ${change.old.line} -> ${change.new.line}: ${change.new.title}`);
    out.push(...flowLines(change).map((line) => `      ${line}`));
  }
  out.push("", ...runHint(diff));
  return `${out.join("\n")}\n`;
}

export function renderMarkdown(diff: ChecklistDiff): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  const out = [`# What changed: ${diff.old.title} -> ${diff.new.title}`, ""];
  out.push(`- old: \`${diff.old.file}\`, generated ${diff.old.generated ?? "?"}`);
  out.push(`- new: \`${diff.new.file}\`, generated ${diff.new.generated ?? "?"}`, "");
  out.push("## Document", "");
  out.push(...(diff.document.length ? diff.document.map((c) => `- ${cell(describeChange(c))}`) : ["Unchanged."]));
  out.push("", `## Flows: ${counts(diff)}`, "");
  if (diff.flows.removed.length || diff.flows.added.length || diff.flows.changed.length) {
    out.push("| | old line | new line | flow / row | change |", "|---|---|---|---|---|");
    for (const flow of diff.flows.removed) {
      out.push(`| ➖ | ${flow.line} | | ${cell(flow.title)} | flow removed (${flow.rows.length} row(s)) |`);
    }
    for (const flow of diff.flows.added) {
      out.push(`| ➕ | | ${flow.line} | ${cell(flow.title)} | flow added (${flow.rows.length} row(s)) |`);
    }
    for (const change of diff.flows.changed) {
      const lines = [
        ...change.changes.map(
          (c) =>
            `| ✏️ | ${change.old.line} | ${change.new.line} | ${cell(change.new.title)} | ${cell(describeChange(c))} |`,
        ),
        ...change.rows.removed.map(
          (r) => `| ➖ | ${r.line} | | ${ROW_KIND[r.kind]} \`${cell(r.text)}\` | row removed |`,
        ),
        ...change.rows.added.map((r) => `| ➕ | | ${r.line} | ${ROW_KIND[r.kind]} \`${cell(r.text)}\` | row added |`),
        ...change.rows.changed.map(
          (r) =>
            `| ✏️ | ${r.old.line} | ${r.new.line} | ${ROW_KIND[r.kind]} \`${cell(r.new.text)}\` | ${cell(r.changes.map(describeChange).join("; "))} |`,
        ),
      ];
      out.push(...lines);
    }
  }
  out.push("", ...runHint(diff).map((line) => (line.startsWith("  ") ? `\`${line.trim()}\`` : line)));
  return `${out.join("\n")}\n`;
}

function runHint(diff: ChecklistDiff): string[] {
  const grep = grepForLines(diff.new.file, diff.changedLines);
  if (!grep) return ["Nothing to run: no row of the new document checks anything that changed."];
  return [
    `To run the tests of what changed (lines ${diff.changedLines.join(", ")} of the new document):`,
    `  ${qaCommand(diff.new.file, grep)}`,
  ];
}
