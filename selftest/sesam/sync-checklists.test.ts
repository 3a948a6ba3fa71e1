// The reference sync on the other statement forms of the checklist model, each from a document of its own:
// creation (syncAll, createIfNoMatch), a one-way flow with typed rows, the flows and rows it cannot support, and
// the companion document merged with the default one.
import { expect, test } from "./fixtures.ts";
import { pair, userEmail } from "./records.ts";
import { checklist, fixture, linksOf, storeOf, USERS_CONTACT, USERS_PERSON, DEFAULT_CHECKLIST } from "./stack.ts";

test.describe(() => {
  test.use({ stackOptions: { checklists: [fixture("creation.rst")] } });
  test("syncAll creates the missing record (a person customer; a contact person under the sync's own customer)", async ({
    stack,
  }) => {
    const user = await stack.yt.users.create({ login: "ada", name: "Ada Lovelace", email: "ada@example.com" });
    await stack.settle();
    const customers = (await stack.po.customers.list()).filter((c) => c.EmailAddress === "ada@example.com");
    // FirstName comes from the synced row (name -> FirstName); LastName from the user's name.
    expect(customers).toEqual([
      expect.objectContaining({ IsPerson: true, FirstName: "Ada Lovelace", LastName: "Lovelace" }),
    ]);
    const persons = (await stack.po.contactPersons.list()).filter((p) => p.EmailAddress === "ada@example.com");
    expect(persons).toHaveLength(1);
    const parent = await stack.po.customers.get(persons[0]?.ContactId ?? 0);
    expect(parent.Name).toBe("Sesam Talk contact persons");
    // The created records stay linked: an edit of the user reaches both.
    await stack.yt.users.update(user.id, { name: "Ada King" });
    await stack.settle();
    expect((await stack.po.customers.get(customers[0]?.Id ?? 0)).FirstName).toBe("Ada King");
    // A second pass created nothing more.
    expect((await stack.po.customers.list()).filter((c) => c.EmailAddress === "ada@example.com")).toHaveLength(1);
    // The parent customer is infrastructure, not a customer to sync.
    expect((await stack.yt.users.list()).users.map((u) => u.name)).not.toContain("Sesam Talk contact persons");
  });
});

test.describe(() => {
  test.use({ stackOptions: { checklists: [fixture("create-if-no-match.rst")] } });
  test("createIfNoMatch creates a Hub user with a login from the email (suffixed when taken), and merges on a match", async ({
    stack,
  }) => {
    await stack.yt.users.create({ login: "grace", name: "Someone Else", email: "someone@example.com" });
    const matched = await stack.yt.users.create({ login: "alan", name: "Alan", email: "alan@example.com" });
    await stack.po.contactPersons.create(stack.parentId, {
      FirstName: "Grace",
      LastName: "Hopper",
      EmailAddress: "grace@example.com",
    });
    await stack.po.contactPersons.create(stack.parentId, {
      FirstName: "Alan",
      LastName: "Turing",
      EmailAddress: "alan@example.com",
    });
    await stack.settle();
    const users = (await stack.yt.users.list()).users;
    const grace = users.filter((u) => u.profile?.email?.email === "grace@example.com");
    expect(grace).toEqual([expect.objectContaining({ login: "grace-2", name: "Grace Hopper" })]);
    expect(users.filter((u) => u.profile?.email?.email === "alan@example.com").map((u) => u.id)).toEqual([matched.id]);
    expect((await linksOf(stack, USERS_CONTACT)).map((l) => l.via).sort()).toEqual(["created", "merge-rule"]);
  });
});

test.describe(() => {
  test.use({ stackOptions: { checklists: [fixture("creation.rst")] } });
  test("a record whose created partner was deleted is not re-created", async ({ stack }) => {
    const user = await stack.yt.users.create({ login: "ada", name: "Ada Lovelace", email: "ada@example.com" });
    await stack.settle();
    const customer = (await stack.po.customers.list()).find((c) => c.EmailAddress === "ada@example.com");
    await stack.po.customers.delete(customer?.Id ?? 0);
    // PowerOffice lists changes only: the deletion shows when the share pipe next writes to the record.
    await stack.yt.users.update(user.id, { name: "Ada King" });
    await stack.settle();
    expect((await stack.po.customers.list()).filter((c) => c.EmailAddress === "ada@example.com")).toEqual([]);
    expect((await storeOf(stack)).links[USERS_PERSON]?.orphaned.a).toEqual([user.id]);
  });
});

test.describe(() => {
  test.use({ stackOptions: { checklists: [fixture("one-way.rst")] } });
  test("a flow without 'regardless of where it is edited' syncs one way; typed rows compare as their type", async ({
    stack,
  }) => {
    const { user, contact } = await pair(stack, "ada@example.com");
    await stack.settle();
    await stack.yt.users.update(user.id, { name: "Ada King", banned: true });
    await stack.settle();
    expect(await stack.po.contactPersons.get(stack.parentId, contact.Id)).toMatchObject({
      PhoneNumber: "Ada King",
      IsActive: true,
    });
    await stack.po.contactPersons.update(stack.parentId, contact.Id, {
      EmailAddress: "po-only@example.com",
      PhoneNumber: "555",
    });
    await stack.settle();
    expect(await userEmail(stack, user.id)).toBe("ada@example.com");
    expect((await stack.yt.users.get(user.id)).name).toBe("Ada King");
  });
});

test.describe(() => {
  test.use({ stackOptions: { checklists: [fixture("out-of-scope.rst"), DEFAULT_CHECKLIST] } });
  test("flows and rows the sync cannot support produce no pipe and are listed with the reason", async ({ stack }) => {
    const store = await storeOf(stack);
    const reasons = store.unsupported.map((u) => `${u.flow}${u.row ? ` / ${u.row}` : ""}: ${u.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^YouTrack Users to Powerofficego Customers person: dependent creation/),
        expect.stringMatching(/^YouTrack Users to Powerofficego Contactperson: conditional flow/),
        expect.stringMatching(
          /^YouTrack Projects to Powerofficego Projects: the sync has no mapping for YouTrack Projects/,
        ),
        expect.stringMatching(
          /userType\.id -> MailAddress\.CountryCode \(line 61\): the sync has no mapping for YouTrack Users "userType\.id"/,
        ),
      ]),
    );
    expect(stack.logs.some((line) => line.includes("not synced: YouTrack Projects to Powerofficego Projects"))).toBe(
      true,
    );
    // The default checklist's flows and the customers-company flow are still synced.
    expect(stack.node.pipes).toContain("powerofficego-customers-company-collect");
    expect(stack.node.pipes).not.toContain("youtrack-projects-collect");
    expect(store.flows.map((f) => f.key)).toEqual([
      "poweroffice/customers-company <-> youtrack/users",
      USERS_CONTACT,
      USERS_PERSON,
    ]);
    expect(stack.node.pipes.indexOf("global-organisation")).toBe(-1);
    // One pass: every -all, every -collect, the merges, every -transform, every -share.
    const kinds = stack.node.plan.pipes.map((pipe) => pipe.kind);
    expect(kinds.join(",")).toMatch(/^(all,)+(collect,)+merge,(transform,)+(share,)*share$/);
    expect(stack.node.pipes.filter((id) => id.startsWith("global-"))).toEqual(["global-person"]);
  });
});

test.describe(() => {
  test.use({ stackOptions: { checklists: [DEFAULT_CHECKLIST, checklist("powerofficego-youtrack.rst")] } });
  test("the companion document merges with the default one: the same pair of datatypes is one flow", async ({
    stack,
  }) => {
    const store = await storeOf(stack);
    expect(store.flows.map((f) => f.key)).toEqual([USERS_CONTACT, USERS_PERSON]);
    const { user, contact } = await pair(stack, "ada@example.com");
    await stack.settle();
    await stack.po.contactPersons.update(stack.parentId, contact.Id, { EmailAddress: "both@example.com" });
    await stack.settle();
    expect(await userEmail(stack, user.id)).toBe("both@example.com");
    expect(store.unsupported.map((u) => u.flow)).toEqual(
      expect.arrayContaining([
        "Powerofficego Customers to Youtrack Groups",
        "Powerofficego Projects to Youtrack Hubprojects",
      ]),
    );
  });
});
