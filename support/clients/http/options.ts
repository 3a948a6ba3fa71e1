// Option fields every client factory takes, and the check that rejects a bad option by name (never by
// value: the values include secrets).
import { z } from "zod";
import type { RequestLogHook } from "./request-log.ts";
import { RetryOptionsSchema } from "./retry.ts";

export const commonOptionsShape = {
  onRequest: z.custom<RequestLogHook>((value) => typeof value === "function", "must be a function").optional(),
  retry: RetryOptionsSchema.optional(),
  timeoutMs: z.number().positive().optional(),
  connectTimeoutMs: z.number().positive().optional(),
};

export function parseClientOptions<S extends z.ZodType>(factory: string, schema: S, options: unknown): z.output<S> {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(options)"}: ${issue.message}`);
  throw new TypeError(`${factory}: invalid options: ${problems.join("; ")}`);
}
