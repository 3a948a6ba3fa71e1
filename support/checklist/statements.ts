import { endpointName } from "./headings.ts";
import { squashesTo } from "./lines.ts";
import type { Endpoint } from "./model.ts";

// The sentences a flow section can carry (checklist-format.md), matched on whitespace-collapsed text so the
// generator's double spaces ("it  will") do not matter, case-insensitively, "a" or "an" before a name. Each pattern
// is anchored at both ends with fixed text between its groups and no nested quantifiers: a failed match costs a
// few passes over the line at most. The X/Y/Z a sentence names are then checked against the flow it stands in
// (as the heading spells them, or as the title spells the system); a known sentence about other datatypes is
// reported as `foreign`, so the reader keeps it as a note with a warning.

type Known =
  | { kind: "linkRequired" }
  | { kind: "mergeRulesIntro" }
  | { kind: "bidirectional" }
  | { kind: "syncedPropertiesIntro" }
  | { kind: "syncAll" }
  | { kind: "createIfNoMatch" }
  | { kind: "mergeIfMatch" }
  | { kind: "createdFrom"; via: string[]; system: string; into: string }
  | { kind: "condition"; text: string };

// A known form naming other datatypes than the flow's; `form` is what it would otherwise have been.
interface Foreign {
  kind: "foreign";
  form: Known["kind"];
  reason: string;
}

export type Match = Known | Foreign;

export interface FlowContext {
  source: Endpoint;
  target: Endpoint;
  // Squashed names (case and spaces ignored) a phrase may use for the source and target endpoints and for each
  // side's system: the heading's spelling first, then the title's.
  keys: Record<Role | "sourceSystem" | "targetSystem", readonly string[]>;
}

export function names(phrase: string, keys: readonly string[]): boolean {
  for (const key of keys) if (squashesTo(phrase, key)) return true;
  return false;
}

type Role = "source" | "target";

interface Form {
  kind: Known["kind"];
  // a cheap test (nothing allocated, no scan of the whole line where avoidable) before the pattern runs
  gate: (text: string) => boolean;
  pattern: RegExp;
  roles: readonly (Role | null)[]; // what each captured group must name, in capture order; null: not a name
  build: (groups: string[], flow: FlowContext) => Match;
}

const A = "an?";
const CONDITION_GATE = /, it will be synchronized with/i;

const FORMS: readonly Form[] = [
  {
    kind: "linkRequired",
    gate: (text) => startsWithIgnoringCase(text, "before any synchronization"),
    pattern: new RegExp(
      `^Before any synchronization can take place, a link between ${A} (.+) and ${A} (.+) must be established\\.$`,
      "i",
    ),
    roles: ["source", "target"],
    build: () => ({ kind: "linkRequired" }),
  },
  {
    kind: "mergeRulesIntro",
    gate: (text) => endsWithIgnoringCase(text, "match:"),
    pattern: new RegExp(
      `^${A} (.+) will merge with ${A} (.+) if one of the following property combinations match:$`,
      "i",
    ),
    roles: ["source", "target"],
    build: () => ({ kind: "mergeRulesIntro" }),
  },
  {
    kind: "bidirectional",
    gate: (text) => startsWithIgnoringCase(text, "once a link"),
    pattern: new RegExp(
      `^Once a link between ${A} (.+) and ${A} (.+) is established, it will keep in sync between the two systems, regardless of where it is edited\\.$`,
      "i",
    ),
    roles: ["source", "target"],
    build: () => ({ kind: "bidirectional" }),
  },
  {
    kind: "syncedPropertiesIntro",
    gate: (text) => startsWithIgnoringCase(text, "the following properties"),
    pattern: new RegExp(`^The following properties are synchronized between ${A} (.+) and ${A} (.+):$`, "i"),
    roles: ["source", "target"],
    build: () => ({ kind: "syncedPropertiesIntro" }),
  },
  {
    kind: "syncAll",
    gate: (text) => startsWithIgnoringCase(text, "every "),
    pattern: new RegExp(`^Every (.+) will be synchronized with ${A} (.+)\\.$`, "i"),
    roles: ["source", "target"],
    build: () => ({ kind: "syncAll" }),
  },
  {
    kind: "createIfNoMatch",
    gate: (text) => startsWithIgnoringCase(text, "if no matching"),
    pattern: /^If no matching (.+) is found, a new (.+) will be created\.$/i,
    roles: ["target", "target"],
    build: () => ({ kind: "createIfNoMatch" }),
  },
  {
    kind: "mergeIfMatch",
    gate: (text) => startsWithIgnoringCase(text, "if a matching"),
    pattern: /^If a matching (.+) already exists, the (.+) will be merged with the existing one\.$/i,
    roles: ["target", "source"],
    build: () => ({ kind: "mergeIfMatch" }),
  },
  {
    kind: "createdFrom",
    gate: (text) => startsWithIgnoringCase(text, "a new "),
    pattern: new RegExp(
      `^A new (.+) will be created from ${A} (.+) if it is connected to ${A} (.+) that is synchronized into ?(.*)\\.$`,
      "i",
    ),
    roles: ["target", "source", null, null],
    build: createdFrom,
  },
  {
    // Free text before ", it will be synchronized with a Y." is the generator's condition, sometimes odd
    // ("removed person customers for now until that pattern is resolved"); the greedy group takes the last
    // ", it will" so a condition may itself contain commas and sentences.
    kind: "condition",
    gate: (text) => CONDITION_GATE.test(text),
    pattern: new RegExp(`^(.+), it will be synchronized with ${A} (.+)\\.$`, "i"),
    roles: [null, "target"],
    build: (groups) => ({ kind: "condition", text: (groups[0] ?? "").trim() }),
  },
];

// `text` is one whitespace-collapsed line. null: not a statement of the grammar (the caller keeps it as a note).
export function matchStatement(text: string, flow: FlowContext): Match | null {
  for (const form of FORMS) {
    if (!form.gate(text)) continue;
    const match = form.pattern.exec(text);
    if (!match) continue;
    // The text is collapsed, so a captured name has no spaces to trim (and squashesTo ignores them anyway).
    const groups = match.slice(1);
    for (let i = 0; i < form.roles.length; i++) {
      const role = form.roles[i];
      const phrase = groups[i] ?? "";
      if (role && !names(phrase, flow.keys[role])) {
        const reason = `names "${phrase}" where this flow's ${role} is "${endpointName(flow[role])}"`;
        return { kind: "foreign", form: form.kind, reason };
      }
    }
    return form.build(groups, flow);
  }
  return null;
}

// groups: [Y, X, "Tripletex Order, Invoice, or Orderline", S]. The list's first item carries the system (the
// flow's source system, where the connected records live); S must be the flow's target system.
function createdFrom(groups: string[], flow: FlowContext): Match {
  const list = groups[2] ?? "";
  const into = groups[3] ?? "";
  const foreign = (reason: string): Foreign => ({ kind: "foreign", form: "createdFrom", reason });
  const items = list.split(/, or |, | or /i).map((item) => item.trim());
  if (items.some((item) => item === "")) return foreign(`has an empty item in "${list}"`);
  const firstWords = (items[0] ?? "").split(" ");
  // The longest run of leading words spelling the source system as the flow accepts it, one word at least left.
  let rest = -1;
  let written = "";
  for (let k = 0; k < firstWords.length; k++) {
    if (flow.keys.sourceSystem.includes(written)) rest = k;
    written += (firstWords[k] ?? "").toLowerCase();
  }
  if (rest < 0) return foreign(`connects to "${list}", which does not start with ${flow.source.system}`);
  if (!names(into, flow.keys.targetSystem)) {
    return foreign(`is synchronized into "${into}" where this flow's target is ${flow.target.system}`);
  }
  return {
    kind: "createdFrom",
    via: [firstWords.slice(rest).join(" "), ...items.slice(1)],
    system: flow.source.system,
    into: flow.target.system,
  };
}

// Gate helpers: ASCII case folding by setting bit 0x20 is loose on punctuation (it equates "@" and "`"), which is
// fine for a filter: the pattern after it decides. Affixes are lowercase ASCII.
function startsWithIgnoringCase(text: string, lowerPrefix: string): boolean {
  if (text.length < lowerPrefix.length) return false;
  for (let i = 0; i < lowerPrefix.length; i++) {
    if ((text.charCodeAt(i) | 0x20) !== (lowerPrefix.charCodeAt(i) | 0x20)) return false;
  }
  return true;
}

function endsWithIgnoringCase(text: string, lowerSuffix: string): boolean {
  const offset = text.length - lowerSuffix.length;
  if (offset < 0) return false;
  for (let i = 0; i < lowerSuffix.length; i++) {
    if ((text.charCodeAt(offset + i) | 0x20) !== (lowerSuffix.charCodeAt(i) | 0x20)) return false;
  }
  return true;
}
