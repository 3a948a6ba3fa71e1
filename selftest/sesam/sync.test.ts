// The reference sync on the default checklist, observed only through the tenants' APIs (and the node's admin store
// for links): merge rules, both directions, Talk's conflict and empty-value rules, idempotence, incremental
// collects, deletions. The other statement forms (creation, one-way, unsupported flows): sync-checklists.test.ts.
import { expect, test } from "./fixtures.ts";
import { contactEmail, pair, userEmail } from "./records.ts";
import { linksOf, USERS_CONTACT, USERS_PERSON } from "./stack.ts";

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
