// One HTTP attempt on undici: keep-alive pool, base URL with path, connect and total timeouts, JSON and form
// bodies, the request log, and every failure turned into an ApiError with a stable code. Retrying is not
// done here (retry.ts decides), nor is parsing (response.ts).
import { Agent, request } from "undici";
import { ApiError, type ApiErrorCode } from "./errors.ts";
import type { Redactor } from "./redact.ts";
import { truncateForLog, type RequestLogHook, type Service } from "./request-log.ts";
import type { ReleaseSlot, Throttle } from "./throttle.ts";
import { joinUrl, type Query } from "./url.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type RequestBody =
  { kind: "json"; value: unknown; contentType?: string } | { kind: "form"; value: Readonly<Record<string, string>> };

export interface HttpRequest {
  method: HttpMethod;
  path: string;
  query?: Query;
  headers?: Readonly<Record<string, string>>;
  body?: RequestBody;
  signal?: AbortSignal;
}

export interface HttpResponse {
  method: HttpMethod;
  /** Redacted. */
  url: string;
  status: number;
  /** Redacted, names lower-case. */
  headers: Record<string, string>;
  /** The raw body, unredacted: parsing needs it as sent. Errors and the log only ever get the redacted form. */
  text: string;
}

export interface TransportOptions {
  service: Service;
  baseUrl: string;
  redactor: Redactor;
  onRequest?: RequestLogHook;
  /** Total time for one attempt: connect, send, headers and body (30 s). */
  timeoutMs?: number;
  /** Time to establish the connection (10 s). */
  connectTimeoutMs?: number;
  throttle?: Throttle;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const ERROR_BODY_EXCERPT = 500;

// Errors raised before a single byte reached the server: repeating such a request can never duplicate anything.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);
const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
]);

export class Transport {
  readonly service: Service;
  readonly redactor: Redactor;
  readonly #baseUrl: string;
  readonly #agent: Agent;
  readonly #timeoutMs: number;
  readonly #onRequest?: RequestLogHook;
  readonly #throttle?: Throttle;

  constructor(options: TransportOptions) {
    this.service = options.service;
    this.redactor = options.redactor;
    this.#baseUrl = options.baseUrl;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#onRequest = options.onRequest;
    this.#throttle = options.throttle;
    this.#agent = new Agent({
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 60_000,
      connect: { timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
      // Backstops only: the total timeout below is what normally fires.
      headersTimeout: this.#timeoutMs + 1_000,
      bodyTimeout: this.#timeoutMs + 1_000,
    });
  }

  url(path: string, query?: Query): string {
    return joinUrl(this.#baseUrl, path, query);
  }

  /**
   * Sends one request. Resolves with any HTTP answer (4xx and 5xx included); rejects with an ApiError coded
   * `timeout`, `network` or `aborted` when no answer came back.
   */
  async send(req: HttpRequest, attempt: number): Promise<HttpResponse> {
    const url = this.url(req.path, req.query);
    const redactedUrl = this.redactor.text(url);
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": "talk-qa",
      ...lowerCaseKeys(req.headers ?? {}),
    };
    const body = encodeBody(req.body, headers);
    let releaseSlot: ReleaseSlot | undefined;
    if (this.#throttle) {
      try {
        releaseSlot = await this.#throttle.acquire(req.signal);
      } catch (cause) {
        throw this.#failure(req.method, redactedUrl, cause, { aborted: true, timedOut: false });
      }
    }
    const startedAt = new Date();
    const started = performance.now();
    const log = (fields: {
      status?: number;
      responseHeaders?: Record<string, string>;
      responseBody?: string;
      error?: string;
    }) =>
      this.#log({
        service: this.service,
        method: req.method,
        url: redactedUrl,
        durationMs: Math.round(performance.now() - started),
        attempt,
        startedAt: startedAt.toISOString(),
        requestHeaders: this.redactor.headers(headers),
        requestBody: body === undefined ? undefined : truncateForLog(this.redactor.text(body)),
        ...fields,
      });

    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.#timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
    try {
      const res = await request(url, { dispatcher: this.#agent, method: req.method, headers, body, signal });
      const text = await res.body.text();
      const responseHeaders = this.redactor.headers(flattenHeaders(res.headers));
      if (res.statusCode === 429 && this.#throttle) {
        const wait = retryAfterMs(responseHeaders["retry-after"]);
        if (wait !== undefined) this.#throttle.pause(wait);
      }
      log({ status: res.statusCode, responseHeaders, responseBody: truncateForLog(this.redactor.text(text)) });
      return {
        method: req.method,
        url: redactedUrl,
        status: res.statusCode,
        headers: responseHeaders,
        text,
      };
    } catch (cause) {
      const error = this.#failure(req.method, redactedUrl, cause, {
        aborted: req.signal?.aborted === true,
        timedOut: timeout.signal.aborted,
      });
      log({ error: `${error.code}: ${error.message}` });
      throw error;
    } finally {
      clearTimeout(timer);
      releaseSlot?.();
    }
  }

  /** The error for an HTTP answer that is not a success. */
  httpError(res: HttpResponse): ApiError {
    const body = this.redactor.text(res.text);
    const excerpt = body.length > ERROR_BODY_EXCERPT ? `${body.slice(0, ERROR_BODY_EXCERPT)}...` : body;
    return new ApiError({
      code: `http_${res.status}`,
      message: `${res.method} ${res.url} answered ${res.status}${excerpt ? `: ${excerpt}` : ""}`,
      method: res.method,
      url: res.url,
      status: res.status,
      headers: res.headers,
      body,
      retryable: res.status === 429 || res.status === 408 || res.status >= 500,
    });
  }

  /** The error for a 2xx answer whose body is not what the API documents. */
  invalidResponse(res: HttpResponse, problem: string, issues?: unknown[]): ApiError {
    return new ApiError({
      code: "invalid_response",
      message: `${res.method} ${res.url} answered ${res.status} with an unexpected body: ${this.redactor.text(problem)}`,
      method: res.method,
      url: res.url,
      status: res.status,
      headers: res.headers,
      body: this.redactor.text(res.text),
      retryable: false,
      issues,
    });
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  #failure(method: string, url: string, cause: unknown, state: { aborted: boolean; timedOut: boolean }): ApiError {
    const causeCode = errorCode(cause);
    const causeMessage = this.redactor.text(describe(cause));
    let code: ApiErrorCode;
    if (state.aborted) code = "aborted";
    else if (state.timedOut || (causeCode !== undefined && TIMEOUT_CODES.has(causeCode))) code = "timeout";
    else code = "network";
    const notSent = causeCode !== undefined && NOT_SENT_CODES.has(causeCode);
    const what =
      code === "aborted"
        ? "was aborted by the caller"
        : code === "timeout" && state.timedOut
          ? `timed out after ${this.#timeoutMs} ms`
          : `failed: ${causeMessage}`;
    return new ApiError({
      code,
      message: `${method} ${url} ${what}`,
      method,
      url,
      retryable: code !== "aborted",
      notSent,
      cause,
    });
  }

  #log(entry: Parameters<RequestLogHook>[0]): void {
    if (!this.#onRequest) return;
    try {
      this.#onRequest(entry);
    } catch {
      // A broken report hook must not turn a successful call into a failure.
    }
  }
}

/** Retry-After in seconds or as an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function encodeBody(body: RequestBody | undefined, headers: Record<string, string>): string | undefined {
  if (!body) return undefined;
  if (body.kind === "form") {
    headers["content-type"] = "application/x-www-form-urlencoded";
    return new URLSearchParams(body.value).toString();
  }
  headers["content-type"] = body.contentType ?? "application/json";
  return JSON.stringify(body.value);
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

// The code that tells why a connection failed may sit on the error, its cause, or (happy eyeballs) one of
// an AggregateError's errors.
function errorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR" && code !== "UND_ERR_SOCKET") return code;
    queue.push((current as { cause?: unknown }).cause);
    const nested = (current as { errors?: unknown }).errors;
    if (Array.isArray(nested)) queue.push(...nested);
  }
  return (error as { code?: unknown } | undefined)?.code as string | undefined;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = errorCode(error);
  const inner =
    error.cause instanceof Error && error.cause.message !== error.message ? ` (${error.cause.message})` : "";
  return `${code ? `${code} ` : ""}${error.message}${inner}`;
}
