import type { Reply } from "./types.ts";

/**
 * An error whose answer is decided: a handler, or anything it calls, throws it and EmulatorServer sends `reply`
 * (Azurite style: one place turns errors into replies). Errors a store throws in its own terms (it knows no HTTP)
 * are turned into replies by the service's `errorReply`.
 */
export class ReplyError extends Error {
  override name = "ReplyError";
  constructor(readonly reply: Reply) {
    super(`${reply.status} ${summary(reply.body)}`);
  }
}

type ReplyFactory = Record<string, (...args: never[]) => Reply>;
type Throwing<F extends ReplyFactory> = { [K in keyof F]: (...args: Parameters<F[K]>) => ReplyError };

/**
 * A service's error factory as one that throws: `throw nodeError.noSuchPipe(id)` reads as what happened, and the
 * reply is the factory's own.
 */
export function throwable<F extends ReplyFactory>(factory: F): Throwing<F> {
  const throwing: Record<string, (...args: never[]) => ReplyError> = {};
  for (const [name, make] of Object.entries(factory)) throwing[name] = (...args) => new ReplyError(make(...args));
  return throwing as Throwing<F>;
}

/** The message or description of an error body, for logs and stack traces. */
function summary(body: unknown): string {
  if (typeof body !== "object" || body === null) return "error";
  const fields = body as Record<string, unknown>;
  for (const key of ["message", "Message", "detail", "error_description", "title"]) {
    if (typeof fields[key] === "string") return fields[key];
  }
  return "error";
}
