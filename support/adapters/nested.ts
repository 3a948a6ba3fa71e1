import type { PropertyCodec, Scalar } from "../codecs/index.ts";

/** `{ "MailAddress.CountryCode": "NO" }` -> `{ MailAddress: { CountryCode: "NO" } }`: creates take objects, patches take paths. */
export function nestDotted(changes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    const parts = key.split(".");
    let node = result;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      node = (node[part] = typeof next === "object" && next !== null ? next : {}) as Record<string, unknown>;
    }
    node[parts.at(-1) as string] = value;
  }
  return result;
}

/** The union of the updates each seeded value writes. */
export function mergedWrites(values: ReadonlyMap<PropertyCodec, Scalar>): Record<string, unknown> {
  return Object.assign({}, ...[...values].map(([property, value]) => property.write(value)));
}

/** How far before "since" a change-time filter reaches back: the API's clock need not agree with ours. */
export const CLOCK_SKEW_MS = 120_000;

export function before(since: Date): Date {
  return new Date(since.getTime() - CLOCK_SKEW_MS);
}
