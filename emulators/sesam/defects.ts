// Deliberate defects for the harness's own tests: every switch that makes the reference sync misbehave lives
// here, as a piecewise override of the correct SyncBehaviour. The sync code only ever reads a SyncBehaviour;
// it never asks which defect is on.
import type { SystemId } from "./sync/mapping.ts";
import type { Scalar } from "./sync/values.ts";

export interface SyncBehaviour {
  /** False for a system the share pipes must not write to (creates included). */
  writesTo(system: SystemId): boolean;
  /** False for a checklist property path (either side's spelling, case-insensitive) that is never written. */
  writesProperty(path: string): boolean;
  /** Applied to every value the share pipes write (updates and creates). */
  transformWrite(value: Scalar): Scalar;
  /**
   * The merge property compared on the target side of a merge rule, given the rule's own and the target's
   * string properties in codec order.
   */
  mergeKey<P extends { path: string; type: string }>(rule: P, candidates: readonly P[]): P;
  /** Links an unmatched record to the most similar unlinked record on the other side. */
  linkUnmatched: boolean;
  /** Drops a link when a merge property of either record changed since the last agreed value. */
  dropLinkOnKeyChange: boolean;
  /**
   * Every new link also creates a copy of the source record on the target side: in the merge run that made the
   * link, or in the next one (a node whose copy comes a pass late, made from the values it collected by then).
   */
  duplicateOnLink: "never" | "with-link" | "next-merge";
  /** Share writes happen lateWriteDelayMs after the run reported completed, and are not reported. */
  lateWrites: boolean;
  /** On a conflict the most recent change wins (Talk's rule); false: the oldest wins. */
  newestWins: boolean;
  /** An empty value may overwrite an existing one. */
  emptyOverwrites: boolean;
  /** After a link has carried one change, later changes of it are not propagated. */
  firstEditOnly: boolean;
  /** Merge rules link records in a flow with no synced property (false: such a flow links nothing). */
  linksWithoutRows: boolean;
}

export const CORRECT_BEHAVIOUR: SyncBehaviour = Object.freeze({
  writesTo: () => true,
  writesProperty: () => true,
  transformWrite: (value: Scalar) => value,
  mergeKey: <P>(rule: P) => rule,
  linkUnmatched: false,
  dropLinkOnKeyChange: false,
  duplicateOnLink: "never",
  lateWrites: false,
  newestWins: true,
  emptyOverwrites: false,
  firstEditOnly: false,
  linksWithoutRows: true,
});

interface DefectSpec {
  /** What the argument is; absent when the defect takes none. */
  arg?: { required: boolean; describe: string; check?: (arg: string) => string | null };
  /** What the sync does wrong. */
  description: string;
  /** The checklist rows (and Talk rules) a conformance run should fail on. */
  breaks: string;
  apply(arg: string | undefined): Partial<SyncBehaviour>;
}

// Shorter than every value the harness writes (a person's name, the run tag and a counter: over 24 characters),
// and far below what the APIs allow for the fields involved: neither Hub nor PowerOffice v2 publishes a maximum for
// an e-mail address, a name or a title (the v2 OpenAPI gives maxLength only for ExternalCode, 50, and address
// lines), and an e-mail address may be 254 characters (RFC 5321). A cut e-mail is usually no longer one, and the
// tenant refuses it: the value never arrives.
const TRUNCATE_DEFAULT = 12;

const mapString = (fn: (value: string) => string) => (value: Scalar) => (typeof value === "string" ? fn(value) : value);

// Letters NFKD does not decompose into an ASCII letter plus marks.
const FOLDED: Record<string, string> = {
  ø: "o",
  Ø: "O",
  æ: "ae",
  Æ: "AE",
  œ: "oe",
  Œ: "OE",
  ß: "ss",
  đ: "d",
  Đ: "D",
  ł: "l",
  Ł: "L",
  þ: "th",
  Þ: "TH",
  ð: "d",
  Ð: "D",
  ı: "i",
};

/** "Bjørn Ærø Åse Café" -> "Bjorn AEro Ase Cafe": letters outside ASCII folded, everything else kept. */
export function foldNonAscii(value: string): string {
  return value.replace(/\p{L}/gu, (letter) => {
    if (letter.charCodeAt(0) < 128) return letter;
    const folded = FOLDED[letter] ?? letter.normalize("NFKD").replace(/\p{M}/gu, "");
    return /^[A-Za-z]+$/.test(folded) ? folded : letter;
  });
}

/** "a+x@b.no" -> "a@b.no"; a value that is not an e-mail address with a tag is left as it is. */
export function dropPlusTag(value: string): string {
  return value.replace(/^([^\s@+]+)\+[^\s@]*@/, "$1@");
}

export const DEFECTS = {
  "direction-off": {
    arg: {
      required: true,
      describe: "to-youtrack | to-poweroffice",
      check: (arg) =>
        arg === "to-youtrack" || arg === "to-poweroffice" ? null : 'expected "to-youtrack" or "to-poweroffice"',
    },
    description: "The share pipes never write to one system (no updates, no creates).",
    breaks: "every synced-property row in that direction, and merge rows whose proof is an edit reaching that system",
    apply: (arg) => ({ writesTo: (system) => `to-${system}` !== arg }),
  },
  "drop-property": {
    arg: { required: true, describe: "a checklist property path, e.g. emailAddress or profile.email" },
    description: "One property is never written, in either direction.",
    breaks: "the synced-property rows naming that path (both directions)",
    apply: (arg) => {
      const dropped = (arg ?? "").trim().toLowerCase();
      return { writesProperty: (path) => path.trim().toLowerCase() !== dropped };
    },
  },
  "trim-values": {
    description: "String values are written with whitespace trimmed and inner runs of it collapsed to one space.",
    breaks: "string rows whose test value has surrounding or doubled whitespace (whitespace counts)",
    apply: () => ({ transformWrite: mapString((value) => value.trim().replace(/\s+/g, " ")) }),
  },
  "lowercase-values": {
    description: "String values are written lower-cased.",
    breaks: "string rows whose test value has upper-case letters (case counts)",
    apply: () => ({ transformWrite: mapString((value) => value.toLowerCase()) }),
  },
  "truncate-values": {
    arg: {
      required: false,
      describe: `the kept length (${TRUNCATE_DEFAULT})`,
      check: (arg) => (/^[1-9]\d*$/.test(arg) ? null : "expected a positive integer"),
    },
    description: `String values are written cut to a length (${TRUNCATE_DEFAULT} unless given).`,
    breaks: "string rows whose test value is longer than the kept length",
    apply: (arg) => {
      const length = arg === undefined ? TRUNCATE_DEFAULT : Number(arg);
      return { transformWrite: mapString((value) => value.slice(0, length)) };
    },
  },
  "merge-wrong-key": {
    description:
      "Merge rules compare the source property with the target's next string property in codec order " +
      "(e.g. PhoneNumber instead of emailAddress).",
    breaks: "every merge-rule row (matching records stay unlinked), and so every synced-property row",
    apply: () => ({
      mergeKey: <P extends { path: string; type: string }>(rule: P, candidates: readonly P[]) => {
        const others = candidates.filter((p) => p.type === rule.type && p.path !== rule.path);
        const after = candidates.indexOf(rule);
        return others.find((p) => candidates.indexOf(p) > after) ?? others[0] ?? rule;
      },
    }),
  },
  "merge-unmatched": {
    description:
      "Records that match nothing are linked to the most similar unlinked record on the other side " +
      "(the most characters of the merge value in common substrings: two values made for one test pair up).",
    breaks:
      "the negative merge-rule rows (records with different values get linked: one side's edit overwrites the other's)",
    apply: () => ({ linkUnmatched: true }),
  },
  "link-lost-on-key-change": {
    description: "A link is dropped when a merge property of either record changes.",
    breaks: "the link-survives rows: a change of the merge property no longer reaches the other side",
    apply: () => ({ dropLinkOnKeyChange: true }),
  },
  "duplicate-creates": {
    description: "Every new link also creates an unlinked copy of the source record on the target side.",
    breaks: "every merge-rule row's no-duplicates check (two records on the target side carry the test's value)",
    apply: () => ({ duplicateOnLink: "with-link" }),
  },
  "duplicate-creates-late": {
    description:
      "Every new link also creates an unlinked copy of the source record on the target side, one merge run after " +
      "the one that made the link.",
    breaks:
      "the no-duplicates checks after an edit of every merge-rule row with a synced row (a flow with none is " +
      "checked only after linking, before the copy comes)",
    apply: () => ({ duplicateOnLink: "next-merge" }),
  },
  "late-write": {
    description:
      "Share writes are made lateWriteDelayMs after the run already reported completed, and are not counted " +
      "as changes.",
    breaks: "every synced-property and merge-rule row: the value arrives after the driver's deadline",
    apply: () => ({ lateWrites: true }),
  },
  "oldest-wins": {
    description: "On conflicting edits the oldest change wins instead of the most recent.",
    breaks: "the Talk rule 'the most recent edit wins on a conflict'",
    apply: () => ({ newestWins: false }),
  },
  "first-edit-only": {
    description: "After a link has carried one change, later changes of that link are not propagated.",
    breaks: "the 'keeps in sync, regardless of where it is edited' sequences (the second edit never arrives)",
    apply: () => ({ firstEditOnly: true }),
  },
  "no-link-without-rows": {
    description: "The merge links nothing in a flow that has no synced property.",
    breaks: "the merge-rule rows of flows without synced properties (equal values stay apart in the merge dataset)",
    apply: () => ({ linksWithoutRows: false }),
  },
  "fold-non-ascii": {
    description: "String values are written with letters outside ASCII folded (ø -> o, å -> a, é -> e, ...).",
    breaks: "string rows whose test value has letters outside ASCII (æøå in Norwegian names)",
    apply: () => ({ transformWrite: mapString(foldNonAscii) }),
  },
  "drop-plus-tag": {
    description: "An e-mail address is written without its +tag (a+x@b.no -> a@b.no).",
    breaks: "e-mail rows whose test value has a +tag",
    apply: () => ({ transformWrite: mapString(dropPlusTag) }),
  },
  "empty-wipes": {
    description: "An empty value overwrites the other side's value.",
    breaks: "the Talk rule 'an empty value does not wipe the other side'",
    apply: () => ({ emptyOverwrites: true }),
  },
} satisfies Record<string, DefectSpec>;

export type DefectName = keyof typeof DEFECTS;
export const DEFECT_NAMES = Object.keys(DEFECTS) as DefectName[];

export interface Defect {
  name: DefectName;
  arg?: string;
  /** As given: `name` or `name:arg`. */
  spec: string;
}

export class DefectError extends Error {
  override name = "DefectError";
}

function validList(): string {
  return DEFECT_NAMES.map((name) => {
    const arg = (DEFECTS[name] as DefectSpec).arg;
    if (!arg) return name;
    return arg.required ? `${name}:<${arg.describe}>` : `${name}[:<${arg.describe}>]`;
  }).join(", ");
}

/** Parses `name` / `name:arg` specs; an unknown name or a bad argument is one line listing the valid ones. */
export function parseDefects(specs: readonly string[]): Defect[] {
  return specs.map((spec) => {
    const colon = spec.indexOf(":");
    const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
    const arg = colon < 0 ? undefined : spec.slice(colon + 1).trim();
    if (!(DEFECT_NAMES as string[]).includes(name)) {
      throw new DefectError(`unknown defect "${name}"; valid defects: ${validList()}`);
    }
    const defect = DEFECTS[name as DefectName] as DefectSpec;
    if (!defect.arg && arg !== undefined)
      throw new DefectError(`defect "${name}" takes no argument; valid defects: ${validList()}`);
    if (defect.arg?.required && !arg)
      throw new DefectError(`defect "${name}" needs an argument (${defect.arg.describe})`);
    const problem = arg !== undefined && defect.arg?.check ? defect.arg.check(arg) : null;
    if (problem) throw new DefectError(`defect "${name}:${arg}": ${problem}`);
    return { name: name as DefectName, arg, spec };
  });
}

/** The correct behaviour with every given defect applied, later ones over earlier ones. */
export function syncBehaviour(defects: readonly Defect[]): SyncBehaviour {
  return defects.reduce<SyncBehaviour>(
    (behaviour, defect) => ({ ...behaviour, ...(DEFECTS[defect.name] as DefectSpec).apply(defect.arg) }),
    CORRECT_BEHAVIOUR,
  );
}

/** The table the README and `/__admin/config` show: name, argument, what it does, what it should break. */
export function describeDefects(): { name: string; arg: string | null; description: string; breaks: string }[] {
  return DEFECT_NAMES.map((name) => {
    const defect = DEFECTS[name] as DefectSpec;
    return { name, arg: defect.arg?.describe ?? null, description: defect.description, breaks: defect.breaks };
  });
}
