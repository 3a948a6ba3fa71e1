// The boundary check: every answer is parsed and validated with a zod schema (`safeParse`, loose objects);
// anything else is an `invalid_response` error carrying the zod issues and the raw (redacted) body.
import type { z } from "zod";
import type { ApiError } from "./errors.ts";
import type { HttpResponse } from "./transport.ts";

export type ResponseHandler<T> = (res: HttpResponse, invalid: (problem: string, issues?: unknown[]) => ApiError) => T;

/**
 * A JSON body matching `schema`. `empty` is what an empty answer (204, or 200 with no body) means; without
 * it an empty answer is invalid.
 */
export function jsonResponse<S extends z.ZodType>(
  schema: S,
  options: { empty?: () => z.output<S> } = {},
): ResponseHandler<z.output<S>> {
  return (res, invalid) => {
    if (res.text.trim() === "") {
      if (options.empty) return options.empty();
      throw invalid("the body is empty");
    }
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch (error) {
      throw invalid(`the body is not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const summary = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`)
        .join("; ");
      throw invalid(`it does not match the expected shape: ${summary}`, parsed.error.issues);
    }
    return parsed.data;
  };
}

/** Any 2xx answer; the body is not read (DELETE). */
export const noContent: ResponseHandler<void> = () => undefined;
