import type { DataType, Scalar } from "./data-types.ts";
import type { PropertyCodec, ValueKind } from "./types.ts";

/** Reads a dotted path from a JSON record, or null when any step is missing. */
export function readPath(record: unknown, path: readonly string[]): Scalar {
  let node: unknown = record;
  for (const key of path) {
    if (node === null || typeof node !== "object") return null;
    node = (node as Record<string, unknown>)[key];
  }
  if (node === undefined || node === null) return null;
  if (typeof node === "string" || typeof node === "number" || typeof node === "boolean") return node;
  return null;
}

export interface FieldSpec {
  path: string;
  type: DataType;
  /** What kind of value it holds; by default guessed from the path and the type (kindOf). */
  kind?: ValueKind;
  /** The longest value the API documents it takes (e.g. v2 ContactAddressDto AddressLine1: 200). */
  maxLength?: number;
  aliases?: readonly string[];
  writable?: boolean;
  /** How the field is emptied (default null); `undefined` when the API requires a value. */
  empty?: Scalar | undefined;
  /** Where the value sits in the API record; defaults to the dotted path. */
  apiPath?: readonly string[];
  /** The update the API client takes; defaults to `{ [path]: value }`. */
  write?: (value: Scalar) => Record<string, unknown>;
}

export function fieldCodec(spec: FieldSpec): PropertyCodec {
  const apiPath = spec.apiPath ?? spec.path.split(".");
  return {
    path: spec.path,
    aliases: spec.aliases ?? [],
    type: spec.type,
    kind: spec.kind ?? kindOf(spec.path, spec.type),
    maxLength: spec.maxLength,
    writable: spec.writable ?? true,
    empty: "empty" in spec ? spec.empty : null,
    read: (record) => readPath(record, apiPath),
    write: spec.write ?? ((value) => ({ [spec.path]: value })),
  };
}

/** The kind of value a property holds, from its type and name (a field can say otherwise). */
export function kindOf(path: string, type: DataType): ValueKind {
  if (type !== "string") return type;
  const name = path.toLowerCase();
  if (name.includes("email")) return "email";
  if (name.endsWith("countrycode")) return "country-code";
  if (name.includes("phone")) return "phone";
  if (name.includes("url")) return "url";
  if (name.includes("zipcode") || name.includes("postalcode")) return "zip";
  if (name === "login") return "login";
  if (/(^|\.)(id|number|code|externalcode)$/.test(name) || name.endsWith("number")) return "identifier";
  if (/(^|\.)(name|firstname|lastname)$/.test(name)) return "person-name";
  return "free-text";
}
