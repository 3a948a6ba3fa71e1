// The reference sync's own HTTP to the tenants (undici), independent of the harness's clients: a request rate of
// its own (PowerOffice allows 10 requests/s per subscription key), every attempt counted, and its own retries:
// 429 waits as `Retry-After` says (else a second, as PowerOffice's docs advise), 5xx and dropped connections are
// repeated for calls that are safe to repeat; a call that is not (a create) reports a lost answer instead, so the
// caller can look the record up before repeating it.
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, request } from "undici";
import type { TenantRequestCounter } from "./counter.ts";

export type Method = "GET" | "POST" | "PATCH" | "DELETE";

export interface HttpCall {
  method: Method;
  /** Appended to the base URL. */
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** A JSON body, or a form (`application/x-www-form-urlencoded`). */
  json?: unknown;
  form?: Record<string, string>;
  /** Overrides the JSON media type (PowerOffice PATCH: `application/json-patch+json`). */
  contentType?: string;
  /** Repeating it leaves the same state (reads, JSON Patch `replace`, Hub's partial update, the token). */
  idempotent: boolean;
  /** Leave out the auth headers (the token request itself). */
  anonymous?: boolean;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** A tenant answered with an error (after the retries the status allows). */
export class TenantHttpError extends Error {
  override name = "TenantHttpError";
  constructor(
    readonly service: string,
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${service} ${what} answered ${status}: ${summary(body)}`);
  }
}

/** A call that is not safe to repeat lost its answer (5xx, dropped connection): it may or may not have happened. */
export class LostAnswerError extends Error {
  override name = "LostAnswerError";
  constructor(
    readonly service: string,
    what: string,
    cause: unknown,
  ) {
    super(`${service} ${what}: the answer was lost (${cause instanceof Error ? cause.message : String(cause)})`, {
      cause,
    });
  }
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest Retry-After honoured; a longer one fails the call. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 100,
  maxDelayMs: 2_000,
  maxRetryAfterMs: 60_000,
};

export interface HttpOptions {
  service: string;
  baseUrl: string;
  counter: TenantRequestCounter;
  /** Requests per second (sliding one-second window); false: none. */
  perSecond: number | false;
  retry?: RetryPolicy;
  /** The auth headers of a call; called per attempt, so a renewed token is used. */
  auth?(signal: AbortSignal): Promise<Record<string, string>>;
  /** A 401: the token is dropped and the call tried once more. */
  unauthorized?(): void;
}

export class TenantHttp {
  readonly #agent = new Agent({ keepAliveTimeout: 4_000, headersTimeout: 30_000, bodyTimeout: 30_000 });
  readonly #limit: RateLimit | null;
  readonly #retry: RetryPolicy;

  constructor(private readonly options: HttpOptions) {
    this.#limit = options.perSecond === false ? null : new RateLimit(options.perSecond);
    this.#retry = options.retry ?? DEFAULT_RETRY;
  }

  async call(call: HttpCall, signal: AbortSignal): Promise<HttpAnswer> {
    const { service } = this.options;
    const what = `${call.method} ${call.path}`;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      signal.throwIfAborted();
      await this.#limit?.take(signal);
      let answer: HttpAnswer & { retryAfterMs: number | null };
      try {
        answer = await this.#send(call, signal);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (!call.idempotent) throw new LostAnswerError(service, what, error);
        if (attempt >= this.#retry.maxAttempts) throw error;
        await sleep(this.#backoff(attempt), undefined, { signal });
        continue;
      }
      const { status } = answer;
      if (status === 429) this.options.counter.throttled(service);
      if (status === 429 && attempt < this.#retry.maxAttempts) {
        // Throttled: not processed, so any call may be repeated.
        const wait = answer.retryAfterMs ?? 1_000;
        if (wait > this.#retry.maxRetryAfterMs) throw new TenantHttpError(service, status, answer.body, what);
        await sleep(wait, undefined, { signal });
        continue;
      }
      if (status === 401 && !renewed && this.options.unauthorized && !call.anonymous) {
        renewed = true;
        this.options.unauthorized();
        continue;
      }
      if (status >= 500) {
        if (!call.idempotent) throw new LostAnswerError(service, what, new Error(`status ${status}`));
        if (attempt < this.#retry.maxAttempts) {
          await sleep(this.#backoff(attempt), undefined, { signal });
          continue;
        }
      }
      if (status >= 400) throw new TenantHttpError(service, status, answer.body, what);
      return { status, body: answer.body };
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #send(call: HttpCall, signal: AbortSignal): Promise<HttpAnswer & { retryAfterMs: number | null }> {
    const url = new URL(this.options.baseUrl.replace(/\/+$/, "") + call.path);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: "application/json", ...(call.headers ?? {}) };
    if (!call.anonymous && this.options.auth) Object.assign(headers, await this.options.auth(signal));
    let body: string | undefined;
    if (call.form) {
      body = new URLSearchParams(call.form).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    } else if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      headers["content-type"] = call.contentType ?? "application/json";
    }
    this.options.counter.record({ service: this.options.service, method: call.method, url: url.toString() });
    const response = await request(url, { method: call.method, headers, body, signal, dispatcher: this.#agent });
    const text = await response.body.text();
    const type = String(response.headers["content-type"] ?? "");
    return {
      status: response.statusCode,
      body: text === "" ? null : type.includes("json") ? parseJson(text) : text,
      retryAfterMs: retryAfter(response.headers["retry-after"]),
    };
  }

  #backoff(attempt: number): number {
    const exponential = this.#retry.baseDelayMs * 2 ** (attempt - 1);
    return Math.min(this.#retry.maxDelayMs, exponential) * (0.5 + Math.random() / 2);
  }
}

/** A sliding one-second window: at most `perSecond` requests start in any second. */
class RateLimit {
  readonly #starts: number[] = [];
  #tail: Promise<void> = Promise.resolve();

  constructor(private readonly perSecond: number) {}

  take(signal: AbortSignal): Promise<void> {
    const turn = this.#tail.then(() => this.#wait(signal));
    this.#tail = turn.catch(() => undefined);
    return turn;
  }

  async #wait(signal: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      while (this.#starts.length > 0 && (this.#starts[0] as number) <= now - 1_000) this.#starts.shift();
      if (this.#starts.length < this.perSecond) {
        this.#starts.push(now);
        return;
      }
      await sleep((this.#starts[0] as number) + 1_000 - now + 1, undefined, { signal });
    }
  }
}

/** `Retry-After` as seconds or an HTTP date; null when absent or unreadable. */
function retryAfter(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === "") return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1_000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function summary(body: unknown): string {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return (text ?? "").slice(0, 300);
}

/** Asks `find` until it finds something or `windowMs` has passed (at least once). */
export async function poll<T>(find: () => Promise<T | null>, windowMs: number, signal: AbortSignal): Promise<T | null> {
  const deadline = Date.now() + windowMs;
  for (let wait = 50; ; wait = Math.min(wait * 2, 500)) {
    const found = await find();
    if (found !== null || Date.now() >= deadline) return found;
    await sleep(Math.min(wait, Math.max(1, deadline - Date.now())), undefined, { signal });
  }
}
