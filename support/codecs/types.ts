import type { DataType, Scalar } from "./data-types.ts";

/** What kind of value a property holds: decides which edge values a test sends it (support/values/catalogue.ts). */
export type ValueKind =
  | "email"
  | "person-name"
  | "free-text"
  | "phone"
  | "country-code"
  | "url"
  | "zip"
  | "login"
  | "identifier"
  | "integer"
  | "float"
  | "boolean";

export type SystemId = "youtrack" | "poweroffice";

/** How one checklist property path reads from and writes to a system's API record. */
export interface PropertyCodec {
  /** The path as this codec names it (the API's own spelling), e.g. `profile.email` or `EmailAddress`. */
  readonly path: string;
  /** Other spellings the checklists use for the same datum (e.g. the v1 camelCase `emailAddress`). */
  readonly aliases: readonly string[];
  readonly type: DataType;
  readonly kind: ValueKind;
  /** The longest value the API documents it takes, when it documents one. */
  readonly maxLength: number | undefined;
  /** False for server-assigned fields (ids, timestamps): a test cannot edit them. */
  readonly writable: boolean;
  /** What "no value" is written as (Hub takes "" for a name, null removes an email); undefined: the API requires a value. */
  readonly empty: Scalar | undefined;
  read(record: unknown): Scalar;
  /** The change, in the shape the system's API client takes for an update. */
  write(value: Scalar): Record<string, unknown>;
}

/** One datatype of one system, as the checklist names it ("Users", "Customers person"). */
export interface DatatypeCodec {
  readonly system: SystemId;
  /** Canonical datatype key: lower case, words joined by "-" ("customers-person"). */
  readonly datatype: string;
  readonly properties: readonly PropertyCodec[];
  /** Finds a property by any of its spellings, ignoring case (the checklist and the API disagree on case). */
  property(path: string): PropertyCodec | undefined;
}
