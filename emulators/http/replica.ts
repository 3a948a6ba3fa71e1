/**
 * Reads that lag writes, as from a replica: PowerOffice Go answers every GET from a replicated database ("Live
 * data", go-api-documentation `docs/api/common/limitations.md`), typically under a second behind, so a read just
 * after a write may not see it. A store keeps the before-image of every write for as long as the lag, and a read
 * at time t sees the state as of t - lag: every write younger than that is undone in the copy it reads. Writes
 * always act on the live state. One journal per record kind (ids are unique within a kind).
 */
interface Change<K, T> {
  /** When the write happened (ms since the epoch). */
  at: number;
  id: K;
  /** The record before the write; undefined when the write created it. */
  before: T | undefined;
}

export class ReplicaJournal<K, T> {
  #changes: Change<K, T>[] = [];
  #lagMs = 0;

  get lagMs(): number {
    return this.#lagMs;
  }

  /** A longer lag applies to writes made after the change (earlier before-images are gone). */
  set lagMs(value: number) {
    this.#lagMs = value;
    this.#forget(Date.now());
  }

  record(id: K, before: T | undefined, at = Date.now()): void {
    this.#forget(at);
    if (this.#lagMs > 0) this.#changes.push({ at, id, before });
  }

  /** The records as the replica has them at `now`: the live ones with every write since now - lag undone. */
  asOf(live: ReadonlyMap<K, T>, now = Date.now()): Map<K, T> {
    const cutoff = now - this.#lagMs;
    const view = new Map(live);
    // Newest first, so the oldest undone write (the state at the cutoff) is the one that stays.
    for (let i = this.#changes.length - 1; i >= 0; i--) {
      const change = this.#changes[i] as Change<K, T>;
      if (change.at <= cutoff) break;
      if (change.before === undefined) view.delete(change.id);
      else view.set(change.id, change.before);
    }
    return view;
  }

  /** One record as the replica has it at `now` (undefined: not there yet, or no longer). */
  oneAsOf(id: K, live: T | undefined, now = Date.now()): T | undefined {
    const cutoff = now - this.#lagMs;
    const oldestUndone = this.#changes.find((change) => change.at > cutoff && change.id === id);
    return oldestUndone ? oldestUndone.before : live;
  }

  clear(): void {
    this.#changes = [];
  }

  /** Drops the writes every reader sees already, so the journal never holds more than the lag. */
  #forget(now: number): void {
    const cutoff = now - this.#lagMs;
    const firstKept = this.#changes.findIndex((change) => change.at > cutoff);
    this.#changes = firstKept < 0 ? [] : this.#changes.slice(firstKept);
  }
}
