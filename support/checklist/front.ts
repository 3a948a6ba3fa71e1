import type { ParseContext } from "./context.ts";
import { preview } from "./flow.ts";
import { collapse } from "./lines.ts";
import type { TextAtLine } from "./model.ts";
import type { Outline, Section } from "./sections.ts";
import { isListTableDirective } from "./tables.ts";

// What comes before the flows: the preamble between the title and the first section ("Generated:" and any prose
// the generator added) and the Introduction's prose. None of it is a statement to test, so nothing here refuses
// a document except a table, which can only belong to a flow.

export function readFrontMatter(
  ctx: ParseContext,
  outline: Outline,
): { generated: string | null; notes: TextAtLine[] } {
  const { lines } = ctx;
  const notes: TextAtLine[] = [];
  let generated: { value: string; line: number } | null = null;
  for (let i = outline.preamble.start; i < outline.preamble.end; i++) {
    if (lines.isBlank(i)) continue;
    const line = i + 1;
    if (isListTableDirective(lines, i)) ctx.fail(line, "list-table outside any flow");
    const text = collapse(lines.get(i));
    if (/^generated:/i.test(text)) {
      const value = parseGenerated(text);
      if (generated) {
        ctx.warn(line, `a second "Generated:" line (the first is at line ${generated.line}) kept as a note`);
      } else if (value === null) {
        ctx.warn(line, `"${text}" is not "Generated: YYYY-MM-DD HH:MM:SS": kept as a note, the date is unknown`);
      } else {
        generated = { value, line };
        continue;
      }
    } else {
      ctx.warn(line, `text before the first section kept as a note: ${preview(text)}`);
    }
    notes.push({ text, line });
  }
  if (!generated) ctx.warn(outline.title.line, 'no "Generated:" line: the generation date is unknown');
  return { generated: generated?.value ?? null, notes };
}

// The Introduction as written: lines kept, blank runs reduced to one empty line, none at either end. A second
// Introduction section (warned about by the caller) adds its paragraphs.
export function readIntroduction(ctx: ParseContext, sections: readonly Section[]): string {
  const { lines } = ctx;
  const kept: string[] = [];
  for (const section of sections) {
    for (let i = section.start; i < section.end; i++) {
      if (isListTableDirective(lines, i)) ctx.fail(i + 1, "list-table outside any flow");
      const text = lines.isBlank(i) ? "" : lines.get(i).trimEnd();
      if (text !== "" || (kept.length > 0 && kept[kept.length - 1] !== "")) kept.push(text);
    }
    if (kept.length > 0 && kept[kept.length - 1] !== "") kept.push("");
  }
  while (kept[kept.length - 1] === "") kept.pop();
  return kept.join("\n");
}

// "Generated: 2024-07-22 00:00:01" -> "2024-07-22T00:00:01" (a date alone stays a date); null if it is not one.
// No zone is invented: the document names none.
function parseGenerated(text: string): string | null {
  const match = /^generated:\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/i.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0));
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() + 1 === month &&
    date.getUTCDate() === day &&
    date.getUTCHours() === (hour ?? 0) &&
    date.getUTCMinutes() === (minute ?? 0) &&
    date.getUTCSeconds() === (second ?? 0);
  if (!valid) return null;
  const iso = date.toISOString(); // 2024-07-22T00:00:01.000Z
  return hour === undefined ? iso.slice(0, 10) : iso.slice(0, 19);
}
