import type { ParseContext } from "./context.ts";
import { collapse } from "./lines.ts";

// The first pass: the document cut into its title block, the preamble after it and one section per heading,
// knowing nothing of what the sections say. A heading is a line at the first column followed by an adornment
// line (docutils' rule, any adornment character). The generator underlines the title with "=" (over and under)
// and sections with "-", each exactly as long as its text; other characters used consistently, and underlines
// shorter or longer than their text, are read the same way with a warning.

export interface TitleBlock {
  text: string; // the title line, whitespace-collapsed
  line: number;
  next: number; // index of the first line after the block
}

export interface Heading {
  text: string; // the heading line, trimmed
  line: number;
}

export interface Section {
  heading: Heading;
  start: number; // index of the first body line (after the underline)
  end: number; // index after the last body line
}

export interface Outline {
  title: TitleBlock;
  preamble: { start: number; end: number };
  sections: Section[];
}

const TITLE_CHARACTER = "=";
const SECTION_CHARACTER = "-";

export function outlineDocument(ctx: ParseContext): Outline {
  const { lines } = ctx;
  let first = 0;
  while (first < lines.count && lines.isBlank(first)) first++;
  if (first === lines.count) ctx.fail(1, "file is empty");
  const title = readTitle(ctx, first);

  const sections: Section[] = [];
  let sectionCharacter = 0;
  let firstHeadingLine = 0;
  let underline = title.next - 1; // the last line read as an underline, so it is not mistaken for an overline
  for (let i = title.next; i < lines.count - 1; i++) {
    const character = lines.adornment(i + 1);
    if (character === 0 || lines.indent(i) !== 0 || lines.isBlank(i) || lines.adornment(i) !== 0) continue;
    const line = i + 1;
    if (i - 1 !== underline && lines.adornment(i - 1) !== 0) {
      ctx.fail(line, "a second title: one file holds one dataflow document");
    }
    const text = lines.get(i).trim();
    if (sectionCharacter === 0) {
      sectionCharacter = character;
      firstHeadingLine = line;
      if (character !== SECTION_CHARACTER.charCodeAt(0)) {
        ctx.warn(
          line + 1,
          `headings are underlined with "${char(character)}" where the generator uses "${SECTION_CHARACTER}"`,
        );
      }
    } else if (character !== sectionCharacter) {
      ctx.warn(
        line + 1,
        `heading underlined with "${char(character)}" where the first heading (line ${firstHeadingLine}) uses "${char(sectionCharacter)}"`,
      );
    }
    compareWidth(ctx, line + 1, lines.width(i + 1), text.length, "heading underline", "the heading");
    const previous = sections[sections.length - 1];
    if (previous) previous.end = i;
    sections.push({ heading: { text, line }, start: i + 2, end: lines.count });
    underline = i + 1;
    i++;
  }
  const preambleEnd = sections[0] ? sections[0].heading.line - 1 : lines.count;
  return { title, preamble: { start: title.next, end: preambleEnd }, sections };
}

// Over- and underlined (the generator's form, any adornment character), or underlined only with "=" (docutils
// accepts it, so do we).
function readTitle(ctx: ParseContext, first: number): TitleBlock {
  const { lines } = ctx;
  const over = lines.adornment(first);
  let block: { index: number; character: number; adornments: number[]; next: number } | null = null;
  if (
    over !== 0 &&
    !lines.isBlank(first + 1) &&
    lines.adornment(first + 1) === 0 &&
    lines.adornment(first + 2) === over
  ) {
    block = { index: first + 1, character: over, adornments: [first, first + 2], next: first + 3 };
  } else if (over === 0 && lines.adornment(first + 1) === TITLE_CHARACTER.charCodeAt(0)) {
    // Underlined only: with the title's own character, or it would be the first section of a document without one.
    block = { index: first, character: lines.adornment(first + 1), adornments: [first + 1], next: first + 2 };
  }
  if (!block) {
    return ctx.fail(
      first + 1,
      `no title: the document must start with "<System> to <System> Dataflow" over- and underlined with "${TITLE_CHARACTER}"`,
    );
  }
  const text = collapse(lines.get(block.index));
  const width = lines.get(block.index).trim().length;
  const line = block.index + 1;
  if (block.character !== TITLE_CHARACTER.charCodeAt(0)) {
    ctx.warn(line, `title adorned with "${char(block.character)}" where the generator uses "${TITLE_CHARACTER}"`);
  }
  for (const adornment of block.adornments) {
    const what = adornment < block.index ? "title overline" : "title underline";
    compareWidth(ctx, adornment + 1, lines.width(adornment), width, what, "the title");
  }
  return { text, line, next: block.next };
}

function compareWidth(ctx: ParseContext, line: number, width: number, textWidth: number, what: string, of: string) {
  if (width < textWidth) ctx.warn(line, `${what} is shorter than ${of}`);
  else if (width > textWidth) ctx.warn(line, `${what} is longer than ${of}`);
}

function char(code: number): string {
  return String.fromCharCode(code);
}
