// PowerOffice Go's legacy v1 host: its own token endpoint (client credentials and refresh tokens), its own token
// lifetime and rate limit, its admin routes, and the tenant it shares with the v2 host.
import { expect, test } from "./fixtures.ts";
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";
import { PO, basic, call } from "./helpers.ts";
import type { V1Token } from "./helpers.ts";

const TALK = SANDBOX_CREDENTIALS.powerofficeTalk;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

test.describe(() => {
  test.use({
    powerofficeOptions: { throttle: { enabled: false }, v1: { throttle: { enabled: false } }, integrations: [TALK] },
  });
  test("the v1 token endpoint: client credentials without a subscription key, a refresh token, 10-minute tokens", async ({
    go,
    v1,
  }) => {
    const answer = await v1.requestToken();
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(answer.body).toEqual({
      access_token: expect.any(String),
      token_type: "bearer",
      expires_in: 600,
      refresh_token: expect.any(String),
    });
    expect((await v1.get("/PartyContactPerson", answer.body.access_token)).body).toEqual({
      data: [],
      count: 0,
      success: true,
    });
    // The credentials may also come in the form (RFC 6749 allows it); another integration of the tenant works too.
    const viaForm = await v1.requestToken(
      form({ grant_type: "client_credentials", client_id: PO.applicationKey, client_secret: PO.clientKey }),
      { Authorization: "" },
    );
    expect(viaForm.status).toBe(200);
    const talk = await v1.requestToken("grant_type=client_credentials", {
      Authorization: basic(TALK.applicationKey, TALK.clientKey),
    });
    expect(talk.status).toBe(200);
    // v2's own lifetime is untouched.
    expect((await go.requestToken()).body).toMatchObject({ expires_in: 1200 });
  });
});

test("bad v1 token requests get 400 with an OAuth error body", async ({ v1 }) => {
  const cases: [string, Record<string, string>, string][] = [
    ["grant_type=client_credentials", { Authorization: basic(PO.applicationKey, "wrong") }, "invalid_client"],
    ["grant_type=client_credentials", { Authorization: "" }, "invalid_client"],
    ["grant_type=password", {}, "unsupported_grant_type"],
    ["", {}, "invalid_request"],
    ["grant_type=refresh_token", {}, "invalid_request"],
    ["grant_type=refresh_token&refresh_token=made-up", {}, "invalid_grant"],
  ];
  for (const [body, headers, error] of cases) {
    const answer = await v1.requestToken(body, headers);
    expect(answer.status, body).toBe(400);
    expect(answer.body, body).toEqual({ error, error_description: expect.any(String) });
  }
});

test.describe(() => {
  test.use({ powerofficeOptions: { throttle: { enabled: false }, integrations: [TALK] } });
  test("a v1 refresh token gives a new pair once; a used, foreign or unauthenticated one is refused", async ({
    v1,
  }) => {
    const first = (await v1.requestToken()).body;
    const refresh = (token: string, headers: Record<string, string> = {}) =>
      v1.requestToken(form({ grant_type: "refresh_token", refresh_token: token }), headers);

    const renewed = await refresh(first.refresh_token);
    expect(renewed.status).toBe(200);
    const second = renewed.body;
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await v1.get("/PartyContactPerson", second.access_token)).status).toBe(200);

    // Single use: the first refresh token is spent.
    expect((await refresh(first.refresh_token)).body).toMatchObject({ error: "invalid_grant" });
    // Another integration cannot redeem it, and nobody can without authenticating.
    expect(
      (await refresh(second.refresh_token, { Authorization: basic(TALK.applicationKey, TALK.clientKey) })).body,
    ).toMatchObject({
      error: "invalid_grant",
    });
    expect((await refresh(second.refresh_token, { Authorization: "" })).body).toMatchObject({
      error: "invalid_client",
    });
    // A refused attempt by someone else does not spend it for its owner.
    expect((await refresh(second.refresh_token)).status).toBe(200);
  });
});

test.describe(() => {
  test.use({
    powerofficeOptions: { throttle: { enabled: false }, v1: { tokenLifetimeSeconds: 1, throttle: { enabled: false } } },
  });
  test("a v1 token expires after the v1 lifetime with v1's own 401; a refreshed one works", async ({
    poweroffice: po,
    go,
    v1,
  }) => {
    const issued = (await v1.requestToken()).body;
    expect(issued.expires_in).toBe(1);
    const v2Token = await go.token();
    await expect
      .poll(async () => (await v1.get("/PartyContactPerson", issued.access_token)).status, {
        message: "the 1-second v1 token should be refused within 3 s",
        timeout: 3_000,
        intervals: [200],
      })
      .toBe(401);
    const refused = await v1.get("/PartyContactPerson", issued.access_token);
    expect(refused.body).toEqual({ Message: "Authorization has been denied for this request." });
    expect(refused.headers.get("www-authenticate")).toBe("Bearer");
    // The v2 token (1200 s) outlives it: each host has its own lifetime.
    expect((await go.get("/v2/Customers")).status).toBe(200);
    expect(v2Token).toBe(await go.token());

    po.v1.setTokenLifetime(60);
    const renewed = await call<V1Token>(`${v1.url}/OAuth/Token`, {
      method: "POST",
      headers: { Authorization: basic(), "Content-Type": "application/x-www-form-urlencoded" },
      body: form({ grant_type: "refresh_token", refresh_token: issued.refresh_token }),
    });
    expect(renewed.body.expires_in).toBe(60);
    expect((await v1.get("/PartyContactPerson", renewed.body.access_token)).status).toBe(200);
  });
});

test.describe(() => {
  test.use({
    powerofficeOptions: { throttle: { enabled: false }, v1: { throttle: { enabled: false } }, integrations: [TALK] },
  });
  test("v1 has its own limit, per application key, apart from v2's per subscription key", async ({
    poweroffice: po,
    go,
    v1,
  }) => {
    const v1Token = await v1.token();
    const v2Headers = await go.headers();
    // Tokens in hand, the limits go on (a token request counts against its host's limit too): v2 2 a second, v1 3.
    po.setThrottle({ enabled: true, perSecond: 2 });
    po.v1.setThrottle({ enabled: true, perSecond: 3 });
    const v2Calls = await Promise.all(
      Array.from({ length: 3 }, () => call(`${go.url}/v2/Customers`, { headers: v2Headers })),
    );
    expect(v2Calls.map((a) => a.status).sort()).toEqual([200, 200, 429]);
    const v1Calls = await Promise.all(Array.from({ length: 4 }, () => v1.get("/PartyContactPerson", v1Token)));
    expect(v1Calls.map((a) => a.status).sort()).toEqual([200, 200, 200, 429]);
    const limited = v1Calls.find((a) => a.status === 429);
    // v1 is not behind API Management: its own body, and no Retry-After promised (the docs: wait a second).
    expect(limited?.body).toEqual({ Message: expect.stringContaining("50 requests per second") });
    expect(limited?.headers.get("retry-after")).toBeNull();
    // Another integration (application key) has its own share.
    const talk = await v1.requestToken("grant_type=client_credentials", {
      Authorization: basic(TALK.applicationKey, TALK.clientKey),
    });
    expect((await v1.get("/PartyContactPerson", talk.body.access_token)).status).toBe(200);
    const stats = (await call<{ faults: Record<string, number> }>(`${v1.url}/__admin/stats`)).body;
    expect(stats.faults.throttled).toBe(1);
    expect(po.v1.throttle).toEqual({ enabled: true, perSecond: 3 });
  });
});

test("the v1 host's admin: its own config and stats, the tenant's read lag and store shared with v2", async ({
  poweroffice: po,
  go,
  v1,
}) => {
  const admin = (path: string, init: RequestInit = {}) => call(`${v1.url}/__admin/${path}`, init);
  const put = (body: unknown) =>
    admin("config", { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  expect((await admin("health")).body).toEqual({ status: "ok", service: "poweroffice-v1" });
  expect((await admin("config")).body).toEqual({
    faults: { latencyMs: 0, rate429: 0, retryAfterSeconds: 1, rate5xx: 0, dropRate: 0, lostResponseRate: 0 },
    throttle: { enabled: true, perSecond: 50 },
    tokenLifetimeSeconds: 600,
    readLagMs: 0,
  });
  expect((await put({ readLagMs: 120, tokenLifetimeSeconds: 30 })).status).toBe(200);
  expect(po.readLagMs).toBe(120);
  expect(po.tokenLifetimeSeconds).toBe(1200);
  expect((await put({ throttle: { perSecond: 0 } })).status).toBe(400);

  await go.customer({ Name: "Acme", EmailAddress: "a@acme.no" });
  await v1.get("/PartyContactPerson");
  expect((await admin("store")).body).toEqual((await call(`${go.url}/__admin/store`)).body);
  expect((await admin("stats")).body).toMatchObject({
    byRoute: { "POST /OAuth/Token": 1, "GET /PartyContactPerson": 1 },
  });
  // One tenant: a reset on the v1 host empties it and puts the lag back; v1's own config too.
  expect((await admin("reset", { method: "POST" })).status).toBe(200);
  expect(po.store.customers()).toEqual([]);
  expect(po.readLagMs).toBe(0);
  expect(po.v1.tokenLifetimeSeconds).toBe(600);
  expect((await call(`${v1.url}/nowhere`)).body).toEqual({
    Message: "No HTTP resource was found that matches the request URI '/nowhere'.",
  });
});
