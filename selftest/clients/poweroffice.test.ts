// The PowerOffice client against the PowerOffice emulator in process: every resource method and what it costs in
// requests (pages of 2, so paging shows), the base URL's path, one token for concurrent calls.
import { ApiError } from "../../support/clients/http/errors.ts";
import type { RequestLogEntry } from "../../support/clients/http/request-log.ts";
import { SUBSCRIPTION_KEY_HEADER } from "../../support/clients/poweroffice/auth.ts";
import { SMALL_PAGES, expect, test } from "./fixtures.ts";
import { counter } from "./helpers/count.ts";

test.use({ powerofficeClientOptions: SMALL_PAGES });

const tokenRequests = (log: RequestLogEntry[]) => log.filter((e) => e.url.endsWith("/OAuth/Token")).length;

test("customers: every method works, at a known number of requests", async ({
  powerofficeClient: client,
  log,
  poweroffice: emulator,
}) => {
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
  // "Greater than" is strict: an update in the same millisecond as `before` would not count as changed since it.
  const before = new Date(Date.now() - 1);
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

test("contact persons (v2 and the v1 read): every method works, at a known number of requests", async ({
  powerofficeClient: client,
  log,
  poweroffice: emulator,
}) => {
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
  expect(v1.data).toEqual([expect.objectContaining({ id: kari.Id, partyId: acme.Id, emailAddress: "kari.n@acme.no" })]);
  expect(v1.count).toBe(1);
  const badFilter = await client.partyContactPersons.list({ filter: "emailAddress eq" }).catch((e: unknown) => e);
  expect((badFilter as ApiError).code).toBe("invalid_response");
  expect((badFilter as ApiError).body).toContain('"success":false');

  await count("contactPersons.delete", () => client.contactPersons.delete(acme.Id, kari.Id), 1);
  expect(emulator.store.contactPerson(acme.Id, kari.Id)).toBeUndefined();
});

test.describe(() => {
  test.use({ powerofficeBasePath: "/Demo" });
  test("the base URL's path is kept (https://goapi.poweroffice.net/Demo style)", async ({
    powerofficeClient: client,
    log,
  }) => {
    // The emulator does not serve /Demo: the 404 proves the path was sent, not dropped.
    const error = await client.customers.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(log[0]?.url).toMatch(/\/Demo\/OAuth\/Token$/);
  });
});

test("one token request serves many concurrent calls", async ({ powerofficeClient: client, log }) => {
  await Promise.all(Array.from({ length: 20 }, () => client.customers.list()));
  expect(tokenRequests(log)).toBe(1);
  expect(log).toHaveLength(21);
  // Every API call carries the bearer token and the subscription key.
  const apiCalls = log.filter((e) => !e.url.endsWith("/OAuth/Token"));
  expect(apiCalls.every((e) => e.requestHeaders.authorization === "Bearer [REDACTED]")).toBe(true);
  expect(apiCalls.every((e) => e.requestHeaders[SUBSCRIPTION_KEY_HEADER] === "[REDACTED]")).toBe(true);
});
