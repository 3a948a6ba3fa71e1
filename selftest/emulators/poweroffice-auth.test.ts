// PowerOffice Go's token endpoint, API Management's subscription key and rate limit, and bearer token expiry.
import { expect, test } from "./fixtures.ts";
import { Go, PO, basic, call } from "./helpers.ts";
import { Throttle } from "../../emulators/poweroffice/throttle.ts";

const APIM_MISSING =
  "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.";
const APIM_INVALID =
  "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.";

test("the client credentials grant issues a bearer token that opens /v2", async ({ go }) => {
  const answer = await go.requestToken();
  expect(answer.status).toBe(200);
  expect(answer.headers.get("cache-control")).toBe("no-store");
  const body = answer.body as { access_token: string; token_type: string; expires_in: number };
  expect(body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 1200 });
  const list = await call(`${go.url}/v2/Customers`, {
    headers: { Authorization: `Bearer ${body.access_token}`, "Ocp-Apim-Subscription-Key": PO.subscriptionKey },
  });
  expect(list.status).toBe(200);
  expect(list.body).toEqual([]);
  const viaForm = await go.requestToken(
    { Authorization: "" },
    `grant_type=client_credentials&client_id=${PO.applicationKey}&client_secret=${PO.clientKey}`,
  );
  expect(viaForm.status).toBe(200);
});

test("bad token requests get 400 with an OAuth error body", async ({ go }) => {
  const cases: [Record<string, string>, string, string][] = [
    [{ Authorization: basic(PO.applicationKey, "wrong") }, "grant_type=client_credentials", "invalid_client"],
    [{ Authorization: basic("wrong", PO.clientKey) }, "grant_type=client_credentials", "invalid_client"],
    [{ Authorization: "" }, "grant_type=client_credentials", "invalid_client"],
    [{}, "grant_type=password", "unsupported_grant_type"],
    [{}, "", "invalid_request"],
    [{ "Content-Type": "application/json" }, '{"grant_type":"client_credentials"}', "invalid_request"],
  ];
  for (const [headers, body, error] of cases) {
    const answer = await go.requestToken(headers, body);
    expect(answer.status, `${JSON.stringify(headers)} ${body}`).toBe(400);
    expect(answer.body).toEqual({ error, error_description: expect.any(String) });
  }
});

test("API Management answers 401 for a missing or wrong subscription key, on the token endpoint and v2", async ({
  go,
}) => {
  const token = await go.token();
  const noKey = await go.requestToken({ "Ocp-Apim-Subscription-Key": "" });
  expect(noKey.status).toBe(401);
  expect(noKey.body).toEqual({ statusCode: 401, message: APIM_MISSING });
  const wrongKey = await go.requestToken({ "Ocp-Apim-Subscription-Key": "nope" });
  expect(wrongKey.body).toEqual({ statusCode: 401, message: APIM_INVALID });

  const v2NoKey = await call(`${go.url}/v2/Customers`, { headers: { Authorization: `Bearer ${token}` } });
  expect(v2NoKey.status).toBe(401);
  expect(v2NoKey.body).toEqual({ statusCode: 401, message: APIM_MISSING });
  const viaQuery = await call(`${go.url}/v2/Customers?subscription-key=${PO.subscriptionKey}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(viaQuery.status).toBe(200);
});

test("v2 without a valid bearer token is 401 with WWW-Authenticate and no body", async ({ go }) => {
  const key = { "Ocp-Apim-Subscription-Key": PO.subscriptionKey };
  const missing = await call(`${go.url}/v2/Customers`, { headers: key });
  expect(missing.status).toBe(401);
  expect(missing.headers.get("www-authenticate")).toBe("Bearer");
  expect(missing.text).toBe("");
  const unknown = await call(`${go.url}/v2/Customers`, { headers: { ...key, Authorization: "Bearer made-up" } });
  expect(unknown.status).toBe(401);
  expect(unknown.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
});

test.describe(() => {
  test.use({ powerofficeOptions: { tokenLifetimeSeconds: 1, throttle: { enabled: false } } });
  test("a token expires after its lifetime; a new one works", async ({ poweroffice: po, go }) => {
    expect(po.tokenLifetimeSeconds).toBe(1);
    const answer = await go.requestToken();
    const { access_token: token, expires_in } = answer.body as { access_token: string; expires_in: number };
    expect(expires_in).toBe(1);
    const headers = { Authorization: `Bearer ${token}`, "Ocp-Apim-Subscription-Key": PO.subscriptionKey };
    expect((await call(`${go.url}/v2/Customers`, { headers })).status).toBe(200);
    await expect
      .poll(async () => (await call(`${go.url}/v2/Customers`, { headers })).status, {
        timeout: 3000,
        intervals: [100],
      })
      .toBe(401);
    const expired = await call(`${go.url}/v2/Customers`, { headers });
    expect(expired.headers.get("www-authenticate")).toMatch(
      /^Bearer error="invalid_token", error_description="The token expired at '.+'"$/,
    );
    const fresh = new Go(go.url);
    expect((await fresh.get("/v2/Customers")).status).toBe(200);
  });
});

test.describe(() => {
  test.use({ powerofficeOptions: {} });
  test("throttling: the 11th request within a second gets 429 with Retry-After and API Management's body", async ({
    poweroffice: po,
    go,
  }) => {
    const headers = await go.headers(); // the token request is call 1
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await call(`${go.url}/v2/Customers`, { headers })).status);
    const limited = await call(`${go.url}/v2/Customers`, { headers });
    expect(statuses.slice(0, 9)).toEqual(Array(9).fill(200));
    expect(statuses[9]).toBe(429);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.body).toEqual({ statusCode: 429, message: "Rate limit is exceeded. Try again in 1 seconds." });
    await expect
      .poll(async () => (await call(`${go.url}/v2/Customers`, { headers })).status, { timeout: 3000, intervals: [250] })
      .toBe(200);
    const stats = (await call(`${go.url}/__admin/stats`)).body as {
      faults: Record<string, number>;
      busiestSecondByKey: Record<string, number>;
    };
    expect(stats.faults.throttled).toBeGreaterThanOrEqual(2);
    // The busiest second counts the calls admitted: the refused ones never reached the API.
    expect(Object.values(stats.busiestSecondByKey)).toEqual([10]);
    expect(po.throttle).toEqual({ enabled: true, perSecond: 10 });
  });
});

test("the busiest second per key: the most calls admitted in any one second, kept with the limit off too", () => {
  const throttle = new Throttle();
  const off = { enabled: false, perSecond: 10 };
  for (let ms = 0; ms < 15; ms++) throttle.admit("harness", off, 1_000 + ms);
  // A second later the window has moved on: 3 more do not make a busier second.
  for (let ms = 0; ms < 3; ms++) throttle.admit("harness", off, 2_100 + ms);
  throttle.admit("node", off, 1_000);
  expect(throttle.busiestSecond()).toEqual({ harness: 15, node: 1 });
  throttle.clear();
  expect(throttle.busiestSecond()).toEqual({});
});

test.describe(() => {
  test.use({ powerofficeOptions: { throttle: { perSecond: 3 } } });
  test("throttling counts per subscription key, applies to the token endpoint, and can be switched off at run time", async ({
    go,
  }) => {
    for (let i = 0; i < 3; i++) expect((await go.requestToken()).status).toBe(200);
    const limited = await go.requestToken();
    expect(limited.status).toBe(429);
    const otherKey = await go.requestToken({ "Ocp-Apim-Subscription-Key": "another" });
    expect(otherKey.status).toBe(401);
    const config = await call(`${go.url}/__admin/config`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ throttle: { enabled: false } }),
    });
    expect(config.body).toMatchObject({ throttle: { enabled: false, perSecond: 3 } });
    for (let i = 0; i < 5; i++) expect((await go.requestToken()).status).toBe(200);
  });
});

const talk = { applicationKey: "talk-app", clientKey: "talk-client", subscriptionKey: "talk-subscription" };

test.describe(() => {
  test.use({ powerofficeOptions: { throttle: { perSecond: 3 }, integrations: [talk] } });
  test("a second integration (Sesam Talk's own keys) gets tokens with its keys only and has its own rate limit", async ({
    go,
  }) => {
    const asTalk = {
      Authorization: basic(talk.applicationKey, talk.clientKey),
      "Ocp-Apim-Subscription-Key": talk.subscriptionKey,
    };
    // Talk's client credentials do not open the harness's subscription, nor the other way round.
    const crossed = await go.requestToken({ Authorization: basic(talk.applicationKey, talk.clientKey) });
    expect(crossed.status).toBe(400);
    expect(crossed.body).toMatchObject({ error: "invalid_client" });
    const wrongForTalk = await go.requestToken({ "Ocp-Apim-Subscription-Key": talk.subscriptionKey });
    expect(wrongForTalk.status).toBe(400);
    // Each key has its own second: the harness's is spent, Talk's is not.
    expect((await go.requestToken()).status).toBe(200);
    expect((await go.requestToken()).status).toBe(200);
    expect((await go.requestToken()).status).toBe(429);
    expect((await go.requestToken(asTalk)).status).toBe(200);
  });
});
