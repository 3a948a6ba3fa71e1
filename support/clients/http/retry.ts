// The retry policy: what may be repeated, and how long to wait. Repeating is safe when the server never
// handled the request (429, connection refused) or when handling it twice is harmless (reads, replacing a
// value, deleting). A create whose outcome is unknown (5xx, reset or timeout after sending) is repeated only
// after a lookup by its unique key found nothing; without such a key it is not repeated at all.
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { ApiError, type AttemptRecord } from "./errors.ts";
import { retryAfterMs } from "./transport.ts";

/**
 * For work that must outlast an unreliable tenant (the harness's seeding and reading): with a tenant failing a third
 * of its requests (the trust run's chaos), ten attempts make a call fail about 3 times in 100,000; six (about 2 in
 * 1,000) failed a run of a few thousand calls one time in three. A healthy tenant never gets past the first.
 */
export const TENANT_RETRY = { maxAttempts: 10 } as const;

export const RetryOptionsSchema = z.strictObject({
  /** Attempts in all, the first included (4). */
  maxAttempts: z.number().int().min(1).max(20).optional(),
  /** Backoff base: attempt n waits up to base * 2^(n-1), full jitter (250 ms). */
  baseDelayMs: z.number().min(0).optional(),
  /** Backoff cap (5 s). */
  maxDelayMs: z.number().min(0).optional(),
  /** Longest Retry-After honoured; a longer one gives up at once rather than hang (30 s). */
  maxRetryAfterMs: z.number().min(0).optional(),
  /** Wait after a 429 without Retry-After; PowerOffice documents "wait at least a second" (1 s). */
  rateLimitDelayMs: z.number().min(0).optional(),
});
export type RetryOptions = z.infer<typeof RetryOptionsSchema>;

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  rateLimitDelayMs: number;
  random: () => number;
}

export function retryPolicy(options: RetryOptions = {}, random: () => number = Math.random): RetryPolicy {
  return {
    maxAttempts: options.maxAttempts ?? 4,
    baseDelayMs: options.baseDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 5_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
    rateLimitDelayMs: options.rateLimitDelayMs ?? 1_000,
    random,
  };
}

/**
 * How safe a request is to repeat.
 * - `read`: GET; every transient failure is retried, 500 included.
 * - `idempotent`: a repeat leaves the same state (JSON Patch `replace`, Hub's partial update, DELETE, token).
 * - `create`: makes a record; an unknown outcome is retried only after `recover` found nothing.
 * - `unsafe`: anything else (starting a pump); retried only when the server cannot have handled it.
 */
export type Safety = "read" | "idempotent" | "create" | "unsafe";

export interface AttemptContext {
  attempt: number;
  /** An earlier attempt may have been handled without us seeing the answer. */
  outcomeUnknown: boolean;
}

export interface RetryArgs<T> {
  policy: RetryPolicy;
  safety: Safety;
  signal?: AbortSignal;
  run: (context: AttemptContext) => Promise<T>;
  /** For creates: look the record up by its unique key; a found record ends the call as if created. */
  recover?: () => Promise<T | null>;
}

type Decision = { retry: true; outcomeUnknown: boolean } | { retry: false; reason?: string };

export async function withRetry<T>(args: RetryArgs<T>): Promise<T> {
  const { policy, safety, signal } = args;
  const attempts: AttemptRecord[] = [];
  let outcomeUnknown = false;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1 && outcomeUnknown && args.recover) {
      const last = attempts.at(-1) as AttemptRecord & { error: ApiError };
      let found: T | null;
      try {
        found = await args.recover();
      } catch (lookupError) {
        throw last.error.with({
          message: `${last.error.message}; the lookup before repeating the create failed: ${messageOf(lookupError)}`,
          attempts: strip(attempts),
          cause: lookupError,
        });
      }
      if (found !== null) return found;
    }
    const started = performance.now();
    try {
      return await args.run({ attempt, outcomeUnknown });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const record: AttemptRecord & { error: ApiError } = {
        attempt,
        code: error.code,
        status: error.status,
        durationMs: Math.round(performance.now() - started),
        error,
      };
      attempts.push(record);
      const decision = decide(error, safety, args.recover !== undefined);
      if (!decision.retry) {
        throw error.with({
          message: decision.reason ? `${error.message}; ${decision.reason}` : error.message,
          attempts: strip(attempts),
        });
      }
      if (attempt >= policy.maxAttempts) {
        throw new ApiError({
          code: "retries_exhausted",
          message: `${error.method} ${error.url}: gave up after ${attempt} attempts (${attempts.map((a) => a.code).join(", ")}); last: ${error.message}`,
          method: error.method,
          url: error.url,
          status: error.status,
          headers: error.headers,
          body: error.body,
          retryable: true,
          attempts: strip(attempts),
          cause: error,
        });
      }
      const delay = delayFor(error, attempt, policy);
      if (delay.tooLong) {
        throw error.with({
          message: `${error.message}; Retry-After asks for ${Math.ceil(delay.ms / 1000)} s, more than the ${Math.round(policy.maxRetryAfterMs / 1000)} s this client waits`,
          attempts: strip(attempts),
        });
      }
      record.delayMs = delay.ms;
      if (delay.note) record.note = delay.note;
      outcomeUnknown ||= decision.outcomeUnknown;
      try {
        await sleep(delay.ms, undefined, { signal });
      } catch (abort) {
        throw new ApiError({
          code: "aborted",
          message: `${error.method} ${error.url} was aborted by the caller while waiting to retry`,
          method: error.method,
          url: error.url,
          retryable: false,
          attempts: strip(attempts),
          cause: abort,
        });
      }
    }
  }
}

function decide(error: ApiError, safety: Safety, canRecover: boolean): Decision {
  // retries_exhausted comes from a nested call (the token request) that already did its own retrying.
  if (error.code === "aborted" || error.code === "invalid_response" || error.code === "retries_exhausted") {
    return { retry: false };
  }
  // Never reached the handler: always safe to send again.
  if (error.status === 429 || error.notSent) return { retry: true, outcomeUnknown: false };
  const transient =
    error.status === undefined // timeout or network after the request left
      ? error.code === "timeout" || error.code === "network"
      : [408, 502, 503, 504].includes(error.status) || (error.status === 500 && safety === "read");
  if (!transient) return { retry: false };
  switch (safety) {
    case "read":
    case "idempotent":
      return { retry: true, outcomeUnknown: true };
    case "create":
      return canRecover
        ? { retry: true, outcomeUnknown: true }
        : {
            retry: false,
            reason: "not repeated: the record may have been created and it has no unique key to look it up by",
          };
    case "unsafe":
      return {
        retry: false,
        reason: "not repeated: the server may have handled it and doing it twice is not harmless",
      };
  }
}

function delayFor(
  error: ApiError,
  attempt: number,
  policy: RetryPolicy,
): { ms: number; tooLong?: boolean; note?: string } {
  const header = error.headers?.["retry-after"];
  const asked = retryAfterMs(header);
  if (asked !== undefined && (error.status === 429 || error.status === 503)) {
    if (asked > policy.maxRetryAfterMs) return { ms: asked, tooLong: true };
    return { ms: asked, note: `Retry-After: ${header}` };
  }
  const backoff = policy.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  if (error.status === 429)
    return { ms: Math.round(policy.rateLimitDelayMs + backoff), note: "429 without Retry-After" };
  return { ms: Math.round(backoff) };
}

function strip(attempts: ReadonlyArray<AttemptRecord & { error?: ApiError }>): AttemptRecord[] {
  return attempts.map(({ error: _error, ...record }) => record);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
