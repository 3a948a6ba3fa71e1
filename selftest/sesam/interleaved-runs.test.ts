// Two drivers pumping one node interleave their passes: a collect of one pass may land between the merge (and
// transform) of another and its share. The transform entity then holds desired values resolved from older reads;
// writing them would undo an edit in the tenant (and once both sides hold the old value again, the edit is gone for
// good), or make an old value the pair's newest change. Each test pumps the pipes one by one in such an order,
// then lets the sync settle and checks no edit was lost.
import { expect, test } from "./fixtures.ts";
import { contactEmail, linkedPair, pumpAll, userEmail } from "./records.ts";
import { fixture, linksOf, USERS_CONTACT, type Stack } from "./stack.ts";

const MERGE = "global-person";
const TRANSFORMS = ["youtrack-users-transform", "powerofficego-contactperson-transform"];
const CONTACTS_IN = ["powerofficego-contactperson-all", "powerofficego-contactperson-collect"];

/** A pair the sync has linked (the premise of every test here). */
async function linked(stack: Stack, email: string) {
  const seeded = await linkedPair(stack, email);
  expect(await linksOf(stack, USERS_CONTACT)).toHaveLength(1);
  return seeded;
}

test.describe("a share run after a collect the merge has not seen yet", () => {
  test("does not write the merge's older value over a Hub edit", async ({ stack }) => {
    const { user, contact } = await linked(stack, "ada@example.com");
    // One pass resolves a PowerOffice edit: Hub should get "po.new".
    await stack.po.contactPersons.update(stack.parentId, contact.Id, { EmailAddress: "po.new@example.com" });
    await pumpAll(stack, [...CONTACTS_IN, MERGE, ...TRANSFORMS]);
    // Another pass collects a later Hub edit, then the first pass's share runs.
    await stack.yt.users.update(user.id, { email: "hub.new@example.com" });
    await pumpAll(stack, ["youtrack-users-collect", "youtrack-users-share"]);
    expect(await userEmail(stack, user.id)).toBe("hub.new@example.com");
    await stack.settle();
    expect(await contactEmail(stack, contact.Id)).toBe("hub.new@example.com");
    expect(await userEmail(stack, user.id)).toBe("hub.new@example.com");
  });

  test("does not write the merge's older value over a PowerOffice edit", async ({ stack }) => {
    const { user, contact } = await linked(stack, "grace@example.com");
    await stack.yt.users.update(user.id, { email: "hub.new@example.com" });
    await pumpAll(stack, ["youtrack-users-collect", MERGE, ...TRANSFORMS]);
    await stack.po.contactPersons.update(stack.parentId, contact.Id, { EmailAddress: "po.new@example.com" });
    await pumpAll(stack, [...CONTACTS_IN, "powerofficego-contactperson-share"]);
    expect(await contactEmail(stack, contact.Id)).toBe("po.new@example.com");
    await stack.settle();
    expect(await userEmail(stack, user.id)).toBe("po.new@example.com");
    expect(await contactEmail(stack, contact.Id)).toBe("po.new@example.com");
  });

  test("does not copy a value whose source was edited again since the merge", async ({ stack }) => {
    const { user, contact } = await linked(stack, "alan@example.com");
    await stack.yt.users.update(user.id, { email: "alan.2@example.com" });
    await pumpAll(stack, ["youtrack-users-collect", MERGE, ...TRANSFORMS]);
    await stack.yt.users.update(user.id, { email: "alan.3@example.com" });
    await pumpAll(stack, ["youtrack-users-collect", "powerofficego-contactperson-share"]);
    // Written, "alan.2" would be the newest change on the contact and win back over the user's "alan.3".
    expect(await contactEmail(stack, contact.Id)).toBe("alan@example.com");
    await stack.settle();
    expect(await userEmail(stack, user.id)).toBe("alan.3@example.com");
    expect(await contactEmail(stack, contact.Id)).toBe("alan.3@example.com");
  });
});

test.describe(() => {
  test.use({ stackOptions: { checklists: [fixture("create-if-no-match.rst")] } });
  test("a creation the merge asked for is made from the source as it is now, not as the merge saw it", async ({
    stack,
  }) => {
    // One flow, contact person -> Hub user, created when no user matches.
    const contact = await stack.po.contactPersons.create(stack.parentId, {
      FirstName: "Ada",
      LastName: "Lovelace",
      EmailAddress: "ada@example.com",
    });
    await pumpAll(stack, [...CONTACTS_IN, MERGE, "youtrack-users-transform"]);
    await stack.po.contactPersons.update(stack.parentId, contact.Id, { EmailAddress: "ada.new@example.com" });
    await pumpAll(stack, [...CONTACTS_IN, "youtrack-users-share"]);
    expect((await stack.yt.users.list()).users).toEqual([]);
    await stack.settle();
    // A user made with the old address would be the newest change of the pair and win over the contact's edit.
    expect(await contactEmail(stack, contact.Id)).toBe("ada.new@example.com");
    const users = (await stack.yt.users.list()).users.map((u) => u.profile?.email?.email);
    expect(users.filter((email) => email?.startsWith("ada"))).toEqual(["ada.new@example.com"]);
  });
});
