/**
 * Hub's `fields` parameter (Google partial-response syntax): `id,login,profile(email(email,verified))`, and the
 * path form `profile/email/email` seen in public clients. A selection maps names to sub-selections; `null` means
 * the name was asked for without one.
 */
export type FieldSelection = Map<string, FieldSelection | null>;

export class FieldsSyntaxError extends Error {
  override name = "FieldsSyntaxError";
}

/** Parses `fields`; `undefined` (absent or empty) means the full object. */
export function parseFields(raw: string | null): FieldSelection | undefined {
  if (raw === null || raw.trim() === "") return undefined;
  const parser = new Parser(raw);
  const selection = parser.list();
  parser.end();
  return selection;
}

class Parser {
  #pos = 0;
  constructor(readonly text: string) {}

  list(): FieldSelection {
    const selection: FieldSelection = new Map();
    do {
      const [name, sub] = this.item();
      merge(selection, name, sub);
    } while (this.#eat(","));
    return selection;
  }

  item(): [string, FieldSelection | null] {
    const name = this.#name();
    if (this.#eat("(")) {
      const sub = this.list();
      if (!this.#eat(")")) throw new FieldsSyntaxError(`expected ")" at ${this.#pos}`);
      return [name, sub];
    }
    if (this.#eat("/")) {
      const [childName, childSub] = this.item();
      return [name, new Map([[childName, childSub]])];
    }
    return [name, null];
  }

  end(): void {
    this.#skipSpace();
    if (this.#pos < this.text.length) throw new FieldsSyntaxError(`unexpected "${this.text[this.#pos]}"`);
  }

  #name(): string {
    this.#skipSpace();
    const match = /^[A-Za-z0-9_$]+/.exec(this.text.slice(this.#pos));
    if (!match) throw new FieldsSyntaxError(`expected a field name at ${this.#pos}`);
    this.#pos += match[0].length;
    this.#skipSpace();
    return match[0];
  }

  #eat(char: string): boolean {
    this.#skipSpace();
    if (this.text[this.#pos] !== char) return false;
    this.#pos++;
    return true;
  }

  #skipSpace(): void {
    while (this.text[this.#pos] === " ") this.#pos++;
  }
}

function merge(selection: FieldSelection, name: string, sub: FieldSelection | null): void {
  const existing = selection.get(name);
  if (existing && sub) {
    for (const [childName, childSub] of sub) merge(existing, childName, childSub);
  } else if (!existing) {
    selection.set(name, sub);
  }
}

/**
 * Applies a selection. Unknown names are dropped (as YouTrack does); a nested object asked for without a
 * sub-selection gives only its `id` and `type`, as Hub returns "only the basic info" of nested objects.
 */
export function project(value: unknown, selection: FieldSelection | undefined): unknown {
  if (selection === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => project(item, selection));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [name, sub] of selection) {
    if (!(name in value)) continue;
    const child = value[name];
    out[name] = sub === null ? basic(child) : project(child, sub);
  }
  return out;
}

function basic(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(basic);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of ["type", "id"]) if (key in value) out[key] = value[key];
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
