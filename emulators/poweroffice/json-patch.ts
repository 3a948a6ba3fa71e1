import { isDeepStrictEqual } from "node:util";
import { convert, findField } from "./fields.ts";
import type { FieldSpec } from "./fields.ts";

export type PatchResult =
  { ok: true; value: Record<string, unknown> } | { ok: false; errors: Record<string, string[]> };

/**
 * Applies an RFC 6902 JSON Patch to a DTO the way ASP.NET Core's JsonPatch does on a typed object: paths match
 * property names ignoring case, `add` on a property sets it, `remove` sets it to its default (null, false for a
 * boolean), read-only properties cannot be changed, and `test` compares. `move` and `copy` are not modelled.
 * All operations apply or none does.
 */
export function applyPatch(
  target: Record<string, unknown>,
  specs: readonly FieldSpec[],
  document: unknown,
): PatchResult {
  if (!Array.isArray(document) || !document.every(isOperation)) {
    return failure("", "The JSON patch document was malformed and could not be parsed.");
  }
  const value = structuredClone(target);
  for (const operation of document) {
    const error = applyOne(value, specs, operation);
    if (error) return failure(operation.path, error);
  }
  return { ok: true, value };
}

interface Operation {
  op: string;
  path: string;
  value?: unknown;
}

function isOperation(item: unknown): item is Operation {
  if (typeof item !== "object" || item === null) return false;
  const { op, path } = item as Record<string, unknown>;
  return typeof op === "string" && typeof path === "string";
}

function applyOne(root: Record<string, unknown>, specs: readonly FieldSpec[], operation: Operation): string | null {
  const op = operation.op.toLowerCase();
  if (op === "move" || op === "copy") return `The emulator does not support the '${op}' operation.`;
  if (!["add", "replace", "remove", "test"].includes(op)) return `Invalid JsonPatch operation '${operation.op}'.`;
  const segments = operation.path.split("/").slice(1).map(unescapePointer);
  if (!operation.path.startsWith("/") || segments.length === 0 || segments.some((s) => s === "")) {
    return `The path '${operation.path}' is not a valid property path.`;
  }
  let container: Record<string, unknown> = root;
  let fields = specs;
  for (const [index, segment] of segments.entries()) {
    const spec = findField(fields, segment);
    if (!spec) return `The target location specified by path segment '${segment}' was not found.`;
    if (index < segments.length - 1) {
      const child = container[spec.name];
      if (spec.kind !== "object" || typeof child !== "object" || child === null) {
        return `The target location specified by path segment '${segments[index + 1]}' was not found.`;
      }
      container = child as Record<string, unknown>;
      fields = spec.children ?? [];
      continue;
    }
    if (op === "test") {
      const expected = convert(spec, operation.value, operation.path);
      if (!expected.ok) return `The value '${String(operation.value)}' is invalid for target location.`;
      if (!isDeepStrictEqual(container[spec.name] ?? null, expected.value)) {
        return `The current value '${String(container[spec.name])}' at path '${segment}' is not equal to the test value '${String(operation.value)}'.`;
      }
      return null;
    }
    if (spec.readOnly) return `The property at path '${operation.path}' could not be updated.`;
    if (op === "remove") {
      container[spec.name] = spec.kind === "boolean" ? false : null;
      return null;
    }
    const converted = convert(spec, operation.value, operation.path);
    if (!converted.ok) return `The value '${String(operation.value)}' is invalid for target location.`;
    container[spec.name] =
      spec.kind === "object" && converted.value !== null
        ? keepReadOnly(container[spec.name], converted.value as Record<string, unknown>, spec)
        : converted.value;
  }
  return null;
}

/** Replacing a nested object keeps its read-only members (its Id); the other members not sent become null. */
function keepReadOnly(current: unknown, next: Record<string, unknown>, spec: FieldSpec): Record<string, unknown> {
  const before = (typeof current === "object" && current !== null ? current : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const child of spec.children ?? []) {
    out[child.name] = child.readOnly ? (before[child.name] ?? null) : (next[child.name] ?? null);
  }
  return out;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

function failure(path: string, message: string): PatchResult {
  return { ok: false, errors: { [path || "JsonPatchDocument"]: [message] } };
}
