// The PowerOffice client against the PowerOffice emulator in process: every resource method and what it
// costs in requests, the token (cache, single flight, renewal, 401), the throttle, retries, lost creates.
import { expect, test } from "@playwright/test";
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";
import { TokenIssuer } from "../../emulators/poweroffice/auth.ts";
import { RefreshTokens } from "../../emulators/poweroffice/v1-oauth.ts";
import { PowerOfficeEmulator, type PowerOfficeOptions } from "../../emulators/poweroffice/server.ts";
import { inspect } from "node:util";
import { ApiClient } from "../../support/clients/http/api-client.ts";
import { ApiError } from "../../support/clients/http/errors.ts";
import { Redactor } from "../../support/clients/http/redact.ts";
import type { RequestLogEntry } from "../../support/clients/http/request-log.ts";
import { retryPolicy } from "../../support/clients/http/retry.ts";
import { Transport } from "../../support/clients/http/transport.ts";
import { SUBSCRIPTION_KEY_HEADER, TokenProvider } from "../../support/clients/poweroffice/auth.ts";
import {
  createPowerOfficeClient,
  type PowerOfficeClient,
  type PowerOfficeClientOptions,
} from "../../support/clients/poweroffice/client.ts";
import { jsonResponse } from "../../support/clients/http/response.ts";
import { z } from "zod";
import { FAST_RETRY } from "./helpers/api.ts";
import { counter } from "./helpers/count.ts";

const CREDS = SANDBOX_CREDENTIALS.poweroffice;

interface Ctx {
  emulator: PowerOfficeEmulator;
  client: PowerOfficeClient;
  log: RequestLogEntry[];
  hook: { onRequest?: (entry: RequestLogEntry) => void };
}

async function withPowerOffice(
  body: (ctx: Ctx) => Promise<void>,
  options: {
    emulator?: Partial<PowerOfficeOptions>;
    client?: Partial<PowerOfficeClientOptions>;
    basePath?: string;
  } = {},
): Promise<void> {
  // Method tests count requests exactly: no throttling on either side unless the test asks for it.
  const emulator = new PowerOfficeEmulator({
    throttle: { enabled: false },
    ...options.emulator,
    v1: { throttle: { enabled: false }, ...options.emulator?.v1 },
  });
  const url = await emulator.listen(0);
  const v1Url = await emulator.v1.listen(0);
  const log: RequestLogEntry[] = [];
  const hook: Ctx["hook"] = {};
  const client = createPowerOfficeClient({
    baseUrl: url + (options.basePath ?? ""),
    v1BaseUrl: v1Url,
    ...CREDS,
    retry: FAST_RETRY,
    pageSize: 2,
    throttle: false,
    ...options.client,
    onRequest: (entry) => {
      log.push(entry);
      hook.onRequest?.(entry);
    },
  });
  try {
    await body({ emulator, client, log, hook });
  } finally {
    await client.close();
    await emulator.close();
  }
}

async function stats(
  emulator: PowerOfficeEmulator,
): Promise<{ requests: number; byRoute: Record<string, number>; faults: Record<string, number> }> {
  const res = await fetch(`${emulator.url}/__admin/stats`);
  return (await res.json()) as { requests: number; byRoute: Record<string, number>; faults: Record<string, number> };
}

const tokenRequests = (log: RequestLogEntry[]) => log.filter((e) => e.url.endsWith("/OAuth/Token")).length;

test("customers: every method works, at a known number of requests", async () => {
  await withPowerOffice(async ({ client, log, emulator }) => {
    const count = counter(log);
    // The first call of a client also fetches the token.
    const acme = await count(
      "customers.create (first call: + token)",
      () => client.customers.create({ Name: "Acme AS", EmailAddress: "post@acme.no" }),
      2,
    );
    expect(acme).toMatchObject({ Name: "Acme AS", EmailAddress: "post@acme.no", IsPerson: false });
    const ola = await count(
      "customers.create",
      () =>
        client.customers.create({
          IsPerson: true,
          FirstName: "Ola",
          LastName: "Nordmann",
          EmailAddress: "ola@example.no",
        }),
      1,
    );
    for (const n of [1, 2, 3]) await client.customers.create({ Name: `Company ${n}`, InvoiceDeliveryType: "Print" });
    expect(await count("customers.get", () => client.customers.get(ola.Id), 1)).toMatchObject({
      FirstName: "Ola",
      IsPerson: true,
    });

    const page = await count("customers.list", () => client.customers.list({ pageNumber: 2, pageSize: 2 }), 1);
    expect(page.map((c) => c.Id)).toHaveLength(2);
    // 5 customers at 2 a page: 2 + 2 + 1.
    const all = await count(
      "customers.listAll (5, pageSize 2)",
      async () => {
        const found = [];
        for await (const c of client.customers.listAll()) found.push(c);
        return found;
      },
      3,
    );
    expect(all).toHaveLength(5);
    // 4 customers at 2 a page: the empty third page is needed to know the list ended (no total in v2).
    expect(
      await count(
        "customers.findByEmail (5 records, pageSize 2)",
        () => client.customers.findByEmail("OLA@example.no"),
        3,
      ),
    ).toEqual([expect.objectContaining({ Id: ola.Id })]);
    const before = new Date();
    await client.customers.update(acme.Id, { PhoneNumber: "+47 22 00 00 00" });
    expect(
      await count(
        "customers.findByEmail (changedSince: 1 changed)",
        () => client.customers.findByEmail("post@acme.no", { changedSince: before }),
        1,
      ),
    ).toEqual([expect.objectContaining({ Id: acme.Id })]);
    expect(log.at(-1)?.url).toContain("lastChangedDateTimeOffsetGreaterThan=");

    const updated = await count(
      "customers.update",
      () => client.customers.update(acme.Id, { EmailAddress: "faktura@acme.no", "MailAddress.CountryCode": "NO" }),
      1,
    );
    expect(updated.EmailAddress).toBe("faktura@acme.no");
    expect(updated.MailAddress?.CountryCode).toBe("NO");
    expect(JSON.parse(log.at(-1)?.requestBody ?? "")).toEqual([
      { op: "replace", path: "/EmailAddress", value: "faktura@acme.no" },
      { op: "replace", path: "/MailAddress/CountryCode", value: "NO" },
    ]);
    expect(log.at(-1)?.requestHeaders["content-type"]).toBe("application/json-patch+json");

    await count("customers.delete", () => client.customers.delete(ola.Id), 1);
    expect(emulator.store.customer(ola.Id)).toBeUndefined();
    const gone = await client.customers.get(ola.Id).catch((e: unknown) => e);
    expect((gone as ApiError).code).toBe("http_404");
    expect(tokenRequests(log)).toBe(1);
  });
});

test("contact persons (v2 and the v1 read): every method works, at a known number of requests", async () => {
  await withPowerOffice(async ({ client, log, emulator }) => {
    const count = counter(log);
    const acme = await client.customers.create({ Name: "Acme AS", EmailAddress: "post@acme.no" });
    const other = await client.customers.create({ Name: "Other AS", EmailAddress: "post@other.no" });
    const kari = await count(
      "contactPersons.create",
      () =>
        client.contactPersons.create(acme.Id, {
          FirstName: "Kari",
          LastName: "Nordmann",
          EmailAddress: "kari@acme.no",
        }),
      1,
    );
    expect(kari).toMatchObject({ ContactId: acme.Id, FirstName: "Kari", EmailAddress: "kari@acme.no" });
    await client.contactPersons.create(acme.Id, { FirstName: "Per", LastName: "Hansen", EmailAddress: "per@acme.no" });
    await client.contactPersons.create(other.Id, {
      FirstName: "Kari",
      LastName: "Other",
      EmailAddress: "kari@acme.no",
    });

    expect(await count("contactPersons.get", () => client.contactPersons.get(acme.Id, kari.Id), 1)).toMatchObject({
      Id: kari.Id,
    });
    expect(
      await count("contactPersons.list", () => client.contactPersons.list({ contactIds: [acme.Id] }), 1),
    ).toHaveLength(2);
    expect(log.at(-1)?.url).toContain(`contactIds=${acme.Id}`);
    // 3 persons at 2 a page: 2 requests; the same email under two customers gives two hits.
    expect(
      await count(
        "contactPersons.findByEmail (3 records, pageSize 2)",
        () => client.contactPersons.findByEmail("kari@acme.no"),
        2,
      ),
    ).toHaveLength(2);
    expect(await client.contactPersons.findByEmail("kari@acme.no", { contactIds: [other.Id] })).toHaveLength(1);

    const renamed = await count(
      "contactPersons.update",
      () => client.contactPersons.update(acme.Id, kari.Id, { EmailAddress: "kari.n@acme.no", Title: "CEO" }),
      1,
    );
    expect(renamed).toMatchObject({ EmailAddress: "kari.n@acme.no", Title: "CEO" });

    // v1 is its own host: its first call fetches its own token, without the subscription key.
    const v1 = await count(
      "partyContactPersons.list (first v1 call: + v1 token)",
      () => client.partyContactPersons.list({ filter: "emailAddress eq 'kari.n@acme.no'", top: 10 }),
      2,
    );
    const v1Token = log.at(-2);
    expect(v1Token?.url).toBe(`${emulator.v1.url}/OAuth/Token`);
    expect(v1Token?.requestHeaders[SUBSCRIPTION_KEY_HEADER]).toBeUndefined();
    expect(log.at(-1)?.url.startsWith(`${emulator.v1.url}/PartyContactPerson?`)).toBe(true);
    expect(
      await count("partyContactPersons.get", () => client.partyContactPersons.get(acme.Id, kari.Id), 1),
    ).toMatchObject({ id: kari.Id, emailAddress: "kari.n@acme.no" });
    expect(await client.partyContactPersons.get(other.Id, kari.Id)).toBeNull();
    expect(v1.data).toEqual([
      expect.objectContaining({ id: kari.Id, partyId: acme.Id, emailAddress: "kari.n@acme.no" }),
    ]);
    expect(v1.count).toBe(1);
    const badFilter = await client.partyContactPersons.list({ filter: "emailAddress eq" }).catch((e: unknown) => e);
    expect((badFilter as ApiError).code).toBe("invalid_response");
    expect((badFilter as ApiError).body).toContain('"success":false');

    await count("contactPersons.delete", () => client.contactPersons.delete(acme.Id, kari.Id), 1);
    expect(emulator.store.contactPerson(acme.Id, kari.Id)).toBeUndefined();
  });
});

test("the base URL's path is kept (https://goapi.poweroffice.net/Demo style)", async () => {
  // The emulator does not serve /Demo: the 404 proves the path was sent, not dropped.
  await withPowerOffice(
    async ({ client, log }) => {
      const error = await client.customers.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(log[0]?.url).toMatch(/\/Demo\/OAuth\/Token$/);
    },
    { basePath: "/Demo" },
  );
});

test("one token request serves many concurrent calls", async () => {
  await withPowerOffice(async ({ client, log }) => {
    await Promise.all(Array.from({ length: 20 }, () => client.customers.list()));
    expect(tokenRequests(log)).toBe(1);
    expect(log).toHaveLength(21);
    // Every API call carries the bearer token and the subscription key.
    const apiCalls = log.filter((e) => !e.url.endsWith("/OAuth/Token"));
    expect(apiCalls.every((e) => e.requestHeaders.authorization === "Bearer [REDACTED]")).toBe(true);
    expect(apiCalls.every((e) => e.requestHeaders[SUBSCRIPTION_KEY_HEADER] === "[REDACTED]")).toBe(true);
  });
});

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

test("the token is renewed before it expires", async () => {
  const emulator = new PowerOfficeEmulator({ tokenLifetimeSeconds: 2 });
  await emulator.listen(0);
  const log: RequestLogEntry[] = [];
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
    await emulator.close();
  }
});

test("a 401 for an expired token renews it once and replays the call", async () => {
  const emulator = new PowerOfficeEmulator({ tokenLifetimeSeconds: 1 });
  await emulator.listen(0);
  const log: RequestLogEntry[] = [];
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
    await emulator.close();
  }
});

test("with the client throttle on, 30 concurrent calls from two clients on one key meet no 429", async () => {
  await withPowerOffice(
    async ({ client, emulator, log }) => {
      const second = createPowerOfficeClient({
        baseUrl: emulator.url,
        ...CREDS,
        retry: { ...FAST_RETRY, maxAttempts: 1 },
        onRequest: (e) => log.push(e),
      });
      try {
        const results = await Promise.all([
          ...Array.from({ length: 15 }, () => client.customers.list()),
          ...Array.from({ length: 15 }, () => second.customers.list()),
        ]);
        expect(results).toHaveLength(30);
        expect(log.filter((e) => e.status === 429)).toEqual([]);
        expect(log).toHaveLength(32); // 30 calls + one token per client
        const { faults } = await stats(emulator);
        expect(faults.throttled ?? 0).toBe(0);
      } finally {
        await second.close();
      }
    },
    // maxAttempts 1: a single 429 would fail a call.
    {
      emulator: { throttle: { enabled: true } },
      client: { throttle: { perSecond: 10 }, retry: { ...FAST_RETRY, maxAttempts: 1 } },
    },
  );
});

test("without the client throttle the emulator answers 429, and the retries absorb it", async () => {
  await withPowerOffice(
    async ({ client, emulator, log }) => {
      const results = await Promise.all(Array.from({ length: 14 }, () => client.customers.list()));
      expect(results).toHaveLength(14);
      const { faults } = await stats(emulator);
      expect(faults.throttled).toBeGreaterThan(0);
      expect(log.filter((e) => e.status === 429).length).toBe(faults.throttled);
    },
    { emulator: { throttle: { enabled: true } }, client: { throttle: false } },
  );
});

test("injected 503, 429 and dropped connections are retried", async () => {
  await withPowerOffice(async ({ client, emulator, log, hook }) => {
    const acme = await client.customers.create({ Name: "Acme AS", EmailAddress: "post@acme.no" });
    for (const faults of [{ rate5xx: 1 }, { rate429: 1, retryAfterSeconds: 0 }, { dropRate: 1 }]) {
      log.length = 0;
      emulator.setFaults(faults);
      hook.onRequest = () => emulator.setFaults({ rate5xx: 0, rate429: 0, dropRate: 0 });
      expect((await client.customers.get(acme.Id)).Name).toBe("Acme AS");
      expect(log).toHaveLength(2);
    }
  });
});

test("a create whose answer is lost leaves exactly one record, found by email among recent changes", async () => {
  await withPowerOffice(async ({ client, emulator, log, hook }) => {
    await client.customers.list(); // the token first, so the lost answer is the create's
    emulator.setFaults({ lostResponseRate: 1 });
    hook.onRequest = (entry) => {
      if (entry.error) emulator.setFaults({ lostResponseRate: 0 });
    };
    log.length = 0;
    const customer = await client.customers.create({
      IsPerson: true,
      FirstName: "Ola",
      LastName: "Nordmann",
      EmailAddress: "ola@example.no",
    });
    expect(emulator.store.customers().filter((c) => c.data.EmailAddress === "ola@example.no")).toHaveLength(1);
    expect(customer.Id).toBe(emulator.store.customers()[0]?.data.Id);
    expect(log.map((e) => [e.method, e.status ?? "lost"])).toEqual([
      ["POST", "lost"],
      ["GET", 200],
    ]);
    expect(log[1]?.url).toContain("lastChangedDateTimeOffsetGreaterThan=");

    // The same for a contact person under that customer.
    emulator.setFaults({ lostResponseRate: 1 });
    const person = await client.contactPersons.create(customer.Id, {
      FirstName: "Kari",
      LastName: "Nordmann",
      EmailAddress: "kari@example.no",
    });
    expect(emulator.store.contactPersons().map((p) => p.data.Id)).toEqual([person.Id]);
  });
});

test("a wrong client key is http_400 invalid_client from the token endpoint, and no key leaks", async () => {
  await withPowerOffice(
    async ({ client, log }) => {
      const error = await client.customers.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toMatch(/^http_40[01]$/);
      expect((error as ApiError).body).toContain("invalid_client");
      const text = JSON.stringify([error, log]);
      expect(text).not.toContain("wrong-client-key-value");
      expect(text).not.toContain(Buffer.from(`${CREDS.applicationKey}:wrong-client-key-value`).toString("base64"));
    },
    { client: { clientKey: "wrong-client-key-value" } },
  );
});

test("no secret and no access token obtained at run time appears in any error or log entry of a run", async () => {
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
    await withPowerOffice(
      async ({ client, emulator, log, hook }) => {
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
      },
      { client: { retry: { ...FAST_RETRY, maxAttempts: 2 } } },
    );
  } finally {
    TokenIssuer.prototype.issue = issue;
    RefreshTokens.prototype.issue = issueRefresh;
  }
});
