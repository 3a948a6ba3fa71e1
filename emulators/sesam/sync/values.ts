// The reference sync's own reading and comparison of checklist values, by the checklist's data type. Written for
// the sync alone: the harness has its own (support/codecs/data-types.ts), kept apart on purpose, as the mapping is
// (see mapping.ts, DELIBERATE DUPLICATION). A string is compared exactly (case and whitespace count), an integer
// as a whole number, a float within a small relative tolerance, a boolean as true/false; null and "" are empty.

export type DataType = "string" | "integer" | "float" | "boolean";
export type Scalar = string | number | boolean | null;

export const DATA_TYPES: readonly DataType[] = ["string", "integer", "float", "boolean"];

export function isDataType(type: string): type is DataType {
  return (DATA_TYPES as readonly string[]).includes(type);
}

/** A raw API value read as the data type: `{ value }`, or null when it is not one (absent reads as null). */
export function decode(type: DataType, raw: unknown): { value: Scalar } | null {
  if (raw === undefined || raw === null) return { value: null };
  switch (type) {
    case "string":
      return typeof raw === "string" ? { value: raw } : null;
    case "integer":
      if (typeof raw === "number") return Number.isInteger(raw) ? { value: raw } : null;
      return typeof raw === "string" && /^-?\d+$/.test(raw) ? { value: Number(raw) } : null;
    case "float":
      if (typeof raw === "number") return Number.isFinite(raw) ? { value: raw } : null;
      return typeof raw === "string" && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw) ? { value: Number(raw) } : null;
    case "boolean":
      if (typeof raw === "boolean") return { value: raw };
      return raw === "true" || raw === "false" ? { value: raw === "true" } : null;
  }
}

const FLOAT_TOLERANCE = 1e-9;

export function equal(type: DataType, a: Scalar, b: Scalar): boolean {
  if (a === null || b === null) return a === b;
  if (type === "float" && typeof a === "number" && typeof b === "number") {
    return Math.abs(a - b) <= FLOAT_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return a === b;
}

/** Talk never lets an empty value overwrite an existing one. */
export function isEmpty(value: Scalar | undefined): boolean {
  return value === undefined || value === null || value === "";
}

/** Reads a dotted path from an API record; null when a step is missing or the value is not a scalar. */
export function readPath(record: unknown, path: readonly string[]): Scalar {
  let node: unknown = record;
  for (const key of path) {
    if (node === null || typeof node !== "object") return null;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === "string" || typeof node === "number" || typeof node === "boolean" ? node : null;
}
