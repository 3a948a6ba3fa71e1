// What the plan decided for each test the checklist asks for: one type per kind of case, carrying exactly what
// that case needs, so no spec re-checks at run time what the plan already knew. A case the harness cannot run is a
// SkippedCase with the reason (the report shows it).
import type { Checklist, Flow, MergeRule, SyncedProperty } from "../checklist/model.ts";
import type { DataType, PropertyCodec, Scalar } from "../codecs/index.ts";
import type { SystemDatatype } from "../datatypes/index.ts";
import type { EdgeValue } from "../values/catalogue.ts";

export type Side = "source" | "target";

/** A pair of properties, one per side, read and written through the datatypes' codecs. */
export interface PropertyPair {
  source: PropertyCodec;
  target: PropertyCodec;
  type: DataType;
}

/** A synced row the harness can edit and read on both sides. */
export interface SyncedPair extends PropertyPair {
  row: SyncedProperty;
}

/** The flow's two datatypes (the harness supports both). */
export interface FlowSides {
  source: SystemDatatype;
  target: SystemDatatype;
}

/** One fresh value a test makes: for `property`, of `type`; `differentFrom` another slot's value (records kept apart). */
export interface SeedSlot {
  property: PropertyCodec;
  type: DataType;
  differentFrom: number | null;
}

/**
 * What a test seeds: the values it makes (slots) and which property of which side gets which. A matching pair
 * shares every slot across the sides (so the merge rule links it and no synced row has anything to carry yet); a
 * pair kept apart gives the target side slots of its own, each different from the source's.
 */
export interface SeedPlan {
  slots: readonly SeedSlot[];
  source: readonly { property: PropertyCodec; slot: number }[];
  target: readonly { property: PropertyCodec; slot: number }[];
}

interface CaseCommon {
  /** Stable across runs: the document, the flow's line, the kind, the row's line and the edited side. */
  id: string;
  checklist: Checklist;
  flow: Flow;
  /** The checklist line this case stands for: the row's, the statement's, or the flow heading's. */
  line: number;
  /** Every line of the document this case proves or refutes (its own first; statements it speaks to after). */
  ticks: number[];
  /** The side the test edits (newest-wins: the side edited last; empty-keeps: the side emptied); null: none. */
  edited: Side | null;
  title: string;
  tags: string[];
}

interface Runnable extends CaseCommon {
  skip: null;
  sides: FlowSides;
  seeds: SeedPlan;
}

interface MergeCase extends Runnable {
  rule: MergeRule;
  /** The merge rule's properties. */
  key: PropertyPair;
  /**
   * The synced row an edit travels on to show the link through the tenants; null when the flow has none (the link
   * is then seen only where the node keeps it: its merged entities).
   */
  observe: SyncedPair | null;
}

export interface MergeLinksCase extends MergeCase {
  kind: "merge-links";
}

export interface MergeNoLinkCase extends MergeCase {
  kind: "merge-no-link";
}

export interface LinkSurvivesCase extends MergeCase {
  kind: "link-survives";
  edited: Side;
}

export interface SyncedCase extends Runnable {
  kind: "synced";
  row: SyncedProperty;
  pair: PropertyPair;
  edited: Side;
}

export interface NewestWinsCase extends Runnable {
  kind: "newest-wins";
  row: SyncedProperty;
  pair: PropertyPair;
  /** The side edited last, whose value must win. */
  edited: Side;
}

export interface EmptyKeepsCase extends Runnable {
  kind: "empty-keeps";
  row: SyncedProperty;
  pair: PropertyPair;
  /** The side emptied. */
  edited: Side;
  /** How the emptied side's API spells "no value". */
  empty: Scalar;
}

export interface CreatesMissingCase extends Runnable {
  kind: "creates-missing";
  /** The pair the created record is found by: a synced row's, else the merge rule's (the created record carries it). */
  findBy: PropertyPair;
  /** The synced rows whose values the created record must carry. */
  rows: readonly SyncedPair[];
}

/** One synced row in one direction, with the values real data has (support/values/catalogue.ts), each on a linked pair. */
export interface ValuesCase extends Runnable {
  kind: "values";
  row: SyncedProperty;
  pair: PropertyPair;
  edited: Side;
  values: readonly EdgeValue[];
}

/** "Once a link is established, it will keep in sync ... regardless of where it is edited", as a sequence on one link. */
export interface KeepsInSyncCase extends Runnable {
  kind: "keeps-in-sync";
  /** The edits, in order: which side, on which synced row (alternating sides, going round the rows). */
  steps: readonly { side: Side; row: SyncedPair }[];
}

export type RunnableCase =
  | MergeLinksCase
  | MergeNoLinkCase
  | LinkSurvivesCase
  | SyncedCase
  | NewestWinsCase
  | EmptyKeepsCase
  | CreatesMissingCase
  | KeepsInSyncCase
  | ValuesCase;

/** "flow": a flow-wide statement the harness cannot test (only ever skipped). */
export type CaseKind = RunnableCase["kind"] | "flow";

export interface SkippedCase extends CaseCommon {
  kind: CaseKind;
  skip: string;
}

export type PlannedCase = RunnableCase | SkippedCase;

/** The runnable case of a kind. */
export type CaseOf<K extends CaseKind> = Extract<RunnableCase, { kind: K }>;

export interface PlannedFlow {
  checklist: Checklist;
  flow: Flow;
  cases: PlannedCase[];
}
