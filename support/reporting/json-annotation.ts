// Data a test hands to the reporters travels as a Playwright annotation whose description is JSON: written here,
// read back here against its schema.
import type { z } from "zod";

type Annotation = { type: string; description?: string };

export function jsonAnnotation(type: string, value: unknown): { type: string; description: string } {
  return { type, description: JSON.stringify(value) };
}

/** The last annotation of `type`, as its schema reads it; undefined when there is none or it is not that shape. */
export function readJsonAnnotation<S extends z.ZodType>(
  annotations: readonly Annotation[],
  type: string,
  schema: S,
): z.output<S> | undefined {
  const found = annotations.findLast((annotation) => annotation.type === type);
  if (!found?.description) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(found.description);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
