// Text primitives shared by the parser. Names are compared through `squash` because the generator spells the same
// system differently within one document ("YouTrack" / "Youtrack", "Powerofficego" / "PowerOffice GO").

// The physical lines of a document as offsets into its text. CRLF, LF and lone CR all end a line; a leading BOM is
// not content. Index i is line i + 1. Lines are only cut out as strings when the parser needs their text: on a
// 10,000-flow document, splitting into ~350k strings up front cost several times what this index does, and kept
// them all alive for the garbage collector to copy.
export class SourceLines {
  readonly count: number;
  private readonly text: string;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array; // exclusive, before the line end

  constructor(text: string) {
    this.text = text;
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    // Sized for ~32 characters a line (the documents average more), so large ones rarely need to grow.
    const capacity = 64 + (text.length >> 5);
    let starts: Int32Array = new Int32Array(capacity);
    let ends: Int32Array = new Int32Array(capacity);
    let count = 0;
    let position = bom;
    let nextLf = text.indexOf("\n", position);
    let nextCr = text.indexOf("\r", position);
    for (;;) {
      if (count === starts.length) {
        starts = grow(starts);
        ends = grow(ends);
      }
      if (nextLf >= 0 && nextLf < position) nextLf = text.indexOf("\n", position);
      if (nextCr >= 0 && nextCr < position) nextCr = text.indexOf("\r", position);
      const end = nextCr >= 0 && (nextLf < 0 || nextCr < nextLf) ? nextCr : nextLf;
      starts[count] = position;
      if (end < 0) {
        ends[count++] = text.length;
        break;
      }
      ends[count++] = end;
      position = end === nextCr && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    }
    this.count = count;
    this.starts = starts;
    this.ends = ends;
  }

  // The line's text without its line end; "" past the end of the document.
  get(i: number): string {
    return i < this.count ? this.text.slice(this.starts[i], this.ends[i]) : "";
  }

  indent(i: number): number {
    const start = this.starts[i] ?? 0;
    const end = this.ends[i] ?? 0;
    let p = start;
    while (p < end && isSpaceOrTab(this.text.charCodeAt(p))) p++;
    return p - start;
  }

  isBlank(i: number): boolean {
    if (i >= this.count) return true;
    const end = this.ends[i] ?? 0;
    for (let p = this.starts[i] ?? 0; p < end; p++) if (!isWhitespace(this.text.charCodeAt(p))) return false;
    return true;
  }

  // The adornment character of line i (its code) when the line is one punctuation character repeated at least
  // twice from the first column, trailing whitespace allowed (docutils' section adornment); 0 otherwise.
  adornment(i: number): number {
    if (i >= this.count) return 0;
    const start = this.starts[i] ?? 0;
    let end = this.ends[i] ?? 0;
    const code = this.text.charCodeAt(start);
    if (start >= end || !isAdornmentCharacter(code)) return 0; // most lines stop here
    while (end > start && isWhitespace(this.text.charCodeAt(end - 1))) end--;
    if (end - start < 2) return 0;
    for (let p = start + 1; p < end; p++) if (this.text.charCodeAt(p) !== code) return 0;
    return code;
  }

  // The visible length of the line: without trailing whitespace.
  width(i: number): number {
    const start = this.starts[i] ?? 0;
    let end = this.ends[i] ?? 0;
    while (end > start && isWhitespace(this.text.charCodeAt(end - 1))) end--;
    return end - start;
  }

  // Whether the line, after `offset` characters, starts with `prefix`.
  startsWith(i: number, offset: number, prefix: string): boolean {
    const at = (this.starts[i] ?? 0) + offset;
    return at + prefix.length <= (this.ends[i] ?? 0) && this.text.startsWith(prefix, at);
  }

  // The character code `offset` characters into the line; NaN past its end.
  charAt(i: number, offset: number): number {
    const at = (this.starts[i] ?? 0) + offset;
    return at < (this.ends[i] ?? 0) ? this.text.charCodeAt(at) : NaN;
  }

  // The line's text from `offset` on, trimmed.
  rest(i: number, offset: number): string {
    return this.text.slice((this.starts[i] ?? 0) + offset, this.ends[i]).trim();
  }
}

function grow(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

// docutils' adornment characters: the printable 7-bit ASCII characters that are neither letters, digits nor space.
function isAdornmentCharacter(code: number): boolean {
  return (
    (code >= 33 && code <= 47) ||
    (code >= 58 && code <= 64) ||
    (code >= 91 && code <= 96) ||
    (code >= 123 && code <= 126)
  );
}

function isSpaceOrTab(code: number): boolean {
  return code === 32 || code === 9;
}

function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff;
}

export function collapse(text: string): string {
  return isCollapsed(text) ? text : text.replace(/\s+/g, " ").trim();
}

// Most lines already have single spaces between words and none at the ends; a char scan is much cheaper than a
// regex test or a replace on large documents.
function isCollapsed(text: string): boolean {
  let previousSpace = true; // so leading whitespace counts as "not collapsed"
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32) {
      if (previousSpace) return false;
      previousSpace = true;
    } else if (code <= 13 ? code >= 9 : code > 127 && /\s/.test(text[i] ?? "")) {
      return false;
    } else {
      previousSpace = false;
    }
  }
  return !previousSpace || text.length === 0;
}

export function squash(text: string): string {
  return text.replace(/\s+/g, "").toLowerCase();
}

// squash(text) === key + suffix, without building either string: called several times per flow. `key` and `suffix`
// are squash results.
export function squashesTo(text: string, key: string, suffix = ""): boolean {
  let k = 0;
  const total = key.length + suffix.length;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code > 127) return squash(text) === key + suffix;
    if (code === 32 || (code >= 9 && code <= 13)) continue;
    if (code >= 65 && code <= 90) code += 32;
    if (k >= total || code !== (k < key.length ? key.charCodeAt(k) : suffix.charCodeAt(k - key.length))) return false;
    k++;
  }
  return k === total;
}
