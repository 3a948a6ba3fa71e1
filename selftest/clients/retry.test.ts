// The retry policy: what is repeated, how long it waits, Retry-After, and creates whose answer was lost.
import { expect, test } from "@playwright/test";
import { z } from "zod";
import { ApiError } from "../../support/clients/http/errors.ts";
import { jsonResponse } from "../../support/clients/http/response.ts";
import { retryPolicy, withRetry } from "../../support/clients/http/retry.ts";
import { failure, makeApi, TEST_SECRET } from "./helpers/api.ts";
import { json, startScriptedServer } from "./helpers/scripted-server.ts";

const Thing = z.looseObject({ id: z.number() });
const thing = jsonResponse(Thing);

function http503(): ApiError {
  return new ApiError({
    code: "http_503",
    message: "GET /x answered 503",
    method: "GET",
    url: "/x",
    status: 503,
    retryable: true,
  });
}

test("backoff is exponential with full jitter, capped, and exhaustion lists every attempt", async () => {
  let runs = 0;
  const error = await failure(
    withRetry({
      policy: retryPolicy({ maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 25 }, () => 1),
      safety: "read",
      run: async () => {
        runs++;
        throw http503();
      },
    }),
  );
  expect(runs).toBe(4);
  expect(error.code).toBe("retries_exhausted");
  expect(error.retryable).toBe(true);
  expect(error.status).toBe(503);
  expect(error.attempts.map((a) => [a.attempt, a.code, a.delayMs])).toEqual([
    [1, "http_503", 10],
    [2, "http_503", 20],
    [3, "http_503", 25],
    [4, "http_503", undefined],
  ]);
  expect(error.message).toContain("gave up after 4 attempts (http_503, http_503, http_503, http_503)");
  // Jitter: with random() = 0 nothing waits at all.
  const noWait = await failure(
    withRetry({
      policy: retryPolicy({ maxAttempts: 3, baseDelayMs: 1_000 }, () => 0),
      safety: "read",
      run: async () => {
        throw http503();
      },
    }),
  );
  expect(noWait.attempts.map((a) => a.delayMs)).toEqual([0, 0, undefined]);
});

test("503 then 200: a read succeeds on the second attempt", async () => {
  const server = await startScriptedServer((req, res, n) =>
    n === 1 ? json(res, 503, { title: "busy" }) : json(res, 200, { id: 1 }),
  );
  const { api, log } = makeApi(server.url);
  try {
    expect(await api.call({ method: "GET", path: "/x", safety: "read", response: thing })).toEqual({ id: 1 });
    expect(log.map((e) => [e.attempt, e.status])).toEqual([
      [1, 503],
      [2, 200],
    ]);
  } finally {
    await api.close();
    await server.close();
  }
});

test("429 with Retry-After in seconds is honoured", async () => {
  const server = await startScriptedServer((req, res, n) =>
    n === 1 ? json(res, 429, { title: "Too Many Requests" }, { "retry-after": "1" }) : json(res, 200, { id: 1 }),
  );
  const { api, log } = makeApi(server.url);
  try {
    await api.call({ method: "GET", path: "/x", safety: "read", response: thing });
    const waited = Date.parse(log[1]?.startedAt ?? "") - Date.parse(log[0]?.startedAt ?? "");
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(2_000);
  } finally {
    await api.close();
    await server.close();
  }
});

test("429 with Retry-After as an HTTP date is honoured", async () => {
  const server = await startScriptedServer((req, res, n) =>
    n === 1
      ? json(res, 429, { title: "Too Many Requests" }, { "retry-after": new Date(Date.now() + 2_000).toUTCString() })
      : json(res, 200, { id: 1 }),
  );
  const { api, log } = makeApi(server.url);
  try {
    await api.call({ method: "GET", path: "/x", safety: "read", response: thing });
    // HTTP dates have whole seconds: the wait is between 1 and 2 seconds.
    const waited = Date.parse(log[1]?.startedAt ?? "") - Date.parse(log[0]?.startedAt ?? "");
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(2_500);
  } finally {
    await api.close();
    await server.close();
  }
});

test("a Retry-After beyond the cap gives up at once with a clear error", async () => {
  const server = await startScriptedServer((req, res) =>
    json(res, 429, { title: "Too Many Requests" }, { "retry-after": "3600" }),
  );
  const { api } = makeApi(server.url, { retry: { maxRetryAfterMs: 5_000 } });
  try {
    const started = Date.now();
    const error = await failure(api.call({ method: "GET", path: "/x", safety: "read", response: thing }));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error.code).toBe("http_429");
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("Retry-After asks for 3600 s, more than the 5 s this client waits");
    expect(server.received).toHaveLength(1);
  } finally {
    await api.close();
    await server.close();
  }
});

test("500 is retried for reads only; 503 is not retried for unsafe calls, 429 is", async () => {
  let throttled = false;
  const server = await startScriptedServer((req, res, n) => {
    if (req.url === "/read") return n === 1 ? json(res, 500, {}) : json(res, 200, { id: 1 });
    if (req.url === "/patch") return json(res, 500, { title: "boom" });
    if (req.url === "/start-503") return json(res, 503, { title: "busy" });
    if (throttled) return json(res, 200, { id: 9 });
    throttled = true;
    return json(res, 429, {}, { "retry-after": "0" });
  });
  const { api } = makeApi(server.url);
  try {
    expect(await api.call({ method: "GET", path: "/read", safety: "read", response: thing })).toEqual({ id: 1 });
    const patch = await failure(
      api.call({
        method: "PATCH",
        path: "/patch",
        body: { kind: "json", value: [] },
        safety: "idempotent",
        response: thing,
      }),
    );
    expect(patch.code).toBe("http_500");
    const start = await failure(api.call({ method: "POST", path: "/start-503", safety: "unsafe", response: thing }));
    expect(start.code).toBe("http_503");
    expect(start.message).toContain("not repeated");
    expect(await api.call({ method: "POST", path: "/start-429", safety: "unsafe", response: thing })).toEqual({
      id: 9,
    });
    expect(server.received.map((r) => r.url)).toEqual([
      "/read",
      "/read",
      "/patch",
      "/start-503",
      "/start-429",
      "/start-429",
    ]);
  } finally {
    await api.close();
    await server.close();
  }
});

test("aborting while waiting to retry ends the call as aborted, with the attempts so far", async () => {
  const server = await startScriptedServer((req, res) => json(res, 503, {}, { "retry-after": "10" }));
  const { api } = makeApi(server.url);
  try {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(
      api.call({ method: "GET", path: "/x", safety: "read", response: thing, signal: controller.signal }),
    );
    expect(error.code).toBe("aborted");
    expect(error.attempts).toEqual([
      expect.objectContaining({ code: "http_503", delayMs: 10_000, note: "Retry-After: 10" }),
    ]);
  } finally {
    await api.close();
    await server.close();
  }
});

test("a 401 refreshes the credentials once and replays the call once", async () => {
  const server = await startScriptedServer((req, res) =>
    req.headers.authorization === "Bearer fresh-token-1234" && req.url === "/ok"
      ? json(res, 200, { id: 1 })
      : json(res, 401, { error: "invalid_token" }),
  );
  let token = "stale-token-1234";
  let refreshes = 0;
  const auth = {
    headers: async () => ({ authorization: `Bearer ${token}` }),
    refresh: async () => {
      refreshes++;
      token = "fresh-token-1234";
      return true;
    },
  };
  const { api, log } = makeApi(server.url, { auth });
  try {
    expect(await api.call({ method: "GET", path: "/ok", safety: "read", response: thing })).toEqual({ id: 1 });
    expect(refreshes).toBe(1);
    expect(log.map((e) => [e.attempt, e.status])).toEqual([
      [1, 401],
      [2, 200],
    ]);
    // Still 401 after the refresh: an error, not a loop.
    const error = await failure(api.call({ method: "GET", path: "/never", safety: "read", response: thing }));
    expect(error.code).toBe("http_401");
    expect(refreshes).toBe(2);
    expect(server.received.filter((r) => r.url === "/never")).toHaveLength(2);
    expect(JSON.stringify(log)).not.toContain(TEST_SECRET);
  } finally {
    await api.close();
    await server.close();
  }
});
