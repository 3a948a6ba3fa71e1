// The PowerOffice client's token against the PowerOffice emulator: renewed before it expires (a clock the test
// moves), renewed once on a 401, a wrong key refused, and no secret or token obtained at run time in any log.
import { inspect } from "node:util";
import { z } from "zod";
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";
import { TokenIssuer } from "../../emulators/poweroffice/auth.ts";
import type { PowerOfficeEmulator } from "../../emulators/poweroffice/server.ts";
import { RefreshTokens } from "../../emulators/poweroffice/v1-oauth.ts";
import { ApiClient } from "../../support/clients/http/api-client.ts";
import { ApiError } from "../../support/clients/http/errors.ts";
import { Redactor } from "../../support/clients/http/redact.ts";
import type { RequestLogEntry } from "../../support/clients/http/request-log.ts";
import { jsonResponse } from "../../support/clients/http/response.ts";
import { retryPolicy } from "../../support/clients/http/retry.ts";
import { Transport } from "../../support/clients/http/transport.ts";
import { SUBSCRIPTION_KEY_HEADER, TokenProvider } from "../../support/clients/poweroffice/auth.ts";
import { SMALL_PAGES, expect, test } from "./fixtures.ts";
import { FAST_RETRY } from "./helpers/api.ts";

const CREDS = SANDBOX_CREDENTIALS.poweroffice;

const tokenRequests = (log: RequestLogEntry[]) => log.filter((e) => e.url.endsWith("/OAuth/Token")).length;

/** The client's parts with a clock the test moves, so token age can be simulated without waiting. */
async function clockedClient(emulator: PowerOfficeEmulator, log: RequestLogEntry[], now: () => number) {
  const redactor = new Redactor([CREDS.applicationKey, CREDS.clientKey, CREDS.subscriptionKey]);
  const transport = new Transport({
    service: "poweroffice",
    baseUrl: emulator.url,
    redactor,
    onRequest: (e) => log.push(e),
  });
  const policy = retryPolicy(FAST_RETRY);
  const basic = Buffer.from(`${CREDS.applicationKey}:${CREDS.clientKey}`).toString("base64");
  const tokenApi = new ApiClient(transport, policy, {
    headers: async () => ({ authorization: `Basic ${basic}`, [SUBSCRIPTION_KEY_HEADER]: CREDS.subscriptionKey }),
  });
  const provider = new TokenProvider({ tokenApi, subscriptionKey: CREDS.subscriptionKey, redactor, now });
  const api = new ApiClient(transport, policy, provider);
  const list = () =>
    api.call({ method: "GET", path: "/v2/Customers", safety: "read", response: jsonResponse(z.array(z.unknown())) });
  return { api, provider, list };
}

test.describe(() => {
  test.use({ powerofficeOptions: { tokenLifetimeSeconds: 2 } });
  test("the token is renewed before it expires", async ({ poweroffice: emulator, log }) => {
    let now = Date.now();
    const { api, list } = await clockedClient(emulator, log, () => now);
    try {
      await list();
      now += 1_500; // 2 s lifetime, renewed 10% (0.2 s) early: still fresh
      await list();
      expect(tokenRequests(log)).toBe(1);
      now += 400; // past 1.8 s: renewed before use, no 401 on the way
      await list();
      expect(tokenRequests(log)).toBe(2);
      expect(log.map((e) => e.status)).toEqual([200, 200, 200, 200, 200]);
    } finally {
      await api.close();
    }
  });
});

test.describe(() => {
  test.use({ powerofficeOptions: { tokenLifetimeSeconds: 1 } });
  test("a 401 for an expired token renews it once and replays the call", async ({ poweroffice: emulator, log }) => {
    // A client whose clock stands still believes its token is fresh after the emulator expired it.
    const frozen = Date.now();
    const { api, provider, list } = await clockedClient(emulator, log, () => frozen);
    try {
      await list();
      const stale = await provider.token();
      await expect
        .poll(
          async () =>
            (
              await fetch(`${emulator.url}/v2/Customers`, {
                headers: { authorization: `Bearer ${stale}`, [SUBSCRIPTION_KEY_HEADER]: CREDS.subscriptionKey },
              })
            ).status,
          { timeout: 5_000, intervals: [250] },
        )
        .toBe(401);
      log.length = 0;
      expect(await list()).toEqual([]);
      expect(log.map((e) => [e.url.endsWith("/OAuth/Token") ? "token" : "api", e.status])).toEqual([
        ["api", 401],
        ["token", 200],
        ["api", 200],
      ]);
      expect(await provider.token()).not.toBe(stale);
    } finally {
      await api.close();
    }
  });
});

test.describe(() => {
  test.use({ powerofficeClientOptions: { ...SMALL_PAGES, clientKey: "wrong-client-key-value" } });
  test("a wrong client key is http_400 invalid_client from the token endpoint, and no key leaks", async ({
    powerofficeClient: client,
    log,
  }) => {
    const error = await client.customers.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toMatch(/^http_40[01]$/);
    expect((error as ApiError).body).toContain("invalid_client");
    const text = JSON.stringify([error, log]);
    expect(text).not.toContain("wrong-client-key-value");
    expect(text).not.toContain(Buffer.from(`${CREDS.applicationKey}:wrong-client-key-value`).toString("base64"));
  });
});

test.describe(() => {
  test.use({ powerofficeClientOptions: { ...SMALL_PAGES, retry: { ...FAST_RETRY, maxAttempts: 2 } } });
  test("no secret and no access token obtained at run time appears in any error or log entry of a run", async ({
    powerofficeClient: client,
    poweroffice: emulator,
    log,
    hook,
  }) => {
    // Spy on the emulator's token issuer (in process) to learn the access tokens the client was given.
    const issued: string[] = [];
    const issue = TokenIssuer.prototype.issue;
    TokenIssuer.prototype.issue = function (this: TokenIssuer, ...args: Parameters<typeof issue>) {
      const token = issue.apply(this, args);
      issued.push(token.token);
      return token;
    };
    // v1's refresh tokens are secrets too.
    const issueRefresh = RefreshTokens.prototype.issue;
    RefreshTokens.prototype.issue = function (this: RefreshTokens, ...args: Parameters<typeof issueRefresh>) {
      const token = issueRefresh.apply(this, args);
      issued.push(token);
      return token;
    };
    const errors: unknown[] = [];
    try {
      const keep = (e: unknown) => errors.push(e);
      const acme = await client.customers.create({ Name: "Acme AS", EmailAddress: "post@acme.no" });
      await client.customers.get(999_999).catch(keep); // 404
      await client.customers.create({ Name: "" }).catch(keep); // 400 validation
      await client.customers.update(acme.Id, { Nope: 1 }).catch(keep); // 400 patch
      emulator.setFaults({ rate5xx: 1 });
      await client.customers.list().catch(keep); // retries_exhausted
      emulator.setFaults({ rate5xx: 0, dropRate: 1 });
      hook.onRequest = (entry) => {
        if (entry.error) emulator.setFaults({ dropRate: 0 });
      };
      await client.contactPersons.list();
      await client.partyContactPersons.list({ filter: "emailAddress eq" }).catch(keep); // v1 success: false
      expect(errors).toHaveLength(5);
      expect(issued.length).toBeGreaterThanOrEqual(3); // v2 access token, v1 access and refresh tokens
      const everything = [
        JSON.stringify(log),
        JSON.stringify(errors),
        ...errors.map((e) => inspect(e, { depth: 10 })),
      ].join("\n");
      const basic = Buffer.from(`${CREDS.applicationKey}:${CREDS.clientKey}`).toString("base64");
      for (const secret of [CREDS.applicationKey, CREDS.clientKey, CREDS.subscriptionKey, basic, ...issued]) {
        expect(everything).not.toContain(secret);
      }
      expect(log).toHaveLength(11); // token, 3 creates/reads, 2 failed writes, 2 x 503, drop + retry, v1 token + v1
    } finally {
      TokenIssuer.prototype.issue = issue;
      RefreshTokens.prototype.issue = issueRefresh;
    }
  });
});
