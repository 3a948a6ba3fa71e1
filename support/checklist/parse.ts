import { ParseContext } from "./context.ts";
import { readFlow } from "./flow.ts";
import { parseTitleText, Systems, withoutTrailingPunctuation } from "./headings.ts";
import { readFrontMatter, readIntroduction } from "./front.ts";
import { squash } from "./lines.ts";
import type { Checklist, Flow } from "./model.ts";
import { outlineDocument, type Section } from "./sections.ts";

// Reads a Sesam Talk dataflow document (checklist-format.md) in two passes: the text is cut into its title block,
// the preamble and one section per heading (sections.ts), then each part is read on its own: the title's system
// names, the preamble's "Generated:" line, the Introduction's prose, and each flow section (flow.ts). Oddities
// the reader can read past are warnings with their line; what cannot be read as a checklist at all throws one
// ChecklistError through the parse context, so a caller gets either the whole model or one `file:line: what`.

export function parseChecklist(text: string, file: string): Checklist {
  const ctx = new ParseContext(text, file);
  const outline = outlineDocument(ctx);
  const names = parseTitleText(outline.title.text);
  if (typeof names === "string") return ctx.fail(outline.title.line, names);
  for (const oddity of names.oddities) ctx.warn(outline.title.line, oddity);
  const systems = new Systems([names.source, names.target]);
  const front = readFrontMatter(ctx, outline);

  const flows: Flow[] = [];
  const introductions: Section[] = [];
  const headingLines = new Map<string, number>();
  for (const section of outline.sections) {
    const { text, line } = section.heading;
    if (squash(withoutTrailingPunctuation(text)) === "introduction") {
      const first = introductions[0];
      if (first) ctx.warn(line, `a second Introduction section (the first is at line ${first.heading.line})`);
      else if (text !== "Introduction") ctx.warn(line, `heading "${text}" read as the Introduction`);
      introductions.push(section);
      continue;
    }
    const flow = readFlow(ctx, section, systems);
    flows.push(flow);
    const key = `${squash(flow.source.system)}:${squash(flow.source.datatype)}>${squash(flow.target.system)}:${squash(flow.target.datatype)}`;
    const earlier = headingLines.get(key);
    if (earlier !== undefined) ctx.warn(line, `flow "${text}" repeats the heading at line ${earlier}`);
    else headingLines.set(key, line);
  }
  if (introductions.length === 0) {
    ctx.warn(outline.sections[0]?.heading.line ?? outline.title.line, "no Introduction section");
  }

  return {
    file,
    title: outline.title.text,
    generated: front.generated,
    source: names.source,
    target: names.target,
    introduction: readIntroduction(ctx, introductions),
    notes: front.notes,
    flows,
    warnings: ctx.warnings.sort((a, b) => a.line - b.line),
  };
}
