import { lookAcrossLag } from "../clients/http/replica.ts";
import { unlessGone } from "./scan.ts";
import type { RecordRef } from "./types.ts";

/**
 * The records this adapter created, and when. PowerOffice reads come from a replica that lags writes (up to the
 * client's `readLagMs`): a read by id just after the create can answer 404. Such a 404 is "not there yet", so the
 * read looks again until the lag has passed; a 404 for any other record means it is gone.
 */
export class RecentCreates {
  readonly #createdAt = new Map<string, number>();

  constructor(private readonly readLagMs: number) {}

  note(ref: RecordRef): RecordRef {
    const now = performance.now();
    for (const [key, at] of this.#createdAt) if (now - at > this.readLagMs) this.#createdAt.delete(key);
    this.#createdAt.set(key(ref), now);
    return ref;
  }

  /** The record, or null when it is gone (a record created within the lag gets that long to appear). */
  async read<T>(ref: RecordRef, get: () => Promise<T>): Promise<T | null> {
    const found = await unlessGone(get);
    if (found !== null) return found;
    const at = this.#createdAt.get(key(ref));
    const left = at === undefined ? 0 : this.readLagMs - (performance.now() - at);
    return left > 0 ? lookAcrossLag(() => unlessGone(get), left) : null;
  }
}

function key(ref: RecordRef): string {
  return `${ref.adapter}/${ref.parentId ?? ""}/${ref.id}`;
}
