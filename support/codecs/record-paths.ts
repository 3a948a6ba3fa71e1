import type { DataType, Scalar } from "./data-types.ts";
import type { PropertyCodec } from "./types.ts";

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
    writable: spec.writable ?? true,
    empty: "empty" in spec ? spec.empty : null,
    read: (record) => readPath(record, apiPath),
    write: spec.write ?? ((value) => ({ [spec.path]: value })),
  };
}
