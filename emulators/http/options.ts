import type { z } from "zod";

/** Parses options with a zod schema; a failure throws one Error whose message names every bad field. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, label: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = [label, ...issue.path.map(String)].join(".");
    return `${path}: ${issue.message}`;
  });
  throw new OptionsError(problems.join("; "));
}

export class OptionsError extends Error {
  override name = "OptionsError";
}
