import { collapse, squash } from "./lines.ts";
import type { Endpoint } from "./model.ts";

// System names come from the title; everything else (headings, statements, table headers) is matched against
// them with `squash`, and reported with the title's spelling so consumers can compare systems with ===.
export class Systems {
  readonly names: readonly string[];
  private readonly systems: readonly { name: string; key: string }[];

  constructor(names: readonly string[]) {
    this.names = names;
    this.systems = names.map((name) => ({ name, key: squash(name) }));
  }

  key(name: string): string {
    return this.systems.find((system) => system.name === name)?.key ?? squash(name);
  }

  // Which system words[from..to) (lowercased) starts with, and the index of the word after it. The longest wins
  // so that, with systems "Sesam" and "Sesam Talk", "Sesam Talk Users" is Sesam Talk's Users, not Sesam's "Talk
  // Users". At least one word must remain: a system alone names no datatype.
  splitLeading(
    lowerWords: readonly string[],
    from = 0,
    to = lowerWords.length,
  ): { system: string; rest: number } | null {
    let found: { system: string; rest: number } | null = null;
    let foundLength = 0;
    for (const { name, key } of this.systems) {
      const rest = wordsSpelling(lowerWords, from, to - 1, key);
      if (rest > 0 && key.length > foundLength) {
        found = { system: name, rest };
        foundLength = key.length;
      }
    }
    return found;
  }
}

// If lowerWords[from..], joined without spaces, start with exactly `key` at a word boundary before `last`, the
// index of the word after; otherwise 0. Compares in place: this runs for every heading.
function wordsSpelling(lowerWords: readonly string[], from: number, last: number, key: string): number {
  let k = 0;
  for (let w = from; w < last; w++) {
    const word = lowerWords[w] ?? "";
    if (k + word.length > key.length || !key.startsWith(word, k)) return 0;
    k += word.length;
    if (k === key.length) return w + 1;
  }
  return 0;
}

// "<SystemA> to <SystemB> Dataflow" -> the two names as written. System names never contain the word "to" (the
// generator joins the pair with it), so the title must contain it exactly once; the error says which rule failed.
export function parseTitleText(title: string): { source: string; target: string } | string {
  const words = title.split(/\s+/);
  if (words.length === 0 || words[words.length - 1]?.toLowerCase() !== "dataflow") {
    return `title "${title}" does not end with "Dataflow"`;
  }
  const body = words.slice(0, -1);
  const tos = body.flatMap((word, i) => (word.toLowerCase() === "to" ? [i] : []));
  const at = tos[0];
  if (tos.length !== 1 || at === undefined || at === 0 || at === body.length - 1) {
    return `title "${title}" is not "<System> to <System> Dataflow"`;
  }
  return { source: body.slice(0, at).join(" "), target: body.slice(at + 1).join(" ") };
}

export type HeadingSplit =
  | { ok: true; source: Endpoint; target: Endpoint; sourceKey: string; targetKey: string }
  | { ok: false; reason: "unsplittable" | "ambiguous" };

// "<System> <Datatype> to <System> <Datatype>" where either system may stand on either side and a datatype may
// hold several words, even the word "to" ("YouTrack Time to Market to PowerOffice GO Projects" splits only one
// way). Every "to" is tried; exactly one must leave a system-led phrase on both sides. The keys are what a phrase
// naming each endpoint squashes to (system and datatype, case and spaces ignored).
export function splitHeading(heading: string, systems: Systems): HeadingSplit {
  const words = collapse(heading).split(" ");
  const lowerWords = words.map((word) => word.toLowerCase());
  let split: { at: number; left: { system: string; rest: number }; right: { system: string; rest: number } } | null =
    null;
  for (let i = 1; i < words.length - 1; i++) {
    if (lowerWords[i] !== "to") continue;
    const left = systems.splitLeading(lowerWords, 0, i);
    const right = left && systems.splitLeading(lowerWords, i + 1);
    if (!left || !right) continue;
    if (split) return { ok: false, reason: "ambiguous" };
    split = { at: i, left, right };
  }
  if (!split) return { ok: false, reason: "unsplittable" };
  const sourceWords = words.slice(split.left.rest, split.at);
  const targetWords = words.slice(split.right.rest);
  return {
    ok: true,
    source: { system: split.left.system, datatype: sourceWords.join(" ") },
    target: { system: split.right.system, datatype: targetWords.join(" ") },
    sourceKey: systems.key(split.left.system) + lowerWords.slice(split.left.rest, split.at).join(""),
    targetKey: systems.key(split.right.system) + lowerWords.slice(split.right.rest).join(""),
  };
}

export function endpointName(endpoint: Endpoint): string {
  return `${endpoint.system} ${endpoint.datatype}`;
}
