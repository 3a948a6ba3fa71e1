import type { z } from "zod";

/**
 * Checks an emulator's options (or a `PUT /__admin/config`) with a zod schema; a failure throws one OptionsError
 * whose message names every bad field under `label` (`options.faults.rate429: …`). The argument order is the
 * harness clients' `parseClientOptions` (who is asking, the schema, the input).
 */
export function parseEmulatorOptions<S extends z.ZodType>(label: string, schema: S, input: unknown): z.output<S> {
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
