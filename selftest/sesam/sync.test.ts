// The reference sync, observed only through the tenants' APIs (and the node's admin store for links): every
// statement form of the checklist model, both directions, Talk's conflict and empty-value rules, idempotence,
// incremental collects, creation, deletions and the flows it leaves alone.
import { expect, test } from "./fixtures.ts";
import {
  checklist,
  fixture,
  linksOf,
  storeOf,
  USERS_CONTACT,
  USERS_PERSON,
  DEFAULT_CHECKLIST,
  type Stack,
} from "./stack.ts";

async function pair(stack: Stack, email: string, name = "Ada Lovelace") {
  const [first = "Ada", last = "Lovelace"] = name.split(" ");
  const user = await stack.yt.users.create({ login: email.split("@")[0] ?? "user", name, email });
  const contact = await stack.po.contactPersons.create(stack.parentId, {
    FirstName: first,
    LastName: last,
    EmailAddress: email,
  });
  return { user, contact };
}

const contactEmail = async (stack: Stack, id: number) =>
  (await stack.po.contactPersons.get(stack.parentId, id)).EmailAddress ?? null;
const userEmail = async (stack: Stack, id: string) => (await stack.yt.users.get(id)).profile?.email?.email ?? null;

test.describe("default checklist (Users <-> Contactperson, Users <-> Customers person)", () => {
  test("merge rule links equal emails; an edit propagates both ways and the link survives the key change", async ({
    stack,
  }) => {
    const { user, contact } = await pair(stack, "ada@example.com");
    await stack.settle();
    expect(await linksOf(stack, USERS_CONTACT)).toEqual([
      expect.objectContaining({ a: user.id, b: contact.Id.toString(), via: "merge-rule" }),
    ]);

    await stack.yt.users.update(user.id, { email: "ada.lovelace@example.com" });
    await stack.settle();
    expect(await contactEmail(stack, contact.Id)).toBe("ada.lovelace@example.com");

    await stack.po.contactPersons.update(stack.parentId, contact.Id, { EmailAddress: "countess@example.com" });
    await stack.settle();
    expect(await userEmail(stack, user.id)).toBe("countess@example.com");
    expect(await linksOf(stack, USERS_CONTACT)).toHaveLength(1);
  });

  test("records that match nothing are not linked: an edit stays on its side", async ({ stack }) => {
    const user = await stack.yt.users.create({ login: "grace", name: "Grace Hopper", email: "grace@example.com" });
    const contact = await stack.po.contactPersons.create(stack.parentId, {
      FirstName: "Grace",
      LastName: "H",
      EmailAddress: "Grace@example.com",
    });
    await stack.settle();
    expect(await linksOf(stack, USERS_CONTACT)).toEqual([]);
    await stack.yt.users.update(user.id, { email: "grace.hopper@example.com" });
    await stack.settle();
    // Case counts: "Grace@..." never matched "grace@...", so the contact keeps its value.
    expect(await contactEmail(stack, contact.Id)).toBe("Grace@example.com");
  });

  test("the Customers person flow links person customers only, and syncs no property", async ({ stack }) => {
    const user = await stack.yt.users.create({ login: "alan", name: "Alan Turing", email: "alan@example.com" });
    const person = await stack.po.customers.create({
      IsPerson: true,
      FirstName: "Alan",
      LastName: "Turing",
      EmailAddress: "alan@example.com",
    });
    await stack.po.customers.create({ IsPerson: false, Name: "Alan Ltd", EmailAddress: "alan@example.com" });
    await stack.settle();
    expect(await linksOf(stack, USERS_PERSON)).toEqual([
      expect.objectContaining({ a: user.id, b: person.Id.toString() }),
    ]);
    await stack.yt.users.update(user.id, { email: "turing@example.com" });
    await stack.settle();
    expect((await stack.po.customers.get(person.Id)).EmailAddress).toBe("alan@example.com");
  });

  test("a conflict between two runs: the most recent change wins (a Hub edit is timed when first collected)", async ({
    stack,
  }) => {
    const { user, contact } = await pair(stack, "ada@example.com");
    await stack.settle();

    // PowerOffice edited first, Hub after: Hub is newer.
    await stack.po.contactPersons.update(stack.parentId, contact.Id, { EmailAddress: "po-first@example.com" });
    await stack.yt.users.update(user.id, { email: "hub-second@example.com" });
    await stack.settle();
    expect(await contactEmail(stack, contact.Id)).toBe("hub-second@example.com");
    expect(await userEmail(stack, user.id)).toBe("hub-second@example.com");

    // Hub edited first and collected, then PowerOffice: PowerOffice is newer.
    await stack.yt.users.update(user.id, { email: "hub-first@example.com" });
    await stack.pump("youtrack-users-collect");
    await stack.po.contactPersons.update(stack.parentId, contact.Id, { EmailAddress: "po-second@example.com" });
    await stack.settle();
    expect(await userEmail(stack, user.id)).toBe("po-second@example.com");
    expect(await contactEmail(stack, contact.Id)).toBe("po-second@example.com");
  });

  test("an empty value never overwrites an existing one, from either side", async ({ stack }) => {
    const { user, contact } = await pair(stack, "ada@example.com");
    await stack.settle();
    await stack.po.contactPersons.update(stack.parentId, contact.Id, { EmailAddress: null });
    await stack.settle();
    expect(await userEmail(stack, user.id)).toBe("ada@example.com");
    expect(await contactEmail(stack, contact.Id)).toBe("ada@example.com");

    await stack.yt.users.update(user.id, { email: null });
    await stack.settle();
    expect(await contactEmail(stack, contact.Id)).toBe("ada@example.com");
    expect(await userEmail(stack, user.id)).toBe("ada@example.com");
  });

  test("idempotent: after a pass with changes, the next pass changes and writes nothing", async ({ stack }) => {
    const { user } = await pair(stack, "ada@example.com");
    await stack.settle();
    await stack.yt.users.update(user.id, { email: "ada2@example.com" });
    const passes = await stack.settle();
    // The pass that writes, the pass whose merge sees both records agree (its merged entity changes), then none.
    expect(passes.length).toBeLessThanOrEqual(3);
    expect(passes[0]?.changes).toBeGreaterThan(0);
    expect(passes.at(-1)?.changes).toBe(0);
    const writes = () => {
      const routes = (stack.node.syncStats() as { tenantRequests: { byRoute: Record<string, number> } }).tenantRequests
        .byRoute;
      return Object.entries(routes)
        .filter(([route]) => !route.includes(" GET "))
        .reduce((sum, [, n]) => sum + n, 0);
    };
    const before = writes();
    const again = await stack.pass();
    expect(again.changes).toBe(0);
    expect(again.runs.every((run) => run.changes === 0)).toBe(true);
    expect(writes()).toBe(before);
  });

  test("collect is incremental: a pass's tenant requests do not grow with the history", async ({ stack }) => {
    const { user, contact } = await pair(stack, "ada@example.com");
    for (let i = 0; i < 3; i++) await pair(stack, `other${i}@example.com`, `Other Person${i}`);
    await stack.settle();
    const requests = async () => {
      const [yt, po] = await Promise.all([stack.admin("youtrack", "stats"), stack.admin("poweroffice", "stats")]);
      return (yt as { requests: number }).requests + (po as { requests: number }).requests;
    };
    const idlePass = async () => {
      const before = await requests();
      await stack.pass();
      return (await requests()) - before;
    };
    const early = await idlePass();
    for (let i = 0; i < 8; i++) {
      if (i % 2 === 0) await stack.yt.users.update(user.id, { email: `ada${i}@example.com` });
      else await stack.po.contactPersons.update(stack.parentId, contact.Id, { EmailAddress: `ada${i}@example.com` });
      await stack.settle();
    }
    const late = await idlePass();
    expect(late).toBe(early);
    // One users page, one contact persons list, one customers list: Hub has no changed-since filter, PowerOffice does.
    expect(early).toBeLessThanOrEqual(4);
  });

  test("two records on one side sharing the merge value: the first seen links, the other stays unlinked", async ({
    stack,
  }) => {
    const user = await stack.yt.users.create({ login: "twin", name: "Twin One", email: "twin@example.com" });
    const first = await stack.po.contactPersons.create(stack.parentId, {
      FirstName: "Twin",
      LastName: "A",
      EmailAddress: "twin@example.com",
    });
    const second = await stack.po.contactPersons.create(stack.parentId, {
      FirstName: "Twin",
      LastName: "B",
      EmailAddress: "twin@example.com",
    });
    await stack.settle();
    expect(await linksOf(stack, USERS_CONTACT)).toEqual([
      expect.objectContaining({ a: user.id, b: first.Id.toString() }),
    ]);
    await stack.yt.users.update(user.id, { email: "twin.one@example.com" });
    await stack.settle();
    expect(await contactEmail(stack, first.Id)).toBe("twin.one@example.com");
    expect(await contactEmail(stack, second.Id)).toBe("twin@example.com");
  });

  test("a linked record that disappears drops its link; Talk never deletes the other one", async ({ stack }) => {
    const { user, contact } = await pair(stack, "ada@example.com");
    await stack.settle();
    await stack.yt.users.delete(user.id);
    await stack.settle();
    expect(await linksOf(stack, USERS_CONTACT)).toEqual([]);
    expect(await contactEmail(stack, contact.Id)).toBe("ada@example.com");
  });

  test.describe(() => {
    test.use({ stackOptions: { throttle: true } });
    test("the sync works with PowerOffice's throttle on", async ({ stack }) => {
      const { user, contact } = await pair(stack, "ada@example.com");
      await stack.settle();
      await stack.yt.users.update(user.id, { email: "throttled@example.com" });
      await stack.settle();
      expect(await contactEmail(stack, contact.Id)).toBe("throttled@example.com");
    });
  });
});

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
