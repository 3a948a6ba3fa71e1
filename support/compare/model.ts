// What changed between two generations of a dataflow document (`npm run compare`). Lines are 1-based lines of
// the document they come from: `old` lines of the first document, `new` lines of the second.

/** One changed attribute: what it is, and its value before and after. */
export interface Change {
  kind:
    | "title" // the document's or a flow's heading text
    | "generated" // the document's Generated: date
    | "system" // a system spelled differently, same system ("Powerofficego" -> "PowerOffice GO")
    | "datatype" // a flow's datatype ("Customers person" -> "Customers")
    | "flag" // a flow statement's flag (linkRequired, syncAll, ...) or its kind
    | "created-from" // "A new Y will be created from a X if it is connected to ..."
    | "condition" // a free-text condition, added or removed
    | "note" // prose the reader did not recognise, added or removed
    | "introduction"
    | "data-type" // a synced row's data type
    | "merge-property" // a merge rule's property on one side
    | "property" // a synced row's property on one side
    | "qualifier"; // the parenthesised condition of a row's cell
  /** Which one: "source", "target", "linkRequired", ...; "" when the kind says it all. */
  field: string;
  from: string | null;
  to: string | null;
}

export type RowKind = "merge-rule" | "synced-property" | "unreadable";

export interface RowRef {
  kind: RowKind;
  line: number;
  /** The row as the report shows it: `a = b`, `a <-> b (string)`, or the cells of an unreadable row. */
  text: string;
}

export interface RowChange {
  kind: RowKind;
  old: RowRef;
  new: RowRef;
  changes: Change[];
}

export interface FlowRef {
  title: string;
  line: number;
  /** `system datatype` of each side, as written. */
  source: string;
  target: string;
  rows: RowRef[];
}

export interface FlowChange {
  old: FlowRef;
  new: FlowRef;
  /** The flow's own changes (title, datatypes, systems not renamed document-wide, flags, ...). */
  changes: Change[];
  rows: { added: RowRef[]; removed: RowRef[]; changed: RowChange[] };
}

export interface DocumentRef {
  file: string;
  title: string;
  generated: string | null;
}

export interface ChecklistDiff {
  old: DocumentRef;
  new: DocumentRef;
  /** Title, Generated: date, systems renamed document-wide, introduction and notes. */
  document: Change[];
  flows: { added: FlowRef[]; removed: FlowRef[]; changed: FlowChange[]; unchanged: FlowRef[] };
  /**
   * Lines of the new document whose tests check something that changed: added and changed rows, every row of an
   * added flow or of a flow whose datatypes, flags or creation statements changed, and those flows' headings.
   */
  changedLines: number[];
}

/** Two spellings of one system or datatype compare equal: lower case, no spaces ("PowerOffice GO" = "Powerofficego"). */
export const canonical = (text: string): string => text.toLowerCase().replace(/\s+/g, "");
