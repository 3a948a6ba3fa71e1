// The merge datasets in the shape a Sesam merge source writes: one entity per merged group, `$ids` listing the
// namespaced id of every record it merged (`~:<namespace>:<id>`), a record that merged with nothing an entity of
// its own, a record the sync created in the same entity as the record it was made from, and a group that changed
// id deleted with `$replaced`. Read as the harness reads them: GET /api/datasets/global-person/entities.
import { expect, test } from "./fixtures.ts";
import { pair } from "./records.ts";
import { fixture, JWT, type Stack } from "./stack.ts";

interface Merged {
  _id: string;
  _deleted: boolean;
  $ids: string[];
  $replaced?: boolean;
  [key: string]: unknown;
}

async function merged(stack: Stack, query = ""): Promise<Merged[]> {
  const response = await fetch(`${stack.node.url}/api/datasets/global-person/entities${query}`, {
    headers: { Authorization: `Bearer ${JWT}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Merged[];
}

const holding = (entities: Merged[], id: string) => entities.filter((e) => !e._deleted && e.$ids.includes(id));
const user = (id: string) => `~:youtrack-users:${id}`;
const contact = (id: number) => `~:powerofficego-contactperson:${id}`;
const person = (id: number) => `~:powerofficego-customers-person:${id}`;

test.describe("global-person", () => {
  test("linked records are one entity holding both ids; its _id is the first member's namespaced id", async ({
    stack,
  }) => {
    const { user: ada, contact: cp } = await pair(stack, "ada@example.com");
    const customer = await stack.po.customers.create({
      IsPerson: true,
      FirstName: "Ada",
      LastName: "Lovelace",
      EmailAddress: "ada@example.com",
    });
    await stack.settle();
    const entities = await merged(stack);
    const [entity, ...others] = holding(entities, user(ada.id));
    expect(others).toEqual([]);
    // One user linked in two flows: one group with all three records, dataset order then id.
    expect(entity?.$ids).toEqual([user(ada.id), contact(cp.Id), person(customer.Id)]);
    expect(entity?._id).toBe(`youtrack-users:${ada.id}`);
    expect(entity).toMatchObject({
      "youtrack-users:login": "ada",
      "powerofficego-contactperson:EmailAddress": "ada@example.com",
      "powerofficego-customers-person:IsPerson": true,
    });
    expect(entity?.["$reference-sync"]).toMatchObject({
      links: [
        expect.objectContaining({
          a: `youtrack-users:${ada.id}`,
          b: `powerofficego-contactperson:${cp.Id}`,
          via: "merge-rule",
        }),
        expect.objectContaining({ a: `youtrack-users:${ada.id}`, b: `powerofficego-customers-person:${customer.Id}` }),
      ],
    });
  });

  test("records with different values stay apart: each is an entity of its own", async ({ stack }) => {
    const grace = await stack.yt.users.create({ login: "grace", name: "Grace Hopper", email: "grace@example.com" });
    const cp = await stack.po.contactPersons.create(stack.parentId, {
      FirstName: "Grace",
      LastName: "H",
      EmailAddress: "Grace@example.com",
    });
    await stack.settle();
    const entities = await merged(stack);
    expect(holding(entities, user(grace.id)).map((e) => e.$ids)).toEqual([[user(grace.id)]]);
    expect(holding(entities, contact(cp.Id)).map((e) => e.$ids)).toEqual([[contact(cp.Id)]]);
    expect(holding(entities, contact(cp.Id))[0]?._id).toBe(`powerofficego-contactperson:${cp.Id}`);
  });

  test("when records come to match, the group that changed id is deleted with $replaced", async ({ stack }) => {
    const alan = await stack.yt.users.create({ login: "alan", name: "Alan Turing", email: "alan@example.com" });
    const cp = await stack.po.contactPersons.create(stack.parentId, {
      FirstName: "Alan",
      LastName: "T",
      EmailAddress: "turing@example.com",
    });
    await stack.settle();
    const before = await merged(stack);
    expect(holding(before, contact(cp.Id)).map((e) => e._id)).toEqual([`powerofficego-contactperson:${cp.Id}`]);
    await stack.po.contactPersons.update(stack.parentId, cp.Id, { EmailAddress: "alan@example.com" });
    await stack.settle();
    const after = await merged(stack);
    expect(holding(after, contact(cp.Id)).map((e) => e.$ids)).toEqual([[user(alan.id), contact(cp.Id)]]);
    expect(after.find((e) => e._id === `powerofficego-contactperson:${cp.Id}`)).toMatchObject({
      _deleted: true,
      $replaced: true,
    });
    // The history keeps both versions; without deleted ones, only the live group.
    const live = await merged(stack, "?deleted=false");
    expect(live.some((e) => e._id === `powerofficego-contactperson:${cp.Id}`)).toBe(false);
  });

  test("a deleted record's entity is deleted (not replaced)", async ({ stack }) => {
    const bob = await stack.yt.users.create({ login: "bob", name: "Bob", email: "bob@example.com" });
    await stack.settle();
    await stack.yt.users.delete(bob.id);
    await stack.settle();
    const gone = (await merged(stack)).find((e) => e._id === `youtrack-users:${bob.id}`);
    expect(gone).toMatchObject({ _deleted: true });
    expect(gone?.$replaced).toBeUndefined();
  });
});

test.describe(() => {
  test.use({ stackOptions: { checklists: [fixture("create-if-no-match.rst")] } });
  test("a record the sync created is in the same entity as the record it was made from", async ({ stack }) => {
    const cp = await stack.po.contactPersons.create(stack.parentId, {
      FirstName: "Grace",
      LastName: "Hopper",
      EmailAddress: "grace@example.com",
    });
    await stack.settle();
    const created = (await stack.yt.users.list()).users.find((u) => u.profile?.email?.email === "grace@example.com");
    expect(created).toBeDefined();
    const groups = holding(await merged(stack), contact(cp.Id));
    expect(groups.map((e) => e.$ids)).toEqual([[user(created?.id ?? ""), contact(cp.Id)].sort(byNamespaceOrder)]);
    expect(groups[0]?.["youtrack-users:login"]).toBe("grace");
  });
});

/** The fixture names contact persons first, so their dataset comes first in the merge. */
function byNamespaceOrder(x: string, y: string): number {
  const rank = (id: string) => (id.includes("powerofficego-contactperson") ? 0 : 1);
  return rank(x) - rank(y);
}

test.describe(() => {
  test.use({ stackOptions: { checklists: [fixture("create-without-rows.rst")] } });
  test("a flow that creates but syncs no property: the created record carries the merge value and is merged with its source", async ({
    stack,
  }) => {
    const ada = await stack.yt.users.create({ login: "ada", name: "Ada Lovelace", email: "ada@example.com" });
    const passes = await stack.settle();
    expect(passes.at(-1)?.changes).toBe(0);
    const created = (await stack.po.customers.list()).filter((c) => c.EmailAddress === "ada@example.com");
    expect(created).toEqual([expect.objectContaining({ IsPerson: true, FirstName: "Ada", LastName: "Lovelace" })]);
    const groups = holding(await merged(stack), user(ada.id));
    expect(groups.map((e) => e.$ids)).toEqual([[user(ada.id), person(created[0]?.Id ?? 0)]]);
  });
});
