import { createHash } from "node:crypto";

// A Sesam dataset: an append-only log of entity versions, each with its own `_updated` sequence number (0, 1, ...
// per dataset), plus an index of the latest version of every `_id`. Writing content equal to the latest version
// (same hash and deleted flag) adds nothing, as a Sesam dataset sink does.

export type EntityContent = Record<string, unknown>;

export interface EntityMeta {
  _id: string;
  /** The version's sequence number in this dataset's log. */
  _updated: number;
  /** Microseconds since the epoch when the version was written. */
  _ts: number;
  _deleted: boolean;
  _hash: string;
  /** The `_updated` of the previous version of this `_id`, or null for the first. */
  _previous: number | null;
}

export type StoredEntity<T extends EntityContent = EntityContent> = T & EntityMeta;

export interface DatasetQuery {
  /** Exclusive lower bound on `_updated`. */
  since?: number;
  limit?: number;
  /** Newest first. */
  reverse?: boolean;
  /** Every version, not only the latest of each `_id`. */
  history?: boolean;
  /** Include deleted entities (true). */
  deleted?: boolean;
}

export class Dataset<T extends EntityContent = EntityContent> {
  readonly #log: StoredEntity<T>[] = [];
  readonly #latest = new Map<string, StoredEntity<T>>();

  constructor(readonly id: string) {}

  /** Writes a version; returns it, or null when the content equals the latest version's. */
  put(id: string, content: T, deleted = false): StoredEntity<T> | null {
    const hash = hashContent(content);
    const previous = this.#latest.get(id);
    if (previous && previous._hash === hash && previous._deleted === deleted) return null;
    const entity = {
      ...content,
      _id: id,
      _updated: this.#log.length,
      _ts: Date.now() * 1000,
      _deleted: deleted,
      _hash: hash,
      _previous: previous ? previous._updated : null,
    } as StoredEntity<T>;
    this.#log.push(entity);
    this.#latest.set(id, entity);
    return entity;
  }

  /** Marks an entity deleted, keeping its last content; null when absent or already deleted. */
  delete(id: string): StoredEntity<T> | null {
    const previous = this.#latest.get(id);
    if (!previous || previous._deleted) return null;
    return this.put(id, contentOf(previous), true);
  }

  /** The latest version of an entity, deleted or not. */
  get(id: string): StoredEntity<T> | undefined {
    return this.#latest.get(id);
  }

  /** The latest versions of the entities that are not deleted, in `_updated` order. */
  current(): StoredEntity<T>[] {
    return [...this.#latest.values()].filter((entity) => !entity._deleted).sort((a, b) => a._updated - b._updated);
  }

  get lastSequence(): number | null {
    return this.#log.length === 0 ? null : this.#log.length - 1;
  }

  get size(): { log: number; index: number } {
    return { log: this.#log.length, index: this.#latest.size };
  }

  query(query: DatasetQuery = {}): StoredEntity<T>[] {
    const source = query.history ? this.#log : [...this.#latest.values()].sort((a, b) => a._updated - b._updated);
    let found = source.filter(
      (entity) =>
        (query.since === undefined || entity._updated > query.since) && (query.deleted !== false || !entity._deleted),
    );
    if (query.reverse) found = found.reverse();
    return query.limit === undefined ? found : found.slice(0, query.limit);
  }

  clear(): void {
    this.#log.length = 0;
    this.#latest.clear();
  }
}

/** An entity's content: the entity without the dataset's own fields. */
export function contentOf<T extends EntityContent>(entity: StoredEntity<T>): T {
  const { _id, _updated, _ts, _deleted, _hash, _previous, ...content } = entity;
  return content as unknown as T;
}

/** md5 of the canonical JSON (keys sorted), as Sesam's `_hash` is an md5 hex digest of the entity. */
export function hashContent(content: unknown): string {
  return createHash("md5").update(canonicalJson(content)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
