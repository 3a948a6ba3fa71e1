import { ApiError } from "../clients/http/errors.ts";

/** The call's answer, or null when the record is not there (404): reads and deletes of a record that may be gone. */
export async function unlessGone<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** What `pick` keeps of a paged listing. */
export async function collect<T, R>(records: AsyncIterable<T>, pick: (record: T) => R | undefined): Promise<R[]> {
  const kept: R[] = [];
  for await (const record of records) {
    const value = pick(record);
    if (value !== undefined) kept.push(value);
  }
  return kept;
}
