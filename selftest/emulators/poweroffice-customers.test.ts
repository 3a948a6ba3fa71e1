// PowerOffice Go v2 Customers: create rules, JSON Patch, LastChangedDateTimeOffset, paging and filters.
import { expect, test } from "./fixtures.ts";
import { call } from "./helpers.ts";
import type { Customer, Problem } from "./helpers.ts";

const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+00:00$/;

test("a company and a person customer are created, read and deleted", async ({ poweroffice: po, go }) => {
  const company = await go.post<Customer>("/v2/Customers", { Name: "Acme AS", EmailAddress: "Post@Acme.NO" });
  expect(company.status).toBe(201);
  expect(company.headers.get("location")).toBe(`${go.url}/v2/Customers/${company.body.Id}`);
  expect(company.body).toMatchObject({
    Name: "Acme AS",
    IsPerson: false,
    EmailAddress: "Post@Acme.NO",
    InvoiceDeliveryType: "PdfByEmail",
    Number: 10000,
    IsActive: true,
    IsArchived: false,
    MailAddress: { CountryCode: "NO" },
  });
  expect(company.body.LastChangedDateTimeOffset).toMatch(ISO_OFFSET);

  const person = await go.customer({
    isPerson: true,
    firstName: "Kari",
    lastName: "Nordmann",
    invoiceDeliveryType: "print",
  });
  expect(person).toMatchObject({
    Name: "Kari Nordmann",
    IsPerson: true,
    InvoiceDeliveryType: "Print",
    Number: 10001,
  });
  expect(person.Id).toBeGreaterThan(company.body.Id);

  expect((await go.get(`/v2/Customers/${person.Id}`)).body).toEqual(person);
  const deleted = await go.delete(`/v2/Customers/${person.Id}`);
  expect(deleted.status).toBe(200);
  expect(po.store.customers().map((c) => c.data.Name)).toEqual(["Acme AS"]);
  expect((await go.get(`/v2/customers/${company.body.Id}`)).status).toBe(200);
});

test("create validation: person names, company name, e-mail or Print, well-formed e-mails, unique number", async ({
  poweroffice: po,
  go,
}) => {
  await go.customer({ Name: "Taken", Number: 20000, EmailAddress: "a@b.no" });
  const cases: [Record<string, unknown>, string[]][] = [
    [{ IsPerson: true, FirstName: "Kari", EmailAddress: "k@n.no" }, ["LastName"]],
    [{ IsPerson: true, EmailAddress: "k@n.no" }, ["FirstName", "LastName"]],
    [{ EmailAddress: "k@n.no" }, ["Name"]],
    [{ Name: "No contact" }, ["EmailAddress"]],
    [{ Name: "Bad mail", EmailAddress: "kari@" }, ["EmailAddress"]],
    [
      { Name: "Bad invoice mail", InvoiceDeliveryType: "Print", InvoiceEmailAddress: "x y@z.no" },
      ["InvoiceEmailAddress"],
    ],
    [{ Name: "Dup", EmailAddress: "d@d.no", Number: 20000 }, ["Number"]],
    [{ Name: "Country", EmailAddress: "c@c.no", MailAddress: { CountryCode: "NOR" } }, ["MailAddress.CountryCode"]],
    [{ Name: "Types", EmailAddress: "t@t.no", IsPerson: "yes" }, ["$.IsPerson"]],
    [{ Name: "Enum", EmailAddress: "e@e.no", InvoiceDeliveryType: "Pigeon" }, ["$.InvoiceDeliveryType"]],
  ];
  for (const [body, fields] of cases) {
    const answer = await go.post<Problem>("/v2/Customers", body);
    expect(answer.status, JSON.stringify(body)).toBe(400);
    expect(answer.headers.get("content-type")).toContain("application/problem+json");
    expect(answer.body).toMatchObject({ title: "One or more validation errors occurred.", status: 400 });
    expect(answer.body.traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(Object.keys(answer.body.errors ?? {}).sort(), JSON.stringify(body)).toEqual(fields.sort());
  }
  expect(po.store.customers()).toHaveLength(1);
  const print = await go.post<Customer>("/v2/Customers", { Name: "Paper only", InvoiceDeliveryType: "Print" });
  expect(print.status).toBe(201);
});

test("bad bodies: malformed JSON, empty body, wrong media type, not an object", async ({ go }) => {
  const headers = await go.headers({ "Content-Type": "application/json" });
  const malformed = await call<Problem>(`${go.url}/v2/Customers`, { method: "POST", headers, body: "{" });
  expect(malformed.status).toBe(400);
  expect(malformed.body.errors?.$?.[0]).toMatch(/^Malformed JSON body/);
  const empty = await call<Problem>(`${go.url}/v2/Customers`, { method: "POST", headers, body: "" });
  expect(empty.status).toBe(400);
  expect(empty.body.errors).toEqual({ "": ["A non-empty request body is required."] });
  const xml = await call<Problem>(`${go.url}/v2/Customers`, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/xml" },
    body: "<x/>",
  });
  expect(xml.status).toBe(415);
  expect(xml.body).toMatchObject({ status: 415, title: "Unsupported Media Type" });
  expect((await go.post("/v2/Customers", ["not", "an", "object"])).status).toBe(400);
});

test("unknown ids are 404 ProblemDetails; non-numeric ids are 400; unknown operations are API Management's 404", async ({
  go,
}) => {
  for (const answer of [
    await go.get<Problem>("/v2/Customers/999"),
    await go.patch<Problem>("/v2/Customers/999", [{ op: "replace", path: "/Name", value: "x" }]),
    await go.delete("/v2/Customers/999"),
  ]) {
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ status: 404, title: "Not Found", detail: expect.stringContaining("999") });
  }
  const word = await go.get<Problem>("/v2/Customers/abc");
  expect(word.status).toBe(400);
  expect(word.body.errors).toEqual({ id: ["The value 'abc' is not valid."] });
  const unknown = await go.get("/v2/Suppliers");
  expect(unknown.status).toBe(404);
  expect(unknown.body).toEqual({ statusCode: 404, message: "Resource not found" });
  expect((await call(`${go.url}/v2/Customers`, { method: "PUT", headers: await go.headers() })).status).toBe(404);
});

test("JSON Patch: replace/add/remove/test, case-insensitive paths, nested MailAddress, both media types", async ({
  go,
}) => {
  const created = await go.customer({ Name: "Acme", EmailAddress: "post@acme.no", PhoneNumber: "123" });
  const path = `/v2/Customers/${created.Id}`;
  const patched = await go.patch<Customer>(path, [
    { op: "test", path: "/name", value: "Acme" },
    { op: "replace", path: "/emailaddress", value: "Faktura@Acme.NO" },
    { op: "add", path: "/WebsiteUrl", value: "https://acme.no" },
    { op: "remove", path: "/PhoneNumber" },
    { op: "replace", path: "/mailaddress/countrycode", value: "SE" },
    { op: "replace", path: "/MailAddress/City", value: "Göteborg" },
  ]);
  expect(patched.status).toBe(200);
  expect(patched.body).toMatchObject({
    EmailAddress: "Faktura@Acme.NO",
    WebsiteUrl: "https://acme.no",
    PhoneNumber: null,
    MailAddress: { CountryCode: "SE", City: "Göteborg", Id: created.MailAddress.Id },
  });
  expect(patched.body.LastChangedDateTimeOffset > created.LastChangedDateTimeOffset).toBe(true);

  const asJson = await go.patch<Customer>(
    path,
    [{ op: "replace", path: "/Name", value: "Acme AS" }],
    "application/json",
  );
  expect(asJson.status).toBe(200);
  expect(asJson.body.Name).toBe("Acme AS");

  const person = await go.customer({
    IsPerson: true,
    FirstName: "Kari",
    LastName: "Nordmann",
    EmailAddress: "k@n.no",
  });
  const renamed = await go.patch<Customer>(`/v2/Customers/${person.Id}`, [
    { op: "replace", path: "/LastName", value: "Hansen" },
  ]);
  expect(renamed.body.Name).toBe("Kari Hansen");
});

test("JSON Patch errors leave the customer unchanged", async ({ poweroffice: po, go }) => {
  const created = await go.customer({ Name: "Acme", EmailAddress: "post@acme.no" });
  const path = `/v2/Customers/${created.Id}`;
  const cases: [unknown, string][] = [
    [[{ op: "replace", path: "/Id", value: 1 }], "could not be updated"],
    [[{ op: "replace", path: "/LastChangedDateTimeOffset", value: "2020-01-01T00:00:00Z" }], "could not be updated"],
    [[{ op: "replace", path: "/IsActive", value: false }], "could not be updated"],
    [[{ op: "replace", path: "/Nope", value: 1 }], "path segment 'Nope' was not found"],
    [[{ op: "replace", path: "/MailAddress/Nope", value: 1 }], "path segment 'Nope' was not found"],
    [[{ op: "replace", path: "/IsPerson", value: "maybe" }], "is invalid for target location"],
    [[{ op: "test", path: "/Name", value: "Other" }], "is not equal to the test value"],
    [[{ op: "move", from: "/Name", path: "/PhoneNumber" }], "does not support the 'move' operation"],
    [[{ op: "frobnicate", path: "/Name" }], "Invalid JsonPatch operation"],
    [{ op: "replace", path: "/Name", value: "not an array" }, "malformed"],
    [
      [
        { op: "replace", path: "/Name", value: "ok" },
        { op: "remove", path: "/Nope" },
      ],
      "path segment 'Nope'",
    ],
  ];
  for (const [ops, message] of cases) {
    const answer = await go.patch<Problem>(path, ops);
    expect(answer.status, JSON.stringify(ops)).toBe(400);
    expect(
      Object.values(answer.body.errors ?? {})
        .flat()
        .join(" "),
      JSON.stringify(ops),
    ).toContain(message);
  }
  const emptied = await go.patch<Problem>(path, [{ op: "remove", path: "/EmailAddress" }]);
  expect(emptied.status).toBe(400);
  expect(Object.keys(emptied.body.errors ?? {})).toEqual(["EmailAddress"]);
  const text = await go.patch(path, [{ op: "replace", path: "/Name", value: "x" }], "text/plain");
  expect(text.status).toBe(415);
  expect(po.store.customer(created.Id)?.data).toEqual(created);
});

test("LastChangedDateTimeOffset is strictly increasing, and the GreaterThan filter is strict", async ({ go }) => {
  const stamps: string[] = [];
  const a = await go.customer({ Name: "A", EmailAddress: "a@a.no" });
  stamps.push(a.LastChangedDateTimeOffset);
  for (let i = 0; i < 5; i++) {
    const answer = await go.patch<Customer>(`/v2/Customers/${a.Id}`, [
      { op: "replace", path: "/PhoneNumber", value: `${i}` },
    ]);
    stamps.push(answer.body.LastChangedDateTimeOffset);
  }
  const b = await go.customer({ Name: "B", EmailAddress: "b@b.no" });
  stamps.push(b.LastChangedDateTimeOffset);
  expect(new Set(stamps).size).toBe(stamps.length);
  expect([...stamps].sort()).toEqual(stamps);

  const after = async (stamp: string): Promise<string[]> =>
    (
      await go.get<Customer[]>(`/v2/Customers?lastChangedDateTimeOffsetGreaterThan=${encodeURIComponent(stamp)}`)
    ).body.map((c) => c.Name);
  expect(await after(stamps[5] as string)).toEqual(["B"]);
  expect(await after(stamps[4] as string)).toEqual(["A", "B"]);
  expect(await after(b.LastChangedDateTimeOffset)).toEqual([]);
  expect(await after("2000-01-01 00:00:00.0000000 -00:00")).toEqual(["A", "B"]);
  const bad = await go.get<Problem>("/v2/Customers?lastChangedDateTimeOffsetGreaterThan=yesterday");
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.errors ?? {})).toEqual(["lastChangedDateTimeOffsetGreaterThan"]);
});

test("lists are bare arrays paged by PageNumber/PageSize and filtered by customerNos", async ({ go }) => {
  for (let n = 0; n < 7; n++) await go.customer({ Name: `C${n}`, EmailAddress: `c${n}@c.no` });
  const names = async (query: string): Promise<string[]> => {
    const answer = await go.get<Customer[]>(`/v2/Customers?${query}`);
    expect(answer.status, query).toBe(200);
    return answer.body.map((c) => c.Name);
  };
  expect(await names("PageNumber=1&PageSize=3")).toEqual(["C0", "C1", "C2"]);
  expect(await names("pagenumber=3&pagesize=3")).toEqual(["C6"]);
  expect(await names("PageNumber=4&PageSize=3")).toEqual([]);
  expect(await names("")).toHaveLength(7);
  expect(await names("customerNos=10001")).toEqual(["C1"]);
  expect(await names(`customerNos=${encodeURIComponent("10000-10001, 10004, 10005-")}`)).toEqual([
    "C0",
    "C1",
    "C4",
    "C5",
    "C6",
  ]);
  for (const bad of ["PageSize=0", "PageSize=20001", "PageNumber=0", "PageNumber=x", "customerNos=abc"]) {
    expect((await go.get(`/v2/Customers?${bad}`)).status, bad).toBe(400);
  }
});

test("a customer with contact persons cannot be deleted (409) until they are gone", async ({ poweroffice: po, go }) => {
  const customer = await go.customer({ Name: "Parent", EmailAddress: "p@p.no" });
  const person = await go.post<{ Id: number }>(`/v2/ContactPersons/${customer.Id}`, {
    FirstName: "A",
    LastName: "B",
  });
  const refused = await go.delete(`/v2/Customers/${customer.Id}`);
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ status: 409, title: "Conflict" });
  expect(po.store.customer(customer.Id)).toBeDefined();
  expect((await go.delete(`/v2/ContactPersons/${customer.Id}/${person.body.Id}`)).status).toBe(200);
  expect((await go.delete(`/v2/Customers/${customer.Id}`)).status).toBe(200);
});
