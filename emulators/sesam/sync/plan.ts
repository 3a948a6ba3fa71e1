// What the node runs, as the sync's plan says it (built by build-plan.ts): the flows the reference sync supports,
// their rows and rules on the sync's own mapping, the pipes in pump order, what it cannot sync and why; and the
// questions the pipes ask of it (pipe ids, whether a side is written, whether it is read whole).
import type { DatatypeMapping, Field, GlobalType } from "./mapping.ts";
import type { DataType } from "./values.ts";

export interface SyncSide {
  /** `<system>/<datatype key>`, e.g. `poweroffice/customers-person`. */
  key: string;
  /** As the first checklist naming it writes it: "Powerofficego Customers person". */
  label: string;
  mapping: DatatypeMapping;
}

export type SideName = "a" | "b";

/** One synced-property row (or several rows naming the same fields), oriented a <-> b. */
export interface Row {
  key: string;
  a: Field;
  b: Field;
  /** The paths as the (first) checklist row writes them. */
  names: { a: string; b: string };
  type: DataType;
  /** Directions the row syncs in: toB copies a's value into b. */
  toA: boolean;
  toB: boolean;
  lines: number[];
}

export interface Rule {
  key: string;
  a: Field;
  b: Field;
  type: DataType;
  lines: number[];
}

export interface SyncFlow {
  key: string;
  title: string;
  a: SyncSide;
  b: SyncSide;
  global: GlobalType;
  rules: Rule[];
  rows: Row[];
  /** "Every a will be synchronized with a b" / "If no matching b is found, a new b will be created". */
  createB: boolean;
  createA: boolean;
  /** Where the flow comes from: `file:line` of each checklist section merged into it. */
  sources: string[];
}

export interface Unsupported {
  source: string;
  flow: string;
  /** Set for a single row the sync cannot handle (the rest of the flow is synced). */
  row?: string;
  reason: string;
}

export type PipeKind = "all" | "collect" | "merge" | "transform" | "share";

export interface PipeSpec {
  id: string;
  kind: PipeKind;
  /** all/collect/transform/share: the datatype it reads or writes; merge: none. */
  side?: SyncSide;
  /** merge: the global type. */
  global?: GlobalType;
  flows: string[];
}

export interface SyncPlan {
  flows: SyncFlow[];
  sides: SyncSide[];
  pipes: PipeSpec[];
  unsupported: Unsupported[];
}

export const namespaceOf = (side: SyncSide): string => side.mapping.namespace;
/** PowerOffice lists by last change, read by an `-all` pipe; Hub users are read by the collect pipe itself. */
export const hasAllPipe = (side: SyncSide): boolean => side.mapping.system === "poweroffice";
export const allPipeId = (side: SyncSide): string => `${namespaceOf(side)}-all`;
export const collectPipeId = (side: SyncSide): string => `${namespaceOf(side)}-collect`;
export const mergePipeId = (global: GlobalType): string => `global-${global}`;
export const transformPipeId = (side: SyncSide): string => `${namespaceOf(side)}-transform`;
export const sharePipeId = (side: SyncSide): string => `${namespaceOf(side)}-share`;

/** Whether the sync ever writes the side's records: a row syncing towards it, or a flow creating them. */
export function isWritten(side: SyncSide, flows: readonly SyncFlow[]): boolean {
  return flows.some(
    (flow) =>
      (flow.a === side && (flow.createA || flow.rows.some((row) => row.toA))) ||
      (flow.b === side && (flow.createB || flow.rows.some((row) => row.toB))),
  );
}

/** Whether reading the side must list every record each run: a field it syncs or merges on is in a sub-entity. */
export function needsFullRead(side: SyncSide, flows: readonly SyncFlow[]): boolean {
  return flows.some((flow) => {
    const fields = [...flow.rows, ...flow.rules].flatMap((item) => [
      ...(flow.a === side ? [item.a] : []),
      ...(flow.b === side ? [item.b] : []),
    ]);
    return fields.some((field) => field.subEntity);
  });
}
