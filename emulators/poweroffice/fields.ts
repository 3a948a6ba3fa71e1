/**
 * The typed properties of a PowerOffice DTO, used both to bind a POST body and to apply a JSON Patch the way
 * ASP.NET Core does: property names match ignoring case, numbers may come as strings (the web JSON defaults),
 * enums are matched by name ignoring case, unknown properties of a POST body are ignored.
 */
export type FieldKind = "string" | "boolean" | "integer" | "enum" | "object";

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** Read-only properties are ignored in a POST body and rejected by PATCH. */
  readOnly?: boolean;
  values?: readonly string[];
  children?: readonly FieldSpec[];
  /** The DTO's documented `maxLength` (v2 OpenAPI); a longer string is refused as ASP.NET's [MaxLength] does. */
  maxLength?: number;
}

export type Converted = { ok: true; value: unknown } | { ok: false; message: string };

const CLR_TYPES: Record<FieldKind, string> = {
  string: "System.String",
  boolean: "System.Boolean",
  integer: "System.Int64",
  enum: "an enum",
  object: "an object",
};

export function findField(specs: readonly FieldSpec[], name: string): FieldSpec | undefined {
  const wanted = name.toLowerCase();
  return specs.find((spec) => spec.name.toLowerCase() === wanted);
}

/** Converts a JSON value to a property's type; `path` names the property in the message. */
export function convert(spec: FieldSpec, value: unknown, path: string): Converted {
  if (value === null || value === undefined) return { ok: true, value: null };
  const fail = (): Converted => ({
    ok: false,
    message: `The JSON value could not be converted to ${CLR_TYPES[spec.kind]}. Path: ${path}`,
  });
  switch (spec.kind) {
    case "string":
      if (typeof value !== "string") return fail();
      if (spec.maxLength !== undefined && value.length > spec.maxLength) {
        return {
          ok: false,
          message: `The field ${spec.name} must be a string or array type with a maximum length of '${spec.maxLength}'.`,
        };
      }
      return { ok: true, value };
    case "boolean":
      return typeof value === "boolean" ? { ok: true, value } : fail();
    case "integer": {
      const number = typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      return typeof number === "number" && Number.isSafeInteger(number) ? { ok: true, value: number } : fail();
    }
    case "enum": {
      const match =
        typeof value === "string" ? spec.values?.find((v) => v.toLowerCase() === value.toLowerCase()) : undefined;
      return match ? { ok: true, value: match } : fail();
    }
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) return fail();
      const bound = bind(value, spec.children ?? [], path);
      if (Object.keys(bound.errors).length > 0) {
        return { ok: false, message: Object.values(bound.errors).flat().join(" ") };
      }
      return { ok: true, value: bound.values };
    }
  }
}

/** Binds a JSON object to the writable properties; absent ones are left out of `values`. */
export function bind(
  input: object,
  specs: readonly FieldSpec[],
  path = "$",
): { values: Record<string, unknown>; errors: Record<string, string[]> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string[]> = {};
  for (const [key, raw] of Object.entries(input)) {
    const spec = findField(specs, key);
    if (!spec || spec.readOnly) continue;
    const at = `${path}.${spec.name}`;
    const converted = convert(spec, raw, at);
    if (converted.ok) values[spec.name] = converted.value;
    else errors[at] = [converted.message];
  }
  return { values, errors };
}
