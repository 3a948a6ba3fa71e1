import { json } from "../http/reply.ts";
import { throwable } from "../http/reply-error.ts";
import type { Reply } from "../http/types.ts";

// Hub's error body is `{error, error_description}` (validation errors may add `error_children`). The strings below
// follow what YouTrack/Hub answer; the `error` code strings are inconsistent in the real service, so clients
// should branch on the status.
export function hubErrorReply(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description });
}

export const hubErrors = {
  notLoggedIn: () => hubErrorReply(401, "Unauthorized", "You are not logged in."),
  invalidToken: () => hubErrorReply(401, "Unauthorized", "Invalid token"),
  notFound: () => hubErrorReply(404, "Not Found", "HTTP 404 Not Found"),
  methodNotAllowed: () => hubErrorReply(405, "Method Not Allowed", "HTTP 405 Method Not Allowed"),
  unsupportedMediaType: () => hubErrorReply(415, "Unsupported Media Type", "HTTP 415 Unsupported Media Type"),
  badRequest: (description: string) => hubErrorReply(400, "bad_request", description),
  invalidFields: () => hubErrorReply(400, "bad_request", "Query string has invalid syntax"),
  invalidQuery: () =>
    hubErrorReply(400, "invalid_query", "Can't parse search query, please check and update query syntax"),
  tooManyRequests: () => hubErrorReply(429, "Too Many Requests", "HTTP 429 Too Many Requests"),
  unavailable: () => hubErrorReply(503, "Service Unavailable", "HTTP 503 Service Unavailable"),
  serverError: () => hubErrorReply(500, "server_error", "HTTP 500 Internal Server Error"),
};

/** A handler's error to throw (`throw hubError.notFound()`): EmulatorServer sends the reply. */
export const hubError = throwable(hubErrors);

/** What the store refuses, in its own terms (it knows no HTTP): a login another user has, a user not there. */
export class StoreError extends Error {
  override name = "StoreError";
  constructor(
    readonly kind: "duplicate-login" | "not-found",
    message: string,
  ) {
    super(message);
  }
}

/** The store's one factory of errors. */
export const storeErrors = {
  duplicateLogin: (login: string) => new StoreError("duplicate-login", `Login "${login}" is already in use`),
  notFound: (id: string) => new StoreError("not-found", `No user with the id ${id}`),
};

/** A store refusal as Hub answers it: a taken login is a 400 with the reason, a missing user Hub's 404. */
export function storeErrorReply(error: StoreError): Reply {
  return error.kind === "not-found" ? hubErrors.notFound() : hubErrors.badRequest(error.message);
}
