import { z } from "zod";

// The value of one checklist property, as the checklist sees it (after a system's codec has read it).
export type Scalar = string | number | boolean | null;

export const DATA_TYPES = ["string", "integer", "float", "boolean"] as const;
export type DataType = (typeof DATA_TYPES)[number];

export function isDataType(type: string): type is DataType {
  return (DATA_TYPES as readonly string[]).includes(type);
}

const decoders: Record<DataType, z.ZodType<Scalar>> = {
  string: z.string().nullable(),
  // APIs may send numbers as strings; the checklist type decides what equality means.
  integer: z
    .union([
      z.number().int(),
      z
        .string()
        .regex(/^-?\d+$/)
        .transform(Number),
    ])
    .nullable(),
  float: z
    .union([
      z.number(),
      z
        .string()
        .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/)
        .transform(Number),
    ])
    .nullable(),
  boolean: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]).nullable(),
};

export type Decoded = { ok: true; value: Scalar } | { ok: false; error: string };

/** Reads a raw value as the checklist's data type; `undefined` and `null` both mean "no value". */
export function decodeAs(type: DataType, raw: unknown): Decoded {
  const result = decoders[type].safeParse(raw === undefined ? null : raw);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: `${describeValue(raw)} is not a ${type}` };
}

const FLOAT_TOLERANCE = 1e-9;

/** Equality under the checklist's data type: exact for strings (case and whitespace count), tolerant for floats. */
export function equalAs(type: DataType, a: Scalar, b: Scalar): boolean {
  if (a === null || b === null) return a === b;
  if (type === "float" && typeof a === "number" && typeof b === "number") {
    return Math.abs(a - b) <= FLOAT_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return a === b;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "(absent)";
  if (value === null) return "(empty)";
  return JSON.stringify(value);
}
