// Which tests of the default and the extended checklist each defect of the reference sync must fail, and which
// it must leave passing. Written from what each defect does (emulators/sesam/README.md), not from a run.

export interface CaseInfo {
  doc: "default" | "extended" | "companion";
  kind: string;
  line: number;
  edited: "source" | "target" | null;
}

export interface DefectOracle {
  defect: string;
  /** Tests the defect concerns: each must fail, naming its row, the direction and both values. */
  fails(c: CaseInfo): boolean;
  /** Tests the defect does not touch: each must still pass (the harness does not cry wolf). */
  passes(c: CaseInfo): boolean;
  /** The documents the sandbox syncs and the run checks (both unless said). */
  documents?: readonly CaseInfo["doc"][];
}

// In both documents the source is YouTrack Users and the target a PowerOffice datatype.
/**
 * The default document's customers flow (merge rule at line 55) has no synced row: its tests see the link only in
 * the node's merged entities, so a defect in what the share pipes write cannot touch them. (The extended document
 * syncs the same datatypes, so a node syncing both documents does write customers: see duplicate-creates.)
 */
const nodeOnly = (c: CaseInfo) => c.doc === "default" && c.line === 55;
const PROPAGATING = ["merge-links", "link-survives", "synced", "newest-wins", "keeps-in-sync"];
const propagates = (c: CaseInfo) => PROPAGATING.includes(c.kind) && !nodeOnly(c);
/** The sequence edits both sides in turn, so it waits for values in both systems. */
const both = (c: CaseInfo) => c.kind === "keeps-in-sync";
/** The test waits for a value to arrive in PowerOffice (a merge-links test edits YouTrack). */
const reachesPowerOffice = (c: CaseInfo) =>
  propagates(c) && (both(c) || c.kind === "merge-links" || c.edited === "source");
const reachesYouTrack = (c: CaseInfo) =>
  propagates(c) && (both(c) || (c.kind !== "merge-links" && c.edited === "target"));
const quiet = (c: CaseInfo) => c.kind === "merge-no-link" || c.kind === "empty-keeps";
const ext = (c: CaseInfo, ...lines: number[]) => c.doc === "extended" && lines.includes(c.line);
/**
 * Free text (`name` <-> `Title`, line 38, also what the extended contact-person merge tests edit, line 25, and the
 * first edit of that flow's keep-in-sync sequence, line 28).
 */
const freeText = (c: CaseInfo) =>
  (ext(c, 38) && propagates(c)) ||
  (ext(c, 25) && ["merge-links", "link-survives"].includes(c.kind)) ||
  (ext(c, 28) && both(c));
const booleanRow = (c: CaseInfo) => ext(c, 41);
const values = (c: CaseInfo) => c.kind === "values";
/** The synced rows that are e-mail addresses: all but the extended document's lines 38 (text) and 41 (boolean). */
const emailRow = (c: CaseInfo) => !ext(c, 38, 41);
const stringPropagation = (c: CaseInfo) => propagates(c) && !booleanRow(c);
const untouchedByTitle = (c: CaseInfo) => c.doc === "default" || ext(c, 41, 57, 70, 60);

export const ORACLES: DefectOracle[] = [
  {
    defect: "direction-off:to-poweroffice",
    fails: reachesPowerOffice,
    passes: (c) => (reachesYouTrack(c) && !both(c)) || quiet(c) || nodeOnly(c),
  },
  {
    defect: "direction-off:to-youtrack",
    fails: reachesYouTrack,
    passes: (c) => (reachesPowerOffice(c) && !both(c)) || quiet(c) || nodeOnly(c),
  },
  { defect: "drop-property:Title", fails: freeText, passes: untouchedByTitle },
  // An emptied value is refilled from the other side, so a lossy write can come back round in an empty-keeps
  // test too: those are left unasserted here.
  {
    defect: "lowercase-values",
    fails: stringPropagation,
    passes: (c) => c.kind === "merge-no-link" || (booleanRow(c) && !both(c)) || nodeOnly(c),
  },
  {
    defect: "truncate-values",
    fails: stringPropagation,
    passes: (c) => c.kind === "merge-no-link" || (booleanRow(c) && !both(c)) || nodeOnly(c),
  },
  // Nothing links: every test that waits for a link fails, the node-only ones too.
  {
    defect: "merge-wrong-key",
    fails: (c) => propagates(c) || (nodeOnly(c) && c.kind !== "merge-no-link"),
    passes: quiet,
  },
  { defect: "merge-unmatched", fails: (c) => c.kind === "merge-no-link", passes: () => false },
  {
    defect: "link-lost-on-key-change",
    fails: (c) => c.kind === "link-survives",
    passes: (c) => quiet(c) || (c.kind === "synced" && ext(c, 38, 41)),
  },
  // Every new link gets a copy where the node writes the target: with both documents, customers too.
  { defect: "duplicate-creates", fails: (c) => c.kind === "merge-links", passes: (c) => c.kind === "merge-no-link" },
  // The copy comes a merge later: a row without a synced row checks only after linking, before it comes.
  {
    defect: "duplicate-creates-late",
    fails: (c) => c.kind === "merge-links" && !nodeOnly(c),
    passes: (c) => c.kind === "merge-no-link",
  },
  { defect: "late-write", fails: propagates, passes: (c) => quiet(c) || nodeOnly(c) },
  { defect: "oldest-wins", fails: (c) => c.kind === "newest-wins", passes: (c) => c.kind === "synced" },
  { defect: "empty-wipes", fails: (c) => c.kind === "empty-keeps", passes: (c) => c.kind === "synced" },
  // Values that break syncs (the values tests, @values): the e-mail rows of every document carry a +tag, a
  // 120-character address and an internationalised one; the extended document's text row (line 38) names with
  // letters outside ASCII and an inner double space. No e-mail can hold whitespace (RFC 5321), so a trimming sync
  // is caught only on text rows.
  {
    defect: "drop-plus-tag",
    fails: (c) => values(c) && emailRow(c),
    passes: (c) => c.kind === "synced" || (values(c) && !emailRow(c)),
    documents: ["default", "companion", "extended"],
  },
  {
    defect: "truncate-values:100",
    fails: (c) => values(c) && emailRow(c),
    passes: (c) => c.kind === "synced" || (values(c) && !emailRow(c)),
    documents: ["default", "companion", "extended"],
  },
  {
    defect: "fold-non-ascii",
    fails: (c) => values(c) && (emailRow(c) || ext(c, 38)),
    passes: (c) => c.kind === "synced" && !ext(c, 38),
    documents: ["default", "companion", "extended"],
  },
  {
    defect: "trim-values",
    fails: (c) => freeText(c) || (values(c) && ext(c, 38)),
    passes: (c) => untouchedByTitle(c) && !(values(c) && ext(c, 38)),
    documents: ["default", "companion", "extended"],
  },
  // A link that carries its first change and none after: one edit per test passes, the sequence does not.
  {
    defect: "first-edit-only",
    fails: both,
    passes: (c) => ["synced", "merge-links", "merge-no-link"].includes(c.kind),
  },
  // Linking breaks only where a flow has no synced row: the default document's customers flow, when the node syncs
  // that document alone (with the extended one, the same datatypes have a synced row).
  {
    defect: "no-link-without-rows",
    fails: (c) => nodeOnly(c) && c.kind !== "merge-no-link",
    passes: (c) => !nodeOnly(c) && ["synced", "merge-links", "keeps-in-sync"].includes(c.kind),
    documents: ["default"],
  },
];
