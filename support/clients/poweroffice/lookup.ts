// Before repeating a create whose answer was lost, look for the record it may have made. The search starts a
// minute before the first attempt (our clock and the API's may differ) and stays cheap through
// `lastChangedDateTimeOffsetGreaterThan`; every identity field the input gave must match, so a record someone
// else made with the same email in that minute is not taken for ours. Reads come from a replica that lags writes,
// so the lookup looks again until the read lag has passed before it lets the create be repeated.
import { lookAcrossLag } from "../http/replica.ts";

export const LOOKUP_MARGIN_MS = 60_000;

type Fields = Readonly<Record<string, unknown>>;

export function createLookup<T extends Fields & { Id: number }>(
  input: Fields,
  search: (since: Date) => Promise<T[]>,
  identityFields: readonly string[],
  readLagMs: number,
  signal?: AbortSignal,
): () => Promise<T | null> {
  const since = new Date(Date.now() - LOOKUP_MARGIN_MS);
  const look = async (): Promise<T | null> => {
    const matches = (await search(since)).filter((record) =>
      identityFields.every(
        (field) => typeof input[field] !== "string" || sameText(record[field], input[field] as string),
      ),
    );
    // Several matches: the newest is the one this create made.
    return matches.sort((a, b) => b.Id - a.Id)[0] ?? null;
  };
  return () => lookAcrossLag(look, readLagMs, signal);
}

export function sameText(a: unknown, b: string): boolean {
  return typeof a === "string" && a.trim().toLowerCase() === b.trim().toLowerCase();
}
