import { json } from "../http/reply.ts";
import type { Reply } from "../http/types.ts";

// Hub's error body is `{error, error_description}` (validation errors may add `error_children`). The strings below
// follow what YouTrack/Hub answer; the `error` code strings are inconsistent in the real service, so clients
// should branch on the status.
export function hubError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description });
}

export const hubErrors = {
  notLoggedIn: () => hubError(401, "Unauthorized", "You are not logged in."),
  invalidToken: () => hubError(401, "Unauthorized", "Invalid token"),
  notFound: () => hubError(404, "Not Found", "HTTP 404 Not Found"),
  methodNotAllowed: () => hubError(405, "Method Not Allowed", "HTTP 405 Method Not Allowed"),
  unsupportedMediaType: () => hubError(415, "Unsupported Media Type", "HTTP 415 Unsupported Media Type"),
  badRequest: (description: string) => hubError(400, "bad_request", description),
  invalidFields: () => hubError(400, "bad_request", "Query string has invalid syntax"),
  invalidQuery: () => hubError(400, "invalid_query", "Can't parse search query, please check and update query syntax"),
  tooManyRequests: () => hubError(429, "Too Many Requests", "HTTP 429 Too Many Requests"),
  unavailable: () => hubError(503, "Service Unavailable", "HTTP 503 Service Unavailable"),
  serverError: () => hubError(500, "server_error", "HTTP 500 Internal Server Error"),
};
