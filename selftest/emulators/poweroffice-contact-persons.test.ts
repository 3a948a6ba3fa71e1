// PowerOffice Go contact persons: v2 ContactPersons and the legacy v1 PartyContactPerson read over the same store.
import { expect, test } from "./fixtures.ts";
import { PO, basic, call } from "./helpers.ts";
import type { ContactPerson, Go, Problem } from "./helpers.ts";

async function twoCustomers(go: Go): Promise<[number, number]> {
  const a = await go.customer({ Name: "Alpha", EmailAddress: "post@alpha.no" });
  const b = await go.customer({ Name: "Beta", EmailAddress: "post@beta.no" });
  return [a.Id, b.Id];
}

test("contact persons are created under a customer, read, patched and deleted", async ({ poweroffice: po, go }) => {
  const [alpha] = await twoCustomers(go);
  const created = await go.post<ContactPerson>(`/v2/ContactPersons/${alpha}`, {
    firstName: "Ola",
    LastName: "Nordmann",
    EmailAddress: "Ola.Nordmann@Alpha.NO",
  });
  expect(created.status).toBe(201);
  expect(created.headers.get("location")).toBe(`${go.url}/v2/ContactPersons/${alpha}/${created.body.Id}`);
  expect(created.body).toMatchObject({
    ContactId: alpha,
    FirstName: "Ola",
    LastName: "Nordmann",
    EmailAddress: "Ola.Nordmann@Alpha.NO",
    IsActive: true,
    IsDefault: false,
  });
  const path = `/v2/ContactPersons/${alpha}/${created.body.Id}`;
  expect((await go.get(path)).body).toEqual(created.body);

  const patched = await go.patch<ContactPerson>(path, [
    { op: "replace", path: "/emailAddress", value: "ola@alpha.no" },
  ]);
  expect(patched.status).toBe(200);
  expect(patched.body.EmailAddress).toBe("ola@alpha.no");
  expect(patched.body.LastChangedDateTimeOffset > created.body.LastChangedDateTimeOffset).toBe(true);

  expect((await go.delete(path)).status).toBe(200);
  expect((await go.get(path)).status).toBe(404);
  expect(po.store.contactPersons()).toEqual([]);
});

test("contact person validation and not-found", async ({ go }) => {
  const [alpha, beta] = await twoCustomers(go);
  const missing = await go.post<Problem>(`/v2/ContactPersons/${alpha}`, { FirstName: "Only" });
  expect(missing.status).toBe(400);
  expect(Object.keys(missing.body.errors ?? {})).toEqual(["LastName"]);
  const badMail = await go.post<Problem>(`/v2/ContactPersons/${alpha}`, {
    FirstName: "A",
    LastName: "B",
    EmailAddress: "a@",
  });
  expect(Object.keys(badMail.body.errors ?? {})).toEqual(["EmailAddress"]);
  const noCustomer = await go.post<Problem>("/v2/ContactPersons/424242", { FirstName: "A", LastName: "B" });
  expect(noCustomer.status).toBe(404);
  expect(noCustomer.body.detail).toContain("424242");

  const person = await go.post<ContactPerson>(`/v2/ContactPersons/${alpha}`, { FirstName: "A", LastName: "B" });
  expect((await go.get(`/v2/ContactPersons/${beta}/${person.body.Id}`)).status).toBe(404);
  const readOnly = await go.patch<Problem>(`/v2/ContactPersons/${alpha}/${person.body.Id}`, [
    { op: "replace", path: "/ContactId", value: beta },
  ]);
  expect(readOnly.status).toBe(400);
  const blank = await go.patch<Problem>(`/v2/ContactPersons/${alpha}/${person.body.Id}`, [
    { op: "replace", path: "/FirstName", value: "" },
  ]);
  expect(Object.keys(blank.body.errors ?? {})).toEqual(["FirstName"]);
});

test("listing filters by contactIds (comma-separated or repeated) and strictly by lastChanged", async ({ go }) => {
  const [alpha, beta] = await twoCustomers(go);
  const gamma = (await go.customer({ Name: "Gamma", EmailAddress: "g@g.no" })).Id;
  const people: ContactPerson[] = [];
  for (const [contactId, first] of [
    [alpha, "A1"],
    [beta, "B1"],
    [alpha, "A2"],
    [gamma, "G1"],
  ] as const) {
    people.push(
      (await go.post<ContactPerson>(`/v2/ContactPersons/${contactId}`, { FirstName: first, LastName: "X" })).body,
    );
  }
  const names = async (query: string): Promise<string[]> => {
    const answer = await go.get<ContactPerson[]>(`/v2/ContactPersons?${query}`);
    expect(answer.status, query).toBe(200);
    return answer.body.map((p) => p.FirstName);
  };
  expect(await names("")).toEqual(["A1", "B1", "A2", "G1"]);
  expect(await names(`contactIds=${alpha}`)).toEqual(["A1", "A2"]);
  expect(await names(`contactIds=${alpha},${gamma}`)).toEqual(["A1", "A2", "G1"]);
  expect(await names(`contactIds=${beta}&contactIds=${gamma}`)).toEqual(["B1", "G1"]);
  expect(await names("contactIds=99")).toEqual([]);
  const stamp = encodeURIComponent((people[1] as ContactPerson).LastChangedDateTimeOffset);
  expect(await names(`lastChangedDateTimeOffsetGreaterThan=${stamp}`)).toEqual(["A2", "G1"]);
  expect(await names(`contactIds=${alpha}&lastChangedDateTimeOffsetGreaterThan=${stamp}`)).toEqual(["A2"]);
  expect(await names("PageSize=2&PageNumber=2")).toEqual(["A2", "G1"]);
  expect((await go.get("/v2/ContactPersons?contactIds=abc")).status).toBe(400);
});

test("v1 PartyContactPerson reads the same contact persons in camelCase with the {data, count, success} envelope", async ({
  go,
  v1: v1host,
}) => {
  const [alpha, beta] = await twoCustomers(go);
  for (const [contactId, first, email] of [
    [alpha, "Ann", "Ann@Alpha.no"],
    [alpha, "Bo", "bo@alpha.no"],
    [beta, "Cy", "cy@beta.no"],
  ] as const) {
    await go.post(`/v2/ContactPersons/${contactId}`, { FirstName: first, LastName: "L", EmailAddress: email });
  }
  const v1 = async (query: string, path = "/PartyContactPerson") => v1host.get(`${path}?${query}`);

  const all = await v1("");
  expect(all.status).toBe(200);
  expect(all.body.success).toBe(true);
  expect(all.body.count).toBe(3);
  expect(all.body.data[0]).toMatchObject({
    id: expect.any(Number),
    partyId: alpha,
    firstName: "Ann",
    lastName: "L",
    emailAddress: "Ann@Alpha.no",
    partyCustomerCode: 10000,
    lastChanged: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/),
  });

  const filter = (expression: string): string => `$filter=${encodeURIComponent(expression)}`;
  expect((await v1(filter(`PartyId eq ${alpha}`))).body.data.map((r) => r.firstName)).toEqual(["Ann", "Bo"]);
  expect((await v1(filter("emailAddress eq 'Ann@Alpha.no'"))).body.count).toBe(1);
  expect((await v1(filter("EmailAddress eq 'ann@alpha.no'"))).body.count).toBe(0);
  expect((await v1(filter("tolower(EmailAddress) eq 'ann@alpha.no'"))).body.count).toBe(1);
  expect((await v1(filter("(LastChanged ge datetimeoffset'1970-01-01')"))).body.count).toBe(3);
  expect((await v1(filter(`PartyId eq ${alpha} and not (FirstName eq 'Bo')`))).body.count).toBe(1);

  const paged = await v1(`$top=1&$skip=1&${filter(`PartyId eq ${alpha}`)}`, "/partycontactperson");
  expect(paged.body.count).toBe(2);
  expect(paged.body.data.map((r) => r.firstName)).toEqual(["Bo"]);
  const ordered = await v1("$orderby=FirstName desc");
  expect(ordered.body.data.map((r) => r.firstName)).toEqual(["Cy", "Bo", "Ann"]);

  const invalid = await v1(filter("PartyId equals 1"));
  expect(invalid.status).toBe(200);
  expect(invalid.body).toMatchObject({ success: false, validation: { exception: "OData" } });
  expect((await v1(filter("ShoeSize eq 1"))).body.success).toBe(false);

  const anonymous = await call(`${v1host.url}/PartyContactPerson`);
  expect(anonymous.status).toBe(401);
  expect(anonymous.body).toEqual({ Message: "Authorization has been denied for this request." });

  // One person by its customer and id (Sesam's contact_lookup); v1 says "not found" in a 200.
  const first = all.body.data[0] as { id: number };
  const one = await v1host.get<{ data: Record<string, unknown>; success: boolean }>(
    `/Customer/${alpha}/Contact/${first.id}/`,
  );
  expect(one.body).toEqual({ data: all.body.data[0], success: true });
  const wrongParent = await v1host.get(`/Customer/${beta}/Contact/${first.id}`);
  expect(wrongParent.status).toBe(200);
  expect(wrongParent.body).toMatchObject({ success: false, validation: { exception: "NotFound" } });
});

test("v1 is a host of its own: the v2 host serves no v1 route, and neither host takes the other's token", async ({
  go,
  v1,
}) => {
  for (const path of ["/PartyContactPerson", "/v1/PartyContactPerson", "/Customer/1/Contact/1"]) {
    const answer = await call(`${go.url}${path}`, { headers: await go.headers() });
    expect(answer.status, path).toBe(404);
    expect(answer.body).toEqual({ statusCode: 404, message: "Resource not found" });
  }
  const v1OnV2 = await call(`${go.url}/v1/OAuth/Token`, {
    method: "POST",
    headers: { Authorization: basic(), "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  expect(v1OnV2.status).toBe(404);
  expect((await v1.get("/v2/Customers")).status).toBe(404);

  const v2Token = await go.token();
  expect((await v1.get("/PartyContactPerson", v2Token)).status).toBe(401);
  const v1Token = await v1.token();
  const v2WithV1Token = await call(`${go.url}/v2/Customers`, {
    headers: { Authorization: `Bearer ${v1Token}`, "Ocp-Apim-Subscription-Key": PO.subscriptionKey },
  });
  expect(v2WithV1Token.status).toBe(401);
  expect(v2WithV1Token.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
});

test("a string over the length the v2 OpenAPI documents is refused, on a POST and in a patch; the maximum is taken", async ({
  go,
}) => {
  const [alpha] = await twoCustomers(go);
  const tooLong = await go.post<Problem>(`/v2/ContactPersons/${alpha}`, {
    FirstName: "A",
    LastName: "B",
    ExternalCode: "x".repeat(51),
  });
  expect(tooLong.status).toBe(400);
  expect(JSON.stringify(tooLong.body.errors)).toContain("maximum length of '50'");
  const person = await go.post<ContactPerson>(`/v2/ContactPersons/${alpha}`, {
    FirstName: "A",
    LastName: "B",
    ExternalCode: "x".repeat(50),
  });
  expect(person.status).toBe(201);
  const path = `/v2/ContactPersons/${alpha}/${person.body.Id}`;
  expect((await go.patch(path, [{ op: "replace", path: "/ExternalCode", value: "y".repeat(51) }])).status).toBe(400);
  const city = await go.post<Problem>("/v2/Customers", { Name: "Gamma", MailAddress: { City: "c".repeat(101) } });
  expect(city.status).toBe(400);
});
