// Fault injection on both emulators: each knob at rates 0 and 1, replayable seeds, admin routes never faulted.
import { expect, test } from "./fixtures.ts";
import { PowerOfficeEmulator } from "../../emulators/poweroffice/server.ts";
import { YouTrackEmulator } from "../../emulators/youtrack/server.ts";
import { call } from "./helpers.ts";

async function putConfig(url: string, config: unknown): Promise<number> {
  const answer = await call(`${url}/__admin/config`, {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(config),
  });
  return answer.status;
}

test("latency delays API answers but not admin calls", async ({ youtrack: yt, hub }) => {
  yt.setFaults({ latencyMs: 300 });
  let started = Date.now();
  expect((await hub.get("/hub/api/rest/users")).status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  started = Date.now();
  expect((await call(`${hub.url}/__admin/health`)).status).toBe(200);
  expect(Date.now() - started).toBeLessThan(250);
  expect(yt.faults.latencyMs).toBe(300);
});

test.describe(() => {
  test.use({ youtrackOptions: { faults: { rate429: 1, retryAfterSeconds: 7 } } });
  test("rate429 = 1 answers every API request 429 with the configured Retry-After and the service's body", async ({
    hub,
    poweroffice: po,
    go,
  }) => {
    const fromHub = await hub.get("/hub/api/rest/users");
    expect(fromHub.status).toBe(429);
    expect(fromHub.headers.get("retry-after")).toBe("7");
    expect(fromHub.body).toEqual({ error: "Too Many Requests", error_description: "HTTP 429 Too Many Requests" });
    expect((await call(`${hub.url}/__admin/health`)).status).toBe(200);

    po.setFaults({ rate429: 1, retryAfterSeconds: 2 });
    const fromGo = await go.requestToken();
    expect(fromGo.status).toBe(429);
    expect(fromGo.headers.get("retry-after")).toBe("2");
    expect(fromGo.body).toEqual({ statusCode: 429, message: "Rate limit is exceeded. Try again in 2 seconds." });
  });
});

test.describe(() => {
  test.use({ powerofficeOptions: { throttle: { enabled: false }, faults: { rate5xx: 1 } } });
  test("rate5xx = 1 answers 503 with the service's error body; rate 0 answers normally", async ({
    youtrack: yt,
    hub,
    go,
  }) => {
    expect(await putConfig(hub.url, { faults: { rate5xx: 1 } })).toBe(200);
    const fromHub = await hub.get("/hub/api/rest/users");
    expect(fromHub.status).toBe(503);
    expect(fromHub.body).toEqual({ error: "Service Unavailable", error_description: "HTTP 503 Service Unavailable" });
    yt.setFaults({ rate5xx: 0 });
    expect((await hub.get("/hub/api/rest/users")).status).toBe(200);

    const fromGo = await go.requestToken();
    expect(fromGo.status).toBe(503);
    expect(fromGo.body).toMatchObject({ status: 503, title: "Service Unavailable", traceId: expect.any(String) });
  });
});

test("dropRate = 1 destroys the connection before the request is handled: nothing changes", async ({
  youtrack: yt,
  hub,
}) => {
  yt.setFaults({ dropRate: 1 });
  await expect(hub.post("/hub/api/rest/users", { login: "never" })).rejects.toThrow();
  expect(yt.store.list()).toEqual([]);
  const stats = (await call(`${hub.url}/__admin/stats`)).body as { requests: number; faults: Record<string, number> };
  expect(stats.faults.drop).toBe(1);
});

test("lostResponseRate = 1: the store changes but the client sees a socket error", async ({
  youtrack: yt,
  hub,
  poweroffice: po,
  go,
}) => {
  yt.setFaults({ lostResponseRate: 1 });
  await expect(hub.post("/hub/api/rest/users", { login: "ghost" })).rejects.toThrow();
  expect(yt.store.list().map((u) => u.login)).toEqual(["ghost"]);
  yt.setFaults({ lostResponseRate: 0 });
  expect((await hub.post("/hub/api/rest/users", { login: "GHOST" })).status).toBe(400);

  await go.token();
  po.setFaults({ lostResponseRate: 1 });
  await expect(go.post("/v2/Customers", { Name: "Lost", EmailAddress: "l@l.no" })).rejects.toThrow();
  expect(po.store.customers().map((c) => c.data.Name)).toEqual(["Lost"]);
  const stats = (await call(`${go.url}/__admin/stats`)).body as { faults: Record<string, number> };
  expect(stats.faults.lostResponse).toBe(1);
});

test("a seed replays the same fault pattern", async () => {
  const pattern = async (): Promise<number[]> => {
    const yt = new YouTrackEmulator({ faults: { rate429: 0.5, seed: 42 } });
    const url = await yt.listen();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++) statuses.push((await call(`${url}/hub/api/rest/users`)).status);
      return statuses;
    } finally {
      await yt.close();
    }
  };
  const first = await pattern();
  expect(first).toContain(429);
  expect(first).toContain(401);
  expect(await pattern()).toEqual(first);
});

test.describe(() => {
  test.use({ youtrackOptions: { faults: { retryAfterSeconds: 3 } } });
  test("faults set at construction, by setFaults and by PUT /__admin/config are validated and reset restores them", async ({
    youtrack: yt,
    hub,
  }) => {
    expect(() => new YouTrackEmulator({ faults: { rate429: 2 } })).toThrow(/options\.faults\.rate429/);
    expect(() => new PowerOfficeEmulator({ faults: { latencyMs: -1 } })).toThrow(/options\.faults\.latencyMs/);
    expect(() => yt.setFaults({ dropRate: 1.5 })).toThrow(/faults\.dropRate/);
    expect(await putConfig(hub.url, { faults: { surprise: 1 } })).toBe(400);
    expect(await putConfig(hub.url, { faults: { rate5xx: 1 } })).toBe(200);
    expect(yt.faults).toMatchObject({ rate5xx: 1, retryAfterSeconds: 3 });
    yt.reset();
    expect(yt.faults).toMatchObject({ rate5xx: 0, retryAfterSeconds: 3 });
  });
});
