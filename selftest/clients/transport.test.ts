// The transport and response boundary against scripted servers: URLs, bodies, timeouts, network failures,
// invalid and mismatching answers, the request log.
import { expect, test } from "@playwright/test";
import { z } from "zod";
import { ApiError } from "../../support/clients/http/errors.ts";
import { jsonResponse, noContent } from "../../support/clients/http/response.ts";
import { retryAfterMs } from "../../support/clients/http/transport.ts";
import { joinUrl, segment } from "../../support/clients/http/url.ts";
import { makeApi } from "./helpers/api.ts";
import { closedPort, drop, json, startScriptedServer } from "./helpers/scripted-server.ts";

const Thing = z.looseObject({ id: z.number(), name: z.string() });

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

test("joinUrl keeps the base URL's path and encodes the query", () => {
  expect(joinUrl("https://goapi.poweroffice.net/Demo", "/v2/Customers")).toBe(
    "https://goapi.poweroffice.net/Demo/v2/Customers",
  );
  expect(joinUrl("https://goapi.poweroffice.net/Demo/", "v2/Customers")).toBe(
    "https://goapi.poweroffice.net/Demo/v2/Customers",
  );
  expect(
    joinUrl("http://h/hub/api/rest", "/users", {
      $skip: 0,
      $top: 10,
      query: "email: a+b@c.no",
      missing: undefined,
      nothing: null,
      ids: [1, 2],
      since: new Date("2024-01-02T03:04:05.000Z"),
      flag: true,
    }),
  ).toBe(
    "http://h/hub/api/rest/users?$skip=0&$top=10&query=email%3A%20a%2Bb%40c.no&ids=1,2&since=2024-01-02T03%3A04%3A05.000Z&flag=true",
  );
  expect(segment("system:pump_execution:a b/c")).toBe("system:pump_execution:a%20b%2Fc");
});

test("Retry-After is read as seconds or as an HTTP date", () => {
  const now = Date.parse("2024-05-01T10:00:00Z");
  expect(retryAfterMs("3", now)).toBe(3000);
  expect(retryAfterMs("Wed, 01 May 2024 10:00:05 GMT", now)).toBe(5000);
  expect(retryAfterMs("Wed, 01 May 2024 09:00:00 GMT", now)).toBe(0);
  expect(retryAfterMs("soon", now)).toBeUndefined();
  expect(retryAfterMs(undefined, now)).toBeUndefined();
});

test("sends JSON and form bodies and parses JSON answers through the schema", async () => {
  const server = await startScriptedServer((req, res) => json(res, 200, { id: 1, name: "x", extra: true }));
  const { api, log } = makeApi(`${server.url}/base`);
  try {
    const thing = await api.call({
      method: "POST",
      path: "/things",
      query: { a: 1 },
      body: { kind: "json", value: { name: "x" } },
      safety: "idempotent",
      response: jsonResponse(Thing),
    });
    expect(thing).toEqual({ id: 1, name: "x", extra: true });
    await api.call({
      method: "POST",
      path: "/pump",
      body: { kind: "form", value: { operation: "start", note: "a b&c" } },
      safety: "unsafe",
      response: noContent,
    });
    const [jsonReq, formReq] = server.received;
    expect(jsonReq?.url).toBe("/base/things?a=1");
    expect(jsonReq?.headers["content-type"]).toBe("application/json");
    expect(jsonReq?.headers.accept).toBe("application/json");
    expect(JSON.parse(jsonReq?.body ?? "")).toEqual({ name: "x" });
    expect(formReq?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(formReq?.body).toBe("operation=start&note=a+b%26c");
    expect(log.map((e) => [e.method, e.status, e.attempt])).toEqual([
      ["POST", 200, 1],
      ["POST", 200, 1],
    ]);
    expect(log[0]?.requestBody).toBe('{"name":"x"}');
    expect(log[0]?.responseBody).toContain('"extra":true');
  } finally {
    await api.close();
    await server.close();
  }
});

test("an answer that is not JSON is invalid_response with the raw body, not retried", async () => {
  const server = await startScriptedServer((req, res) => json(res, 200, "<html>proxy error</html>"));
  const { api } = makeApi(server.url);
  try {
    const error = await failure(api.call({ method: "GET", path: "/x", safety: "read", response: jsonResponse(Thing) }));
    expect(error.code).toBe("invalid_response");
    expect(error.body).toBe("<html>proxy error</html>");
    expect(error.message).toContain("not JSON");
    expect(error.retryable).toBe(false);
    expect(server.received).toHaveLength(1);
  } finally {
    await api.close();
    await server.close();
  }
});

test("a schema mismatch is invalid_response carrying the zod issues and the raw body", async () => {
  const body = '{"id":"seven","name":null}';
  const server = await startScriptedServer((req, res) => json(res, 200, body));
  const { api } = makeApi(server.url);
  try {
    const error = await failure(api.call({ method: "GET", path: "/x", safety: "read", response: jsonResponse(Thing) }));
    expect(error.code).toBe("invalid_response");
    expect(error.body).toBe(body);
    expect(error.status).toBe(200);
    expect(error.issues?.length).toBe(2);
    expect(error.message).toMatch(/id: .*expected number/i);
    expect(error.toJSON()).toMatchObject({ code: "invalid_response", body });
  } finally {
    await api.close();
    await server.close();
  }
});

test("an empty answer is invalid unless the call says what empty means", async () => {
  const server = await startScriptedServer((req, res) => {
    res.writeHead(204);
    res.end();
  });
  const { api } = makeApi(server.url);
  try {
    const list = await api.call({
      method: "GET",
      path: "/list",
      safety: "read",
      response: jsonResponse(z.array(Thing), { empty: () => [] }),
    });
    expect(list).toEqual([]);
    const error = await failure(
      api.call({ method: "GET", path: "/one", safety: "read", response: jsonResponse(Thing) }),
    );
    expect(error.code).toBe("invalid_response");
    expect(error.message).toContain("empty");
  } finally {
    await api.close();
    await server.close();
  }
});

test("a 4xx is http_<status> with headers and body, not retried", async () => {
  const server = await startScriptedServer((req, res) =>
    json(res, 400, { error: "bad_request", error_description: "login is required" }, { "x-trace": "t1" }),
  );
  const { api } = makeApi(server.url);
  try {
    const error = await failure(api.call({ method: "GET", path: "/x", safety: "read", response: jsonResponse(Thing) }));
    expect(error.code).toBe("http_400");
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.headers?.["x-trace"]).toBe("t1");
    expect(error.body).toContain("login is required");
    expect(error.message).toContain("login is required");
    expect(error.attempts).toEqual([expect.objectContaining({ attempt: 1, code: "http_400", status: 400 })]);
    expect(server.received).toHaveLength(1);
  } finally {
    await api.close();
    await server.close();
  }
});

test("a slow answer times out with code timeout, and the attempts are listed", async () => {
  const server = await startScriptedServer((req, res) => {
    setTimeout(() => json(res, 200, { id: 1, name: "late" }), 1_000).unref();
  });
  const { api, log } = makeApi(server.url, { timeoutMs: 100, retry: { maxAttempts: 2 } });
  try {
    const error = await failure(
      api.call({ method: "GET", path: "/slow", safety: "read", response: jsonResponse(Thing) }),
    );
    expect(error.code).toBe("retries_exhausted");
    expect(error.attempts.map((a) => a.code)).toEqual(["timeout", "timeout"]);
    expect((error.cause as ApiError).message).toContain("timed out after 100 ms");
    expect(log.map((e) => e.error?.split(":")[0])).toEqual(["timeout", "timeout"]);
  } finally {
    await api.close();
    await server.close();
  }
});

test("connection refused is a network error known not to have been sent", async () => {
  const url = await closedPort();
  const { api, log } = makeApi(url, { retry: { maxAttempts: 2 } });
  try {
    // Even a call that is unsafe to repeat is repeated: the server never saw it.
    const error = await failure(
      api.call({
        method: "POST",
        path: "/pump",
        body: { kind: "form", value: { operation: "start" } },
        safety: "unsafe",
        response: noContent,
      }),
    );
    expect(error.code).toBe("retries_exhausted");
    expect(error.attempts.map((a) => a.code)).toEqual(["network", "network"]);
    const last = error.cause as ApiError;
    expect(last.notSent).toBe(true);
    expect(last.message).toContain("ECONNREFUSED");
    expect(log).toHaveLength(2);
  } finally {
    await api.close();
  }
});

test("the caller's AbortSignal ends a call with code aborted", async () => {
  const server = await startScriptedServer((req, res) => {
    setTimeout(() => json(res, 200, { id: 1, name: "late" }), 2_000).unref();
  });
  const { api } = makeApi(server.url);
  try {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(
      api.call({
        method: "GET",
        path: "/slow",
        safety: "read",
        response: jsonResponse(Thing),
        signal: controller.signal,
      }),
    );
    expect(error.code).toBe("aborted");
    expect(error.retryable).toBe(false);
    expect(server.received).toHaveLength(1);
  } finally {
    await api.close();
    await server.close();
  }
});

test("a dropped connection on a read is retried", async () => {
  const server = await startScriptedServer((req, res, n) =>
    n === 1 ? drop(res) : json(res, 200, { id: 2, name: "ok" }),
  );
  const { api, log } = makeApi(server.url);
  try {
    const thing = await api.call({ method: "GET", path: "/x", safety: "read", response: jsonResponse(Thing) });
    expect(thing.id).toBe(2);
    expect(log.map((e) => [e.attempt, e.status ?? e.error?.split(":")[0]])).toEqual([
      [1, "network"],
      [2, 200],
    ]);
  } finally {
    await api.close();
    await server.close();
  }
});
