// The reference sync stays correct against tenants that are less kind than an emulator at rest: a write is refused
// when the tenant changed since the values were collected (`$based_on`, lost-write prevention); a datatype synced
// through a sub-entity (whose edits do not move LastChangedDateTimeOffset) is read whole every run; incremental
// reads overlap the watermark (reads lag writes); and a stale listing never moves a collected record back in time.
import { expect, test } from "./fixtures.ts";
import { contactEmail, linkedPair, pumpAll, userEmail } from "./records.ts";
import { pipeConfig } from "../../emulators/sesam/sync/pipe-config.ts";
import { fixture } from "./stack.ts";

const CONTACT_SHARE = "powerofficego-contactperson-share";

test("$based_on: a share does not write over a change the tenant got after the values were collected", async ({
  stack,
}) => {
  const { user, contact } = await linkedPair(stack, "ada@example.com");
  await stack.yt.users.update(user.id, { email: "hub@example.com" });
  // Everything up to the share, then an edit in PowerOffice that no collect has seen.
  await pumpAll(
    stack,
    stack.node.pipes.filter((pipe) => !pipe.endsWith("-share")),
  );
  const transform = stack.node.store
    .transformedOf("poweroffice/contactperson")
    .get(`powerofficego-contactperson:${contact.Id}`);
  expect(transform).toMatchObject({
    EmailAddress: "hub@example.com",
    $based_on: { EmailAddress: "ada@example.com" },
    $based_on_properties: ["EmailAddress"],
  });
  await stack.po.contactPersons.update(stack.parentId, contact.Id, { EmailAddress: "po@example.com" });
  await stack.pump(CONTACT_SHARE);
  expect(await contactEmail(stack, contact.Id)).toBe("po@example.com");
  // Left for a later run, not dropped.
  expect([...(stack.node.store.retries.get(CONTACT_SHARE) ?? [])]).toEqual([
    `powerofficego-contactperson:${contact.Id}`,
  ]);
  // The next passes see the PowerOffice edit: it is newer than the Hub edit, so it wins on both sides.
  await stack.settle();
  expect(await contactEmail(stack, contact.Id)).toBe("po@example.com");
  expect(await userEmail(stack, user.id)).toBe("po@example.com");
});

test("a stale listing never moves a collected record back in time", async ({ stack }) => {
  const { user, contact } = await linkedPair(stack, "ada@example.com");
  const listed = stack.node.store.listed.get("poweroffice/contactperson");
  const older = listed?.get(String(contact.Id));
  expect(older?.EmailAddress).toBe("ada@example.com");
  await stack.yt.users.update(user.id, { email: "new@example.com" });
  await stack.settle();
  const collected = stack.node.store.collectedOf("poweroffice/contactperson");
  const now = collected.get(String(contact.Id));
  expect(now?.EmailAddress).toBe("new@example.com");
  // A replica behind the write lists the record as it was before (older LastChangedDateTimeOffset).
  const { _id, _updated, _ts, _deleted, _hash, _previous, ...record } = older as NonNullable<typeof older>;
  void [_updated, _ts, _deleted, _hash, _previous];
  listed?.put(_id, { ...record });
  await stack.pump("powerofficego-contactperson-collect");
  expect(collected.get(String(contact.Id))).toEqual(now);
  await stack.settle();
  expect(await userEmail(stack, user.id)).toBe("new@example.com");
  expect(await contactEmail(stack, contact.Id)).toBe("new@example.com");
});

test.describe(() => {
  test.use({ stackOptions: { recordPowerOffice: true, node: { sync: { watermarkOverlapMs: 3_000 } } } });
  test("incremental PowerOffice reads ask for changes since the newest seen minus the overlap", async ({ stack }) => {
    const { contact } = await linkedPair(stack, "ada@example.com");
    const newest = (await stack.po.contactPersons.get(stack.parentId, contact.Id)).LastChangedDateTimeOffset as string;
    stack.powerofficeRequests.length = 0;
    await stack.pump("powerofficego-contactperson-all");
    const lists = stack.powerofficeRequests.filter(
      (r) => r.method === "GET" && r.url.pathname === "/v2/ContactPersons",
    );
    expect(lists).toHaveLength(1);
    const since = lists[0]?.url.searchParams.get("lastChangedDateTimeOffsetGreaterThan");
    expect(Date.parse(newest) - Date.parse(since ?? "")).toBe(3_000);
  });
});

test.describe(() => {
  test.use({ stackOptions: { checklists: [fixture("sub-entity.rst")], recordPowerOffice: true } });
  test("a datatype synced through a sub-entity is read whole every run; its edits arrive", async ({ stack }) => {
    const user = await stack.yt.users.create({ login: "ada", name: "Ada Lovelace", email: "ada@example.com" });
    const customer = await stack.po.customers.create({
      IsPerson: true,
      FirstName: "Ada",
      LastName: "Lovelace",
      EmailAddress: "ada@example.com",
    });
    await stack.po.contactPersons.create(stack.parentId, {
      FirstName: "Bo",
      LastName: "B",
      EmailAddress: "bo@example.com",
    });
    await stack.settle();
    expect((await stack.po.customers.get(customer.Id)).MailAddress?.City).toBe("Ada Lovelace");
    const all = stack.node.plan.pipes.find((p) => p.id === "powerofficego-customers-person-all");
    expect(all && pipeConfig(all, stack.node.plan).source).toMatchObject({ type: "rest", supports_since: false });

    await stack.po.customers.update(customer.Id, { "MailAddress.City": "Bergen" });
    stack.powerofficeRequests.length = 0;
    await stack.settle();
    expect((await stack.yt.users.get(user.id)).name).toBe("Bergen");

    const customerLists = stack.powerofficeRequests.filter(
      (r) => r.url.pathname === "/v2/Customers" && r.method === "GET",
    );
    const personLists = stack.powerofficeRequests.filter(
      (r) => r.url.pathname === "/v2/ContactPersons" && r.method === "GET",
    );
    expect(customerLists.length).toBeGreaterThan(0);
    // Customers (synced through MailAddress) unfiltered every run; contact persons by last change.
    expect(customerLists.every((r) => !r.url.searchParams.has("lastChangedDateTimeOffsetGreaterThan"))).toBe(true);
    expect(personLists.every((r) => r.url.searchParams.has("lastChangedDateTimeOffsetGreaterThan"))).toBe(true);
    expect(personLists.length).toBeGreaterThan(0);
  });
});
