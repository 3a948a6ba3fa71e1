// Builds the generic call layer against a test server, with backoff small enough for tests.
import { expect } from "@playwright/test";
import { ApiClient, type Auth } from "../../../support/clients/http/api-client.ts";
import { ApiError } from "../../../support/clients/http/errors.ts";
import { Redactor } from "../../../support/clients/http/redact.ts";
import type { RequestLogEntry } from "../../../support/clients/http/request-log.ts";
import { retryPolicy, type RetryOptions } from "../../../support/clients/http/retry.ts";
import { Transport } from "../../../support/clients/http/transport.ts";

export const TEST_SECRET = "s3cr3t-token-value-0123456789";

export const FAST_RETRY: RetryOptions = { baseDelayMs: 1, maxDelayMs: 5, rateLimitDelayMs: 5 };

export interface TestApi {
  api: ApiClient;
  log: RequestLogEntry[];
  redactor: Redactor;
}

export function makeApi(
  baseUrl: string,
  options: { retry?: RetryOptions; timeoutMs?: number; auth?: Auth; secrets?: string[] } = {},
): TestApi {
  const log: RequestLogEntry[] = [];
  const redactor = new Redactor([TEST_SECRET, ...(options.secrets ?? [])]);
  const transport = new Transport({
    service: "sesam",
    baseUrl,
    redactor,
    onRequest: (entry) => log.push(entry),
    timeoutMs: options.timeoutMs,
  });
  const auth = options.auth ?? { headers: async () => ({ authorization: `Bearer ${TEST_SECRET}` }) };
  return { api: new ApiClient(transport, retryPolicy({ ...FAST_RETRY, ...options.retry }), auth), log, redactor };
}

/** The ApiError a call failed with (the test fails if it did not fail, or failed otherwise). */
export async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}
