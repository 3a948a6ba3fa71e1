// The reference sync's memory between runs: the datasets its pipes write (Sesam datasets, served by the node),
// what each dataset-reading pipe has processed (its offset), the PowerOffice watermarks, the links between
// records, and the share pipes' retry queues. Nothing here talks to a tenant.
import { Dataset, type EntityContent } from "../dataset.ts";
import type { GlobalType } from "./mapping.ts";
import {
  allPipeId,
  collectPipeId,
  hasAllPipe,
  isWritten,
  mergePipeId,
  sharePipeId,
  transformPipeId,
  type SideName,
  type SyncSide,
  type SyncPlan,
} from "./plan.ts";
import type { Scalar } from "./values.ts";

/**
 * A collect entity: the record as the API gave it (`_id` its primary key), plus `$last-modified` (PowerOffice's
 * LastChangedDateTimeOffset, as the connector's collect adds it), `$updated` (field path -> when its value became
 * what it is: Sesam's "golden property based on last updated" pattern) and `$origin` for a record the sync created
 * (`~:<namespace>:<id>` of the record it was made from; the connector contract's `$origin`).
 */
export type CollectEntity = EntityContent & {
  "$last-modified"?: string;
  $updated: Record<string, string>;
  $origin?: string;
};

export interface Link {
  id: string;
  /** Record ids (not namespaced) on each side. */
  a: string;
  b: string;
  via: "merge-rule" | "created" | "unmatched";
  since: string;
  /** Row key -> the last value both records held (what a change is measured against). */
  agreed: Record<string, Scalar>;
  /**
   * Row key -> the value the merge last sent to the losing side. Once that side is read holding it, the write
   * landed and the value is agreed: without this, a value edited back (true, false, true) would find the older
   * agreed value on the edited side and the share's own write counted as the newer change.
   */
  sent: Record<string, { value: Scalar; to: SideName }>;
  /** Rule key -> the merge values when linked. */
  keys: Record<string, { a: Scalar; b: Scalar }>;
  /** The first-edit-only defect: the changes (row=value) of the first merge run that carried one. */
  firstEdit?: string[];
}

/** The links of one flow, at most one per record on each side. */
export class LinkTable {
  readonly byA = new Map<string, Link>();
  readonly byB = new Map<string, Link>();
  /** Records whose partner disappeared: never re-created, so a deletion is not undone. */
  readonly orphaned = { a: new Set<string>(), b: new Set<string>() };
  /** Source records the duplicate-creates defect already copied. */
  readonly duplicated = new Set<string>();

  constructor(readonly flow: string) {}

  add(a: string, b: string, via: Link["via"], keys: Link["keys"] = {}): Link {
    const link: Link = {
      id: `${this.flow}#${a}#${b}`,
      a,
      b,
      via,
      since: new Date().toISOString(),
      agreed: {},
      sent: {},
      keys,
    };
    this.byA.set(a, link);
    this.byB.set(b, link);
    return link;
  }

  remove(link: Link): void {
    this.byA.delete(link.a);
    this.byB.delete(link.b);
  }

  all(): Link[] {
    return [...this.byA.values()];
  }
}

export class SyncState {
  /** Side key -> the `-all` dataset (PowerOffice: what the API listed). */
  readonly listed = new Map<string, Dataset>();
  readonly collected = new Map<string, Dataset<CollectEntity>>();
  readonly global = new Map<GlobalType, Dataset>();
  readonly transformed = new Map<string, Dataset>();
  /** Side key -> what its share pipe wrote (`$origin`, `$generated_id` of the records it created). */
  readonly shared = new Map<string, Dataset>();
  /** Side key -> the newest LastChangedDateTimeOffset an `-all` run saw. */
  readonly watermarks = new Map<string, string>();
  readonly links = new Map<string, LinkTable>();
  /** Pipe id -> dataset id -> the last `_updated` it processed. */
  readonly offsets = new Map<string, Map<string, number>>();
  /** Share pipe id -> transform entity ids to try again (stale, blocked, refused by `$based_on`). */
  readonly retries = new Map<string, Set<string>>();
  /** Transform dataset id -> transform entity id -> the global entity it came from. */
  readonly derivedFrom = new Map<string, Map<string, string>>();
  /** Side key -> record id -> the `$origin` of a record a share pipe created (from its share dataset). */
  readonly #origins = new Map<string, Map<string, string>>();
  /** Namespaced id -> order of first sight: between records sharing a merge value, the first seen links. */
  readonly #firstSeen = new Map<string, number>();

  constructor(readonly plan: SyncPlan) {
    for (const side of plan.sides) {
      if (hasAllPipe(side)) this.listed.set(side.key, new Dataset(allPipeId(side)));
      this.collected.set(side.key, new Dataset<CollectEntity>(collectPipeId(side)));
      if (isWritten(side, plan.flows)) {
        this.transformed.set(side.key, new Dataset(transformPipeId(side)));
        this.shared.set(side.key, new Dataset(sharePipeId(side)));
      }
    }
    for (const flow of plan.flows) {
      this.links.set(flow.key, new LinkTable(flow.key));
      if (!this.global.has(flow.global)) this.global.set(flow.global, new Dataset(mergePipeId(flow.global)));
    }
  }

  firstSeen(namespacedId: string): number {
    let order = this.#firstSeen.get(namespacedId);
    if (order === undefined) {
      order = this.#firstSeen.size;
      this.#firstSeen.set(namespacedId, order);
    }
    return order;
  }

  originOf(sideKey: string, id: string): string | undefined {
    return this.#origins.get(sideKey)?.get(id);
  }

  setOrigin(sideKey: string, id: string, origin: string): void {
    const origins = this.#origins.get(sideKey) ?? new Map<string, string>();
    origins.set(id, origin);
    this.#origins.set(sideKey, origins);
  }

  /** The id of a record the share pipe of `sideKey` created from `origin`, if any. */
  createdFrom(sideKey: string, origin: string): string | undefined {
    for (const [id, from] of this.#origins.get(sideKey) ?? []) if (from === origin) return id;
    return undefined;
  }

  listedOf = (side: SyncSide): Dataset => required(this.listed.get(side.key), `${side.key} -all`);
  collectedOf = (sideKey: string): Dataset<CollectEntity> => required(this.collected.get(sideKey), sideKey);
  linksOf = (flowKey: string): LinkTable => required(this.links.get(flowKey), flowKey);
  globalOf = (global: GlobalType): Dataset => required(this.global.get(global), global);
  transformedOf = (sideKey: string): Dataset => required(this.transformed.get(sideKey), `${sideKey} -transform`);
  sharedOf = (sideKey: string): Dataset => required(this.shared.get(sideKey), `${sideKey} -share`);

  offsetOf(pipe: string, dataset: Dataset): number | undefined {
    return this.offsets.get(pipe)?.get(dataset.id);
  }

  setOffset(pipe: string, dataset: Dataset): void {
    const last = dataset.lastSequence;
    if (last === null) return;
    const offsets = this.offsets.get(pipe) ?? new Map<string, number>();
    offsets.set(dataset.id, last);
    this.offsets.set(pipe, offsets);
  }

  retriesOf(pipe: string): Set<string> {
    let set = this.retries.get(pipe);
    if (!set) this.retries.set(pipe, (set = new Set()));
    return set;
  }

  /** Every dataset the pipes write, by id (the node serves them under /api/datasets). */
  datasets(): Dataset[] {
    return [
      ...this.listed.values(),
      ...this.collected.values(),
      ...this.global.values(),
      ...this.transformed.values(),
      ...this.shared.values(),
    ] as unknown as Dataset[];
  }
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`sync state has no ${name}`);
  return value;
}
