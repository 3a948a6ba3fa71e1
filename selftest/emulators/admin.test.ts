// The /__admin routes of both emulators, reset, option validation and the shared HTTP layer's edges.
import { expect, test } from "./fixtures.ts";
import { PowerOfficeEmulator } from "../../emulators/poweroffice/server.ts";
import { YouTrackEmulator } from "../../emulators/youtrack/server.ts";
import { call } from "./helpers.ts";

const admin = (url: string, path: string, init: RequestInit = {}) => call(`${url}/__admin/${path}`, init);
const put = (url: string, body: unknown) =>
  admin(url, "config", { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

test("health, store and stats; admin calls need no auth and are not counted", async ({ hub, go }) => {
  expect((await admin(hub.url, "health")).body).toEqual({ status: "ok", service: "youtrack" });
  const user = await hub.user("ann", "Ann@Example.no");
  await hub.get("/hub/rest/users");
  await hub.get("/hub/rest/nowhere");
  expect((await admin(hub.url, "store")).body).toEqual({ users: [user] });
  expect((await admin(hub.url, "stats")).body).toEqual({
    requests: 3,
    byRoute: { "POST /hub/api/rest/users": 1, "GET /hub/rest/users": 1, "GET (unmatched)": 1 },
    faults: {},
  });

  expect((await admin(go.url, "health")).body).toEqual({ status: "ok", service: "poweroffice" });
  const customer = await go.customer({ Name: "Acme", EmailAddress: "a@acme.no" });
  expect((await admin(go.url, "store")).body).toEqual({ customers: [customer], contactPersons: [] });
});

test("config: GET shows it, PUT merges a partial config, a bad PUT is a 400 naming the field and changes nothing", async ({
  go,
  youtrack: yt,
  hub,
}) => {
  expect((await admin(go.url, "config")).body).toEqual({
    faults: { latencyMs: 0, rate429: 0, retryAfterSeconds: 1, rate5xx: 0, dropRate: 0, lostResponseRate: 0 },
    throttle: { enabled: false, perSecond: 10 },
    tokenLifetimeSeconds: 1200,
    readLagMs: 0,
  });
  const merged = await put(go.url, {
    throttle: { perSecond: 5 },
    tokenLifetimeSeconds: 60,
    faults: { latencyMs: 5 },
    readLagMs: 250,
  });
  expect(merged.status).toBe(200);
  expect(merged.body).toMatchObject({
    faults: { latencyMs: 5 },
    throttle: { enabled: false, perSecond: 5 },
    tokenLifetimeSeconds: 60,
    readLagMs: 250,
  });
  expect((await go.requestToken()).body).toMatchObject({ expires_in: 60 });

  for (const [bad, field] of [
    [{ tokenLifetimeSeconds: 0 }, "config.tokenLifetimeSeconds"],
    [{ throttle: { perSecond: "ten" } }, "config.throttle.perSecond"],
    [{ faults: { rate429: -1 }, throttle: { enabled: true } }, "faults.rate429"],
    [{ readLagMs: -1 }, "config.readLagMs"],
    [{ colour: "red" }, "colour"],
  ] as const) {
    const answer = await put(go.url, bad);
    expect(answer.status, JSON.stringify(bad)).toBe(400);
    expect((answer.body as { error: string }).error).toContain(field);
  }
  expect((await admin(go.url, "config")).body).toMatchObject({ throttle: { enabled: false, perSecond: 5 } });
  const notJson = await admin(go.url, "config", {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: "{",
  });
  expect(notJson.status).toBe(400);

  const answer = await put(hub.url, { throttle: { enabled: false } });
  expect(answer.status).toBe(400);
  expect((answer.body as { error: string }).error).toContain("throttle");
  // Hub documents no replica: no lag unless asked for.
  expect((await admin(hub.url, "config")).body).toMatchObject({ readLagMs: 0 });
  expect((await put(hub.url, { readLagMs: 100 })).body).toMatchObject({ readLagMs: 100 });
  expect(yt.readLagMs).toBe(100);
});

test("unknown admin routes are 404 and wrong methods 405", async ({ hub }) => {
  expect((await admin(hub.url, "nothing")).status).toBe(404);
  const wrong = await admin(hub.url, "reset");
  expect(wrong.status).toBe(405);
  expect(wrong.headers.get("allow")).toBe("POST");
});

test.describe(() => {
  test.use({ powerofficeOptions: { tokenLifetimeSeconds: 30, throttle: { enabled: false } } });
  test("reset empties the store and stats and puts config back to the constructor's", async ({
    poweroffice: po,
    go,
    youtrack: yt,
    hub,
  }) => {
    await go.customer({ Name: "Acme", EmailAddress: "a@acme.no" });
    await put(go.url, { tokenLifetimeSeconds: 5, throttle: { enabled: true }, readLagMs: 500 });
    const reset = await admin(go.url, "reset", { method: "POST" });
    expect(reset.body).toEqual({ status: "reset" });
    expect(po.store.customers()).toEqual([]);
    expect((await admin(go.url, "stats")).body).toEqual({
      requests: 0,
      byRoute: {},
      faults: {},
      busiestSecondByKey: {},
    });
    expect(po.tokenLifetimeSeconds).toBe(30);
    expect(po.throttle.enabled).toBe(false);
    expect(po.readLagMs).toBe(0);
    // Ids and numbers start over, so a reset sandbox looks like a fresh tenant.
    expect((await go.customer({ Name: "Again", EmailAddress: "b@acme.no" })).Number).toBe(10000);

    await hub.user("ann");
    yt.reset();
    expect((await hub.get<{ total: number }>("/hub/rest/users")).body.total).toBe(0);
  });
});

test("bad options throw an error naming the field", () => {
  expect(() => new YouTrackEmulator({ token: "" })).toThrow(/options\.token/);
  expect(() => new YouTrackEmulator({ colour: "red" } as never)).toThrow(/colour/);
  expect(() => new PowerOfficeEmulator({ tokenLifetimeSeconds: 0 })).toThrow(/options\.tokenLifetimeSeconds/);
  expect(() => new PowerOfficeEmulator({ throttle: { perSecond: 0 } })).toThrow(/options\.throttle\.perSecond/);
  expect(() => new PowerOfficeEmulator({ subscriptionKey: 5 } as never)).toThrow(/options\.subscriptionKey/);
  expect(() => new PowerOfficeEmulator({ readLagMs: -1 })).toThrow(/options\.readLagMs/);
  expect(() => new PowerOfficeEmulator({ v1: { throttle: { perSecond: 0 } } })).toThrow(
    /options\.v1\.throttle\.perSecond/,
  );
  expect(() => new YouTrackEmulator({ readLagMs: 1.5 })).toThrow(/options\.readLagMs/);
});

test("listen/close: the url is known once listening, close ends keep-alive sockets, a busy port is refused", async () => {
  const yt = new YouTrackEmulator();
  expect(() => yt.url).toThrow(/not listening/);
  const url = await yt.listen(0, "127.0.0.1");
  expect(yt.url).toBe(url);
  await expect(yt.listen()).rejects.toThrow(/already listening/);
  const other = new YouTrackEmulator();
  await expect(other.listen(Number(new URL(url).port))).rejects.toMatchObject({ code: "EADDRINUSE" });
  expect((await call(`${url}/__admin/health`)).status).toBe(200);
  await yt.close();
  await yt.close();
  await expect(fetch(`${url}/__admin/health`)).rejects.toThrow();
});

test("a body over the size limit is refused with 413 in the service's error format", async ({ hub }) => {
  const answer = await hub.post("/hub/api/rest/users", { login: "big", name: "x".repeat(1_100_000) });
  expect(answer.status).toBe(413);
  expect((answer.body as { error_description: string }).error_description).toMatch(/larger than/);
});
