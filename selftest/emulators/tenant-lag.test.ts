// Reads that lag writes (PowerOffice's replica, limitations.md "Live data"; the same knob on YouTrack), and
// LastChangedDateTimeOffset that ignores sub-entity edits (v2 OpenAPI, CustomerDto).
import { expect, test } from "./fixtures.ts";
import { call } from "./helpers.ts";
import type { ContactPerson, Customer, HubUser, V1Page } from "./helpers.ts";

// Long enough that a read sent right after a write lands well inside it, even on a busy machine.
const LAG_MS = 600;

/** Polls until `fresh` holds; returns how long after `since` it first did. */
async function freshAfter(since: number, fresh: () => Promise<boolean>, what: string): Promise<number> {
  await expect
    .poll(fresh, { message: `${what} within ${LAG_MS + 2_000} ms`, timeout: LAG_MS + 2_000, intervals: [50] })
    .toBe(true);
  return performance.now() - since;
}

test.describe(() => {
  test.use({ powerofficeOptions: { throttle: { enabled: false }, readLagMs: LAG_MS } });
  test("v2: a GET by id or a list just after a write shows the state before it; after the lag, the write", async ({
    go,
  }) => {
    let wroteAt = performance.now();
    const created = await go.customer({ Name: "Acme", EmailAddress: "a@acme.no" });
    expect((await go.get(`/v2/Customers/${created.Id}`)).status).toBe(404);
    expect((await go.get<Customer[]>("/v2/Customers")).body).toEqual([]);
    // Writes act on the live state: the record the replica does not show yet can be changed.
    const patched = await go.patch<Customer>(`/v2/Customers/${created.Id}`, [
      { op: "replace", path: "/EmailAddress", value: "b@acme.no" },
    ]);
    expect(patched.status).toBe(200);
    const seen = await freshAfter(
      wroteAt,
      async () => (await go.get<Customer>(`/v2/Customers/${created.Id}`)).body.EmailAddress === "b@acme.no",
      "the customer",
    );
    expect(seen).toBeGreaterThanOrEqual(LAG_MS - 50);

    wroteAt = performance.now();
    await go.patch(`/v2/Customers/${created.Id}`, [{ op: "replace", path: "/EmailAddress", value: "c@acme.no" }]);
    expect((await go.get<Customer>(`/v2/Customers/${created.Id}`)).body.EmailAddress).toBe("b@acme.no");
    expect((await go.get<Customer[]>("/v2/Customers")).body.map((c) => c.EmailAddress)).toEqual(["b@acme.no"]);
    await freshAfter(
      wroteAt,
      async () => (await go.get<Customer[]>("/v2/Customers")).body[0]?.EmailAddress === "c@acme.no",
      "the edit in the list",
    );

    wroteAt = performance.now();
    expect((await go.delete(`/v2/Customers/${created.Id}`)).status).toBe(200);
    expect((await go.get(`/v2/Customers/${created.Id}`)).status).toBe(200);
    await freshAfter(wroteAt, async () => (await go.get(`/v2/Customers/${created.Id}`)).status === 404, "the delete");
    expect((await go.get<Customer[]>("/v2/Customers")).body).toEqual([]);
  });
});

test.describe(() => {
  test.use({ powerofficeOptions: { throttle: { enabled: false }, readLagMs: LAG_MS } });
  test("contact persons lag the same way on v2 and on the v1 host (list and GET by id)", async ({
    poweroffice: po,
    go,
    v1,
  }) => {
    const parent = await go.customer({ Name: "Acme", EmailAddress: "a@acme.no" });
    await v1.token();
    const wroteAt = performance.now();
    const person = (
      await go.post<ContactPerson>(`/v2/ContactPersons/${parent.Id}`, { FirstName: "Kari", LastName: "N" })
    ).body;
    expect((await go.get(`/v2/ContactPersons/${parent.Id}/${person.Id}`)).status).toBe(404);
    expect((await go.get<ContactPerson[]>("/v2/ContactPersons")).body).toEqual([]);
    expect((await v1.get("/PartyContactPerson")).body).toMatchObject({ data: [], count: 0 });
    expect((await v1.get(`/Customer/${parent.Id}/Contact/${person.Id}`)).body).toMatchObject({ success: false });
    // The live store has it all along.
    expect(po.store.contactPersons()).toHaveLength(1);
    const seen = await freshAfter(
      wroteAt,
      async () => (await v1.get<V1Page>("/PartyContactPerson")).body.count === 1,
      "the v1 list",
    );
    expect(seen).toBeGreaterThanOrEqual(LAG_MS - 50);
    expect((await v1.get(`/Customer/${parent.Id}/Contact/${person.Id}`)).body).toMatchObject({ success: true });
    expect((await go.get(`/v2/ContactPersons/${parent.Id}/${person.Id}`)).status).toBe(200);
  });
});

test("the lag is set at run time and off by default; with none, a read sees the write at once", async ({
  poweroffice: po,
  go,
}) => {
  expect(po.readLagMs).toBe(0);
  const created = await go.customer({ Name: "Acme", EmailAddress: "a@acme.no" });
  expect((await go.get(`/v2/Customers/${created.Id}`)).status).toBe(200);
  po.setReadLag(LAG_MS);
  const later = await go.customer({ Name: "Later", EmailAddress: "l@acme.no" });
  expect((await go.get(`/v2/Customers/${later.Id}`)).status).toBe(404);
  // Older writes are not hidden by a lag set after them.
  expect((await go.get(`/v2/Customers/${created.Id}`)).status).toBe(200);
});

test("a MailAddress edit leaves the customer's LastChangedDateTimeOffset, so the changed-since listing misses it", async ({
  go,
}) => {
  const customer = await go.customer({ Name: "Acme", EmailAddress: "a@acme.no" });
  const since = encodeURIComponent(customer.LastChangedDateTimeOffset);
  const changedSince = async () =>
    (await go.get<Customer[]>(`/v2/Customers?lastChangedDateTimeOffsetGreaterThan=${since}`)).body.map((c) => c.Id);

  const moved = await go.patch<Customer & { MailAddress: { LastChangedDateTimeOffset: string } }>(
    `/v2/Customers/${customer.Id}`,
    [
      { op: "replace", path: "/MailAddress/CountryCode", value: "SE" },
      { op: "replace", path: "/MailAddress/City", value: "Oslo" },
    ],
  );
  expect(moved.status).toBe(200);
  expect(moved.body.MailAddress).toMatchObject({ CountryCode: "SE", City: "Oslo" });
  expect(moved.body.LastChangedDateTimeOffset).toBe(customer.LastChangedDateTimeOffset);
  // The address itself is stamped; the customer is not.
  expect(moved.body.MailAddress.LastChangedDateTimeOffset > customer.LastChangedDateTimeOffset).toBe(true);
  expect(await changedSince()).toEqual([]);

  // A contact person's change does not move its customer either.
  const person = (
    await go.post<ContactPerson>(`/v2/ContactPersons/${customer.Id}`, { FirstName: "Kari", LastName: "N" })
  ).body;
  await go.patch(`/v2/ContactPersons/${customer.Id}/${person.Id}`, [{ op: "replace", path: "/Title", value: "CEO" }]);
  expect((await go.get<Customer>(`/v2/Customers/${customer.Id}`)).body.LastChangedDateTimeOffset).toBe(
    customer.LastChangedDateTimeOffset,
  );
  expect(await changedSince()).toEqual([]);

  // A property of the customer itself does move it, with the address in the same patch or not.
  const own = await go.patch<Customer>(`/v2/Customers/${customer.Id}`, [
    { op: "replace", path: "/PhoneNumber", value: "+47 22 00 00 00" },
    { op: "replace", path: "/MailAddress/City", value: "Bergen" },
  ]);
  expect(own.body.LastChangedDateTimeOffset > customer.LastChangedDateTimeOffset).toBe(true);
  expect(await changedSince()).toEqual([customer.Id]);
});

test.describe(() => {
  test.use({ youtrackOptions: { readLagMs: LAG_MS } });
  test("YouTrack: no lag unless asked for; with one, reads lag user creates and edits", async ({
    youtrack: yt,
    hub,
  }) => {
    const wroteAt = performance.now();
    const ann = await hub.user("ann", "ann@example.no");
    expect((await hub.get(`/hub/api/rest/users/${ann.id}`)).status).toBe(404);
    expect((await hub.get<{ total: number }>("/hub/api/rest/users")).body.total).toBe(0);
    const seen = await freshAfter(
      wroteAt,
      async () => (await hub.get(`/hub/api/rest/users/${ann.id}`)).status === 200,
      "the Hub user",
    );
    expect(seen).toBeGreaterThanOrEqual(LAG_MS - 50);
    await hub.post(`/hub/api/rest/users/${ann.id}`, { name: "Ann Berg" });
    expect((await hub.get<HubUser>(`/hub/api/rest/users/${ann.id}`)).body.name).toBe("ann");
    yt.setReadLag(0);
    expect((await hub.get<HubUser>(`/hub/api/rest/users/${ann.id}`)).body.name).toBe("Ann Berg");
    expect((await call(`${hub.url}/__admin/config`)).body).toMatchObject({ readLagMs: 0 });
  });
});
