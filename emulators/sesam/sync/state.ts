// The reference sync's memory between runs: the collected records of each datatype, the PowerOffice watermarks,
// the links between records, and the datasets the merge and share pipes write. Nothing here talks to a tenant.
import type { Scalar } from "../../../support/codecs/index.ts";
import { Dataset } from "../dataset.ts";
import type { GlobalType, RecordKey } from "./resources.ts";
import { collectPipeId, mergePipeId, sharePipeId, type SyncPlan } from "./plan.ts";

/** A record as the collect pipe last saw it: every codec property's value and when it changed. */
export interface Collected extends Record<string, unknown> {
  key: RecordKey;
  name: string;
  /** Codec path -> value as the codec reads it from the API record. */
  values: Record<string, Scalar>;
  /**
   * Codec path -> when the value became what it is: the server's modification time where the API has one
   * (PowerOffice), else when a collect first observed it (Hub users).
   */
  changedAt: Record<string, string>;
  /** Order of first sight, to pick between records sharing a merge value. */
  firstSeen: number;
}

/** The merge pipe's output, one per link (or pending creation): the agreed value of every synced row. */
export interface GlobalEntity extends Record<string, unknown> {
  flow: string;
  a: string | null;
  b: string | null;
  /** Row key -> the value both records should hold. */
  values: Record<string, Scalar>;
  /** Set when the share pipe of that side must create the missing record. */
  create?: "a" | "b";
  /** For a creation the duplicate-creates defect asked for: the record copied. */
  duplicateOf?: string;
}

/** What a share pipe wrote to one record. */
export interface Shared extends Record<string, unknown> {
  key: RecordKey;
  written: Record<string, unknown>;
  created: boolean;
}

export interface Link {
  id: string;
  a: string;
  b: string;
  via: "merge-rule" | "created" | "unmatched";
  since: string;
  /** Row key -> the last value both records held (what a change is measured against). */
  agreed: Record<string, Scalar>;
  /**
   * Row key -> each record's value when the merge last resolved the row. A share writes the row only while both
   * records still hold these: a collect since then read something the merge's answer does not account for.
   */
  resolvedFrom: Record<string, { a: Scalar; b: Scalar }>;
  /** Rule key -> the merge values when linked. */
  keys: Record<string, { a: Scalar; b: Scalar }>;
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
      resolvedFrom: {},
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
  readonly collected = new Map<string, Dataset<Collected>>();
  /** Side key -> the newest modification time seen (PowerOffice). */
  readonly watermarks = new Map<string, string>();
  readonly links = new Map<string, LinkTable>();
  readonly global = new Map<GlobalType, Dataset<GlobalEntity>>();
  readonly shared = new Map<string, Dataset<Shared>>();
  #order = 0;

  constructor(readonly plan: SyncPlan) {
    for (const side of plan.sides) {
      this.collected.set(side.key, new Dataset<Collected>(collectPipeId(side)));
      this.shared.set(side.key, new Dataset<Shared>(sharePipeId(side)));
    }
    for (const flow of plan.flows) {
      this.links.set(flow.key, new LinkTable(flow.key));
      if (!this.global.has(flow.global))
        this.global.set(flow.global, new Dataset<GlobalEntity>(mergePipeId(flow.global)));
    }
  }

  nextOrder(): number {
    return this.#order++;
  }

  collectedOf(sideKey: string): Dataset<Collected> {
    return required(this.collected.get(sideKey), sideKey);
  }

  linksOf(flowKey: string): LinkTable {
    return required(this.links.get(flowKey), flowKey);
  }

  globalOf(global: GlobalType): Dataset<GlobalEntity> {
    return required(this.global.get(global), global);
  }

  sharedOf(sideKey: string): Dataset<Shared> {
    return required(this.shared.get(sideKey), sideKey);
  }

  /** Every dataset the pipes write, by id (the node serves them under /api/datasets). */
  datasets(): Dataset[] {
    return [...this.collected.values(), ...this.global.values(), ...this.shared.values()] as unknown as Dataset[];
  }
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`sync state has no ${name}`);
  return value;
}
