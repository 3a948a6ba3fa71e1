// Which tests of the default and the extended checklist each defect of the reference sync must fail, and which
// it must leave passing. Written from what each defect does (emulators/sesam/README.md), not from a run.

export interface CaseInfo {
  doc: "default" | "extended";
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
}

// In both documents the source is YouTrack Users and the target a PowerOffice datatype.
const PROPAGATING = ["merge-links", "link-survives", "synced", "newest-wins"];
const propagates = (c: CaseInfo) => PROPAGATING.includes(c.kind);
/** The test waits for a value to arrive in PowerOffice (a merge-links test edits YouTrack). */
const reachesPowerOffice = (c: CaseInfo) => propagates(c) && (c.kind === "merge-links" || c.edited === "source");
const reachesYouTrack = (c: CaseInfo) => propagates(c) && c.kind !== "merge-links" && c.edited === "target";
const quiet = (c: CaseInfo) => c.kind === "merge-no-link" || c.kind === "empty-keeps";
const ext = (c: CaseInfo, ...lines: number[]) => c.doc === "extended" && lines.includes(c.line);
/** Free text (`name` <-> `Title`, line 38, also what the extended contact-person merge tests edit, line 25). */
const freeText = (c: CaseInfo) =>
  (ext(c, 38) && propagates(c)) || (ext(c, 25) && ["merge-links", "link-survives"].includes(c.kind));
const booleanRow = (c: CaseInfo) => ext(c, 41);
const stringPropagation = (c: CaseInfo) => propagates(c) && !booleanRow(c);
const untouchedByTitle = (c: CaseInfo) => c.doc === "default" || ext(c, 41, 57, 70);

export const ORACLES: DefectOracle[] = [
  { defect: "direction-off:to-poweroffice", fails: reachesPowerOffice, passes: (c) => reachesYouTrack(c) || quiet(c) },
  { defect: "direction-off:to-youtrack", fails: reachesYouTrack, passes: (c) => reachesPowerOffice(c) || quiet(c) },
  { defect: "drop-property:Title", fails: freeText, passes: untouchedByTitle },
  { defect: "trim-values", fails: freeText, passes: untouchedByTitle },
  // An emptied value is refilled from the other side, so a lossy write can come back round in an empty-keeps
  // test too: those are left unasserted here.
  { defect: "lowercase-values", fails: stringPropagation, passes: (c) => c.kind === "merge-no-link" || booleanRow(c) },
  { defect: "truncate-values", fails: stringPropagation, passes: (c) => c.kind === "merge-no-link" || booleanRow(c) },
  { defect: "merge-wrong-key", fails: propagates, passes: quiet },
  { defect: "merge-unmatched", fails: (c) => c.kind === "merge-no-link", passes: () => false },
  {
    defect: "link-lost-on-key-change",
    fails: (c) => c.kind === "link-survives",
    passes: (c) => quiet(c) || (c.kind === "synced" && ext(c, 38, 41)),
  },
  { defect: "duplicate-creates", fails: (c) => c.kind === "merge-links", passes: (c) => c.kind === "merge-no-link" },
  { defect: "late-write", fails: propagates, passes: quiet },
  { defect: "oldest-wins", fails: (c) => c.kind === "newest-wins", passes: (c) => c.kind === "synced" },
  { defect: "empty-wipes", fails: (c) => c.kind === "empty-keeps", passes: (c) => c.kind === "synced" },
];
