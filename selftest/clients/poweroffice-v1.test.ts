// The PowerOffice client's v1 host: its own base URL (derived for PowerOffice's own hosts), its own token (refresh
// token first, shared by concurrent calls), and its own throttle, shared per application key.
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";
import { RefreshTokens } from "../../emulators/poweroffice/v1-oauth.ts";
import type { RequestLogEntry } from "../../support/clients/http/request-log.ts";
import { createPowerOfficeClient, v1ThrottlePerSecond } from "../../support/clients/poweroffice/client.ts";
import { v1BaseUrlFor } from "../../support/clients/poweroffice/hosts.ts";
import { expect, test } from "./fixtures.ts";
import { FAST_RETRY } from "./helpers/api.ts";

const CREDS = SANDBOX_CREDENTIALS.poweroffice;

const v1TokenRequests = (log: RequestLogEntry[], v1Url: string) =>
  log.filter((e) => e.url === `${v1Url}/OAuth/Token`).map((e) => [e.requestBody, e.status]);

test("the v1 base URL follows from PowerOffice's own v2 hosts and from nothing else", () => {
  expect(v1BaseUrlFor("https://goapi.poweroffice.net")).toBe("https://api.poweroffice.net");
  expect(v1BaseUrlFor("https://goapi.poweroffice.net/")).toBe("https://api.poweroffice.net");
  expect(v1BaseUrlFor("https://goapi.poweroffice.net/Demo")).toBe("https://api-demo.poweroffice.net");
  expect(v1BaseUrlFor("https://GOAPI.poweroffice.net/demo/")).toBe("https://api-demo.poweroffice.net");
  expect(v1BaseUrlFor("https://goapi-demo.poweroffice.net")).toBe("https://api-demo.poweroffice.net");
  expect(v1BaseUrlFor("https://goapi.poweroffice.net/v2")).toBeUndefined();
  expect(v1BaseUrlFor("http://127.0.0.1:4720")).toBeUndefined();
  expect(v1BaseUrlFor("not a url")).toBeUndefined();
});

test("without a v1 base URL for a host it cannot be derived from, v1 reads fail saying so, and v2 works", async ({
  poweroffice: emulator,
}) => {
  const client = createPowerOfficeClient({ baseUrl: emulator.url, ...CREDS, throttle: false, retry: FAST_RETRY });
  try {
    await expect(client.partyContactPersons.list()).rejects.toThrow(
      /no v1BaseUrl, and http:\/\/127\.0\.0\.1:\d+ is not a PowerOffice host/,
    );
    await expect(client.partyContactPersons.get(1, 2)).rejects.toThrow(/no v1BaseUrl/);
    expect(await client.customers.list()).toEqual([]);
  } finally {
    await client.close();
  }
});

test("one v1 token request serves many concurrent v1 calls, apart from the v2 token", async ({
  powerofficeClient: client,
  poweroffice: emulator,
  log,
}) => {
  await Promise.all([
    ...Array.from({ length: 10 }, () => client.partyContactPersons.list()),
    ...Array.from({ length: 10 }, () => client.customers.list()),
  ]);
  expect(v1TokenRequests(log, emulator.v1.url)).toEqual([["grant_type=client_credentials", 200]]);
  expect(log.filter((e) => e.url === `${emulator.url}/OAuth/Token`)).toHaveLength(1);
  expect(log).toHaveLength(22);
  const v1Calls = log.filter((e) => e.url.startsWith(`${emulator.v1.url}/PartyContactPerson`));
  expect(v1Calls.every((e) => e.requestHeaders.authorization === "Bearer [REDACTED]")).toBe(true);
  expect(v1Calls.every((e) => e.requestHeaders["ocp-apim-subscription-key"] === undefined)).toBe(true);
});

test.describe(() => {
  test.use({
    powerofficeOptions: { throttle: { enabled: false }, v1: { throttle: { enabled: false }, tokenLifetimeSeconds: 2 } },
  });
  test("a v1 token about to expire is renewed with the refresh token, not by authenticating again", async ({
    powerofficeClient: client,
    poweroffice: emulator,
    log,
  }) => {
    await client.partyContactPersons.list();
    // 2 s tokens are renewed 10% early; keep calling until the client renews (no fixed wait).
    await expect
      .poll(
        async () => {
          await client.partyContactPersons.list();
          return v1TokenRequests(log, emulator.v1.url).length;
        },
        { message: "a second v1 token request within 4 s", timeout: 4_000, intervals: [100] },
      )
      .toBe(2);
    expect(v1TokenRequests(log, emulator.v1.url)).toEqual([
      ["grant_type=client_credentials", 200],
      ["grant_type=refresh_token&refresh_token=[REDACTED]", 200],
    ]);
    expect(log.filter((e) => e.status !== 200)).toEqual([]);
  });

  test("a refused refresh token (spent elsewhere) falls back to the client credentials grant", async ({
    powerofficeClient: client,
    poweroffice: emulator,
    log,
  }) => {
    // Learn the refresh token the emulator hands out, and spend it before the client does.
    const handedOut: string[] = [];
    const issue = RefreshTokens.prototype.issue;
    RefreshTokens.prototype.issue = function (this: RefreshTokens, ...args: Parameters<typeof issue>) {
      const token = issue.apply(this, args);
      handedOut.push(token);
      return token;
    };
    try {
      await client.partyContactPersons.list();
      const spent = await fetch(`${emulator.v1.url}/OAuth/Token`, {
        method: "POST",
        headers: {
          Authorization: `Basic ${Buffer.from(`${CREDS.applicationKey}:${CREDS.clientKey}`).toString("base64")}`,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: handedOut[0] ?? "" }).toString(),
      });
      expect(spent.status).toBe(200);
      await expect
        .poll(
          async () => {
            await client.partyContactPersons.list();
            return v1TokenRequests(log, emulator.v1.url).length;
          },
          { message: "the client renews its v1 token within 4 s", timeout: 4_000, intervals: [100] },
        )
        .toBe(3);
      expect(v1TokenRequests(log, emulator.v1.url)).toEqual([
        ["grant_type=client_credentials", 200],
        ["grant_type=refresh_token&refresh_token=[REDACTED]", 400],
        ["grant_type=client_credentials", 200],
      ]);
      // The failed refresh cost no call: every v1 list succeeded.
      expect(log.filter((e) => e.url.includes("/PartyContactPerson")).every((e) => e.status === 200)).toBe(true);
    } finally {
      RefreshTokens.prototype.issue = issue;
    }
  });
});

test.describe(() => {
  test.use({
    powerofficeOptions: { throttle: { enabled: false }, v1: { throttle: { enabled: true, perSecond: 3 } } },
    powerofficeClientOptions: { v1Throttle: { perSecond: 3 }, retry: { ...FAST_RETRY, maxAttempts: 1 } },
  });
  test("v1's throttle: the same share of v1's 50/s as of v2's 10/s unless given, off with v2's, per application key", async ({
    powerofficeClient: client,
    poweroffice: emulator,
    log,
  }) => {
    expect(v1ThrottlePerSecond(undefined, undefined)).toBe(50);
    expect(v1ThrottlePerSecond(undefined, { perSecond: 5 })).toBe(25);
    expect(v1ThrottlePerSecond(undefined, { perSecond: 3 })).toBe(15);
    expect(v1ThrottlePerSecond(undefined, { perSecond: 40 })).toBe(50);
    expect(v1ThrottlePerSecond(undefined, false)).toBeUndefined();
    expect(v1ThrottlePerSecond({ perSecond: 7 }, false)).toBe(7);
    expect(v1ThrottlePerSecond(false, { perSecond: 5 })).toBeUndefined();

    // Two clients on one application key share one v1 limiter: 3/s on the emulator, 3/s between them, no 429.
    const second = createPowerOfficeClient({
      baseUrl: emulator.url,
      v1BaseUrl: emulator.v1.url,
      ...CREDS,
      throttle: false,
      v1Throttle: { perSecond: 3 },
      retry: { ...FAST_RETRY, maxAttempts: 1 },
      onRequest: (e) => log.push(e),
    });
    try {
      await Promise.all([
        ...Array.from({ length: 4 }, () => client.partyContactPersons.list()),
        ...Array.from({ length: 4 }, () => second.partyContactPersons.list()),
      ]);
      expect(log.filter((e) => e.status === 429)).toEqual([]);
      expect(log).toHaveLength(10); // 8 calls + one v1 token per client
    } finally {
      await second.close();
    }
  });
});
