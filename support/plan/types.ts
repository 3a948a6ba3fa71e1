import type { Checklist, Flow, MergeRule, SyncedProperty } from "../checklist/model.ts";
import type { DataType, DatatypeCodec, PropertyCodec } from "../codecs/index.ts";

export type Side = "source" | "target";

export type CaseKind =
  | "merge-links"
  | "merge-no-link"
  | "synced"
  | "link-survives"
  | "newest-wins"
  | "empty-keeps"
  | "creates-missing"
  | "flow";

/** A pair of properties, one per side, resolved to the codecs that read and write them. */
export interface PropertyPair {
  source: PropertyCodec;
  target: PropertyCodec;
  type: DataType;
}

export interface ResolvedFlow {
  source: DatatypeCodec;
  target: DatatypeCodec;
  /** The merge rule a test seeds equal values of to link a pair: the first one the harness can write on both sides. */
  linkBy: { rule: MergeRule; pair: PropertyPair } | null;
  /** Synced rows the harness can read and write on both sides: seeded equal in a linked pair. */
  writableRows: PropertyPair[];
  /** The synced row a test edits to observe a link, when the flow has one the harness can write on both sides. */
  observable: { row: SyncedProperty; pair: PropertyPair } | null;
}

/** One test the checklist asks for. `skip` carries the reason when the harness cannot run it. */
export interface PlannedCase {
  /** Stable across runs: the document, the flow's line, the kind, the row's line and the edited side. */
  id: string;
  kind: CaseKind;
  checklist: Checklist;
  flow: Flow;
  /** The flow's codecs, when the harness has adapters for both sides. */
  resolved: ResolvedFlow | null;
  /** The checklist line this case ticks: the row's, or the flow heading's for flow-wide cases. */
  line: number;
  mergeRule?: MergeRule;
  syncedProperty?: SyncedProperty;
  pair?: PropertyPair;
  /** The side the test edits (for newest-wins: the side edited last). */
  edited?: Side;
  title: string;
  tags: string[];
  skip: string | null;
}

export interface PlannedFlow {
  checklist: Checklist;
  flow: Flow;
  resolved: ResolvedFlow | null;
  cases: PlannedCase[];
}
