import { collapse, squash } from "./lines.ts";
import type { Endpoint } from "./model.ts";

// System names come from the title; headings, statements and table headers are matched against them and
// reported with the title's spelling, so consumers can compare systems with ===. The generator spells a system
// in other ways between the title and its sections, and each is read (the caller warns about all but the first):
// - exact: equal ignoring case and spaces ("PowerOfficeGo" / "Powerofficego" / "PowerOffice GO");
// - repeated: the name written several times over ("HubSpotHubspot", "PowerOfficeGOPowerOffice GOPowerofficego",
//   "ExactOnlineExact");
// - prefix: the start of the name, at least three letters ("Wave" for "Wave Financial", "PowerOffice" for
//   "PowerOffice GO");
// - missing: no name at all, where the generator left a gap after "to" ("Tripletex Customer person to  Contacts";
//   "Asana Teams to  Business_entity" when the title names no target either, "Asana to  Dataflow");
// - unknown: a name that is none of the title's ("Visma Address" in a BusinessNxt document, a section the
//   generator copied from another pair of systems, a system the title left out), read only when the heading has
//   a single "to" and its other side names a title system; the first word is taken as the system, as written.
export type Spelling = "exact" | "repeated" | "prefix" | "missing" | "unknown";

const QUALITY: Record<Spelling, number> = { exact: 3, repeated: 2, prefix: 1, missing: 0, unknown: -1 };
const SHORTEST_PREFIX = 3;

export interface SystemMatch {
  system: string; // the title's spelling; for an unknown name, as written
  spelling: Spelling;
  rest: number; // index of the first word after the system's words
}

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

  // The best reading of lowerWords[from..to) as "<system> <datatype words>", with at least one datatype word
  // left: the best spelling wins, then the longest. `gap` is the title system a phrase stands for when it names
  // none (null: a name is required, unless the title's own name is empty).
  lead(lowerWords: readonly string[], from: number, to: number, gap: string | null = null): SystemMatch | null {
    // Runs for every "to" of every heading: candidates are compared as plain values, one object is made at the end.
    let system: string | null = null;
    let spelling: Spelling = "missing";
    let rest = 0;
    let width = -1;
    for (const { name, key } of this.systems) {
      if (name === gap && system === null) {
        system = name;
        spelling = "missing";
        rest = from;
        width = 0;
      }
      if (key === "") continue;
      let written = "";
      for (let w = from; w < to - 1; w++) {
        written += lowerWords[w] ?? "";
        if (!repeats(written, key)) break;
        const candidate = spellingOf(written, key);
        if (candidate === null) continue;
        const quality = QUALITY[candidate] - (system === null ? -Infinity : QUALITY[spelling]);
        if (quality > 0 || (quality === 0 && written.length > width)) {
          system = name;
          spelling = candidate;
          rest = w + 1;
          width = written.length;
        }
      }
    }
    return system === null ? null : { system, spelling, rest };
  }
}

// Whether `written` is `key` repeated, cut anywhere: every prefix of a spelling we accept passes.
function repeats(written: string, key: string): boolean {
  for (let i = 0; i < written.length; i++) if (written.charCodeAt(i) !== key.charCodeAt(i % key.length)) return false;
  return true;
}

function spellingOf(written: string, key: string): Spelling | null {
  if (written.length === key.length) return "exact";
  if (written.length > key.length) return "repeated"; // "ExactOnlineExact": the name and the start of it again
  return written.length >= SHORTEST_PREFIX ? "prefix" : null;
}

export interface TitleNames {
  source: string;
  target: string;
  oddities: string[]; // what is odd about the title, for the caller to warn about
}

// "<SystemA> to <SystemB> Dataflow" -> the two names as written. System names never contain the word "to" (the
// generator joins the pair with it), so the title must contain it exactly once. The generator's slips are read:
// trailing punctuation, no "Dataflow", and one system name left out ("Asana to  Dataflow").
export function parseTitleText(title: string): TitleNames | string {
  const oddities: string[] = [];
  const bare = withoutTrailingPunctuation(title);
  if (bare !== title) oddities.push(`title ends with "${title.slice(bare.length)}"`);
  let words = bare.split(" ");
  if (words[words.length - 1]?.toLowerCase() === "dataflow") words = words.slice(0, -1);
  else oddities.push(`title does not end with "Dataflow"`);
  const tos = words.flatMap((word, i) => (word.toLowerCase() === "to" ? [i] : []));
  const at = tos[0];
  if (tos.length !== 1 || at === undefined || words.length === 1) {
    return `title "${title}" is not "<System> to <System> Dataflow"`;
  }
  const source = words.slice(0, at).join(" ");
  const target = words.slice(at + 1).join(" ");
  if (source === "") oddities.push("the title names no source system");
  if (target === "") oddities.push("the title names no target system");
  return { source, target, oddities };
}

export type HeadingSplit =
  | {
      ok: true;
      source: Endpoint;
      target: Endpoint;
      matches: { source: SystemMatch; target: SystemMatch };
      // The heading's own words for each side, without spaces, lowercased: "<system><datatype>" as written there,
      // and each side's system alone (what "connected to a <System> ..." and "<System> Data Type" name).
      written: { source: string; target: string; sourceSystem: string; targetSystem: string };
    }
  | { ok: false; reason: "unsplittable" | "ambiguous" };

// "<System> <Datatype> to <System> <Datatype>" where either system may stand on either side and a datatype may
// hold several words, even the word "to" ("YouTrack Time to Market to PowerOffice GO Projects" splits only one
// way). Every "to" is tried; the one whose two sides name systems best wins, and a tie is ambiguous. `heading`
// is the heading as written: a double space after a "to" is where the generator left a system's name out.
export function splitHeading(heading: string, systems: Systems): HeadingSplit {
  const words = collapse(heading).split(" ");
  const lowerWords = words.map((word) => word.toLowerCase());
  const gapAfterTo = /\sto\s\s/i.test(heading) ? (systems.names[1] ?? null) : null;
  let best: { at: number; score: number; left: SystemMatch; right: SystemMatch } | null = null;
  let tied = false;
  for (let i = 1; i < words.length - 1; i++) {
    if (lowerWords[i] !== "to") continue;
    const left = systems.lead(lowerWords, 0, i);
    const right = left && systems.lead(lowerWords, i + 1, words.length, gapAfterTo);
    if (!left || !right) continue;
    const score = QUALITY[left.spelling] + QUALITY[right.spelling];
    if (best && score === best.score) tied = true;
    if (!best || score > best.score) {
      best = { at: i, score, left, right };
      tied = false;
    }
  }
  best ??= unknownSide(words, lowerWords, systems, gapAfterTo);
  if (!best) return { ok: false, reason: "unsplittable" };
  if (tied) return { ok: false, reason: "ambiguous" };
  const { at, left, right } = best;
  return {
    ok: true,
    source: { system: left.system, datatype: words.slice(left.rest, at).join(" ") },
    target: { system: right.system, datatype: words.slice(right.rest).join(" ") },
    matches: { source: left, target: right },
    written: {
      source: lowerWords.slice(0, at).join(""),
      target: lowerWords.slice(at + 1).join(""),
      sourceSystem: lowerWords.slice(0, left.rest).join(""),
      targetSystem: lowerWords.slice(at + 1, right.rest).join(""),
    },
  };
}

// The last resort: one "to", one side naming a title system and the other a system of its own (its first word).
function unknownSide(
  words: readonly string[],
  lowerWords: readonly string[],
  systems: Systems,
  gap: string | null,
): { at: number; score: number; left: SystemMatch; right: SystemMatch } | null {
  const tos = lowerWords.flatMap((word, i) => (word === "to" && i > 0 && i < words.length - 1 ? [i] : []));
  const at = tos[0];
  if (tos.length !== 1 || at === undefined) return null;
  const unknown = (from: number, to: number): SystemMatch | null =>
    to - from >= 2 ? { system: words[from] ?? "", spelling: "unknown", rest: from + 1 } : null;
  const knownLeft = systems.lead(lowerWords, 0, at);
  const knownRight = systems.lead(lowerWords, at + 1, words.length, gap);
  if (!knownLeft && !knownRight) return null;
  const left = knownLeft ?? unknown(0, at);
  const right = knownRight ?? unknown(at + 1, words.length);
  if (!left || !right) return null;
  return { at, score: QUALITY[left.spelling] + QUALITY[right.spelling], left, right };
}

export function endpointName(endpoint: Endpoint): string {
  return endpoint.system === "" ? endpoint.datatype : `${endpoint.system} ${endpoint.datatype}`;
}

export function withoutTrailingPunctuation(text: string): string {
  return text.replace(/\s*[.:;,!?]+$/, "");
}
