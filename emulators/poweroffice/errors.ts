import { randomBytes } from "node:crypto";
import { json } from "../http/reply.ts";
import { throwable } from "../http/reply-error.ts";
import type { Reply } from "../http/types.ts";
import type { Errors } from "./model.ts";

const PROBLEM_TYPE = "application/problem+json; charset=utf-8";

const TITLES: Record<number, [string, string]> = {
  400: ["Bad Request", "https://tools.ietf.org/html/rfc9110#section-15.5.1"],
  404: ["Not Found", "https://tools.ietf.org/html/rfc9110#section-15.5.5"],
  409: ["Conflict", "https://tools.ietf.org/html/rfc9110#section-15.5.10"],
  413: ["Payload Too Large", "https://tools.ietf.org/html/rfc9110#section-15.5.14"],
  415: ["Unsupported Media Type", "https://tools.ietf.org/html/rfc9110#section-15.5.16"],
  500: ["An error occurred while processing your request.", "https://tools.ietf.org/html/rfc9110#section-15.6.1"],
  503: ["Service Unavailable", "https://tools.ietf.org/html/rfc9110#section-15.6.4"],
};

/** An ASP.NET Core trace id (W3C traceparent form), as ProblemDetails carry it. */
export function traceId(): string {
  return `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-00`;
}

/** ProblemDetails, the body of every 4xx/5xx the PowerOffice backend itself answers. */
export function problem(status: number, detail: string): Reply {
  const [title, type] = TITLES[status] ?? ["Error", "about:blank"];
  return json(status, { type, title, status, detail, traceId: traceId() }, { "Content-Type": PROBLEM_TYPE });
}

/** ASP.NET's ValidationProblemDetails: `errors` maps a property (or JSON path) to its messages. */
export function validationProblem(errors: Record<string, string[]>, detail?: string): Reply {
  const [, type] = TITLES[400] as [string, string];
  return json(
    400,
    {
      type,
      title: "One or more validation errors occurred.",
      status: 400,
      ...(detail ? { detail } : {}),
      errors,
      traceId: traceId(),
    },
    { "Content-Type": PROBLEM_TYPE },
  );
}

/** A v2 handler's error to throw (a bad id, body or query): EmulatorServer sends the ProblemDetails. */
export const v2Error = throwable({ problem, validationProblem });

/**
 * What the store refuses, in its own terms (it knows no HTTP; both hosts read it, only v2 writes): a record that
 * breaks the model's rules, one that is not there, one that other records still hang on.
 */
export class StoreError extends Error {
  override name = "StoreError";
  constructor(
    readonly kind: "invalid" | "not-found" | "in-use",
    message: string,
    /** `invalid`: the property (or JSON path) -> its messages, as ValidationProblemDetails list them. */
    readonly errors: Errors = {},
  ) {
    super(message);
  }
}

/** The store's one factory of errors. */
export const storeErrors = {
  invalid: (errors: Errors) => new StoreError("invalid", Object.values(errors).flat().join(" "), errors),
  notFound: (message: string) => new StoreError("not-found", message),
  inUse: (message: string) => new StoreError("in-use", message),
};

/** A store refusal as v2 answers it: 400 ValidationProblemDetails, 404 or 409 ProblemDetails. */
export function storeErrorReply(error: StoreError): Reply {
  switch (error.kind) {
    case "invalid":
      return validationProblem(error.errors);
    case "not-found":
      return problem(404, error.message);
    case "in-use":
      return problem(409, error.message);
  }
}

/** Azure API Management's own bodies (subscription key checks, rate limits, unknown operations). */
export function apim(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return json(status, { statusCode: status, message }, headers);
}

export const apimErrors = {
  missingKey: () =>
    apim(
      401,
      "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.",
    ),
  invalidKey: () =>
    apim(
      401,
      "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.",
    ),
  rateLimited: (seconds: number) =>
    apim(429, `Rate limit is exceeded. Try again in ${seconds} seconds.`, { "Retry-After": String(seconds) }),
  notFound: () => apim(404, "Resource not found"),
};

/** RFC 6749 §5.2 token endpoint errors; PowerOffice documents 400 for all of them. */
export function oauthError(error: string, description: string): Reply {
  return json(400, { error, error_description: description }, { "Cache-Control": "no-store", Pragma: "no-cache" });
}

/** The JWT bearer handler's 401: an empty body and the reason in `WWW-Authenticate`. */
export function bearerChallenge(error?: { code: string; description?: string }): Reply {
  const parts = ["Bearer"];
  if (error) {
    parts.push(`error="${error.code}"${error.description ? `, error_description="${error.description}"` : ""}`);
  }
  return { status: 401, headers: { "WWW-Authenticate": parts.join(" ") } };
}

/**
 * v1 is its own host, classic ASP.NET Web API with no API Management in front: its errors are the framework's
 * `{"Message": …}` bodies. Only the 401 text is seen in public code; the others follow the framework's defaults
 * (unconfirmed for PowerOffice). The documented limit answer is a bare 429 (limitations.md: "wait at least one
 * second and then retry"): no Retry-After is promised, so none is sent.
 */
export const v1Errors = {
  unauthorized: () =>
    json(401, { Message: "Authorization has been denied for this request." }, { "WWW-Authenticate": "Bearer" }),
  rateLimited: (retryAfterSeconds?: number) =>
    json(
      429,
      { Message: "Too many requests: the limit is 50 requests per second per integration key." },
      retryAfterSeconds === undefined ? {} : { "Retry-After": String(retryAfterSeconds) },
    ),
  notFound: (path: string) =>
    json(404, { Message: `No HTTP resource was found that matches the request URI '${path}'.` }),
  methodNotAllowed: (method: string, allowed: string[]) =>
    json(
      405,
      { Message: `The requested resource does not support http method '${method}'.` },
      { Allow: allowed.join(", ") },
    ),
  message: (status: number, message: string) => json(status, { Message: message }),
};
