// The harness's clients and adapters against tenants whose reads lag writes, and against PowerOffice's
// LastChangedDateTimeOffset that ignores sub-entity edits.
import { ReadConsistency } from "../../support/run/read-consistency.ts";
import { datatypeByKey } from "../../support/datatypes/index.ts";
import { powerofficeContactPersonsAdapter } from "../../support/adapters/poweroffice-contact-persons.ts";
import { powerofficeCustomersAdapter } from "../../support/adapters/poweroffice-customers.ts";
import { powerofficeCustomers } from "../../support/codecs/poweroffice.ts";
import { expect, test, type RequestHook } from "./fixtures.ts";

const LAG_MS = 500;

/** PowerOffice's reads lag its writes by LAG_MS unless a test says otherwise (v2 only: these tests never call v1). */
test.use({ powerofficeOptions: { throttle: { enabled: false }, readLagMs: LAG_MS } });

/** Loses the answer of the next request, as if the connection broke after the tenant handled it. */
function loseNextAnswer(emulator: { setFaults(f: { lostResponseRate: number }): void }, hook: RequestHook): void {
  emulator.setFaults({ lostResponseRate: 1 });
  hook.onRequest = (entry) => {
    if (entry.error) emulator.setFaults({ lostResponseRate: 0 });
  };
}

// The client looks at half its read lag and at the whole: a replica slower than half of it makes the first look miss.
test.describe(() => {
  test.use({
    powerofficeOptions: { throttle: { enabled: false }, readLagMs: 1_500 },
    powerofficeClientOptions: { readLagMs: 2_000 },
  });
  test("a create whose answer was lost is found by looking again until the read lag has passed, not repeated", async ({
    poweroffice: emulator,
    powerofficeClient: client,
    log,
    hook,
  }) => {
    await client.customers.list(); // the token first, so the lost answer is the create's
    log.length = 0;
    loseNextAnswer(emulator, hook);
    const customer = await client.customers.create({ Name: "Acme AS", EmailAddress: "post@acme.no" });
    expect(emulator.store.customers().map((c) => c.data.Id)).toEqual([customer.Id]);
    const calls = log.map((e) => `${e.method} ${e.status ?? "lost"}`);
    // The first look came before the replica had the record; later ones found it; nothing was posted twice.
    expect(calls[0]).toBe("POST lost");
    expect(calls.filter((c) => c.startsWith("POST"))).toHaveLength(1);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.slice(1).every((c) => c === "GET 200")).toBe(true);
  });
});

test.describe(() => {
  test.use({ powerofficeClientOptions: { readLagMs: 0 } });
  test("a client that looks only once under lag would post the create twice (why the lookup polls)", async ({
    poweroffice: emulator,
    powerofficeClient: client,
    log,
    hook,
  }) => {
    await client.customers.list();
    log.length = 0;
    loseNextAnswer(emulator, hook);
    await client.customers.create({ Name: "Acme AS", EmailAddress: "post@acme.no" });
    expect(log.map((e) => `${e.method} ${e.status ?? "lost"}`)).toEqual(["POST lost", "GET 200", "POST 201"]);
    expect(emulator.store.customers()).toHaveLength(2);
  });
});

test.describe(() => {
  test.use({ youtrackOptions: { readLagMs: 1_500 }, youtrackClientOptions: { readLagMs: 2_000 } });
  test("YouTrack: a lost create is looked up by login until the client's read lag has passed", async ({
    youtrack: emulator,
    youtrackClient: client,
    log,
    hook,
  }) => {
    loseNextAnswer(emulator, hook);
    const user = await client.users.create({ login: "ada", name: "Ada", email: "ada@example.no" });
    expect(emulator.store.list().map((u) => u.id)).toEqual([user.id]);
    expect(log.filter((e) => e.method === "POST")).toHaveLength(1);
    expect(log.filter((e) => e.method === "GET").length).toBeGreaterThanOrEqual(2);
  });
});

/** The harness's own wait for the replica (what a negative check does before it reads). */
class ReadConsistencyProbe {
  readonly #consistency: ReadConsistency;
  constructor(lagMs: number) {
    this.#consistency = new ReadConsistency({ youtrack: 0, poweroffice: lagMs });
    this.#consistency.wrote("poweroffice");
  }
  caughtUp(): Promise<void> {
    return this.#consistency.caughtUp("poweroffice");
  }
}

test.describe(() => {
  test.use({ powerofficeClientOptions: { readLagMs: LAG_MS } });
  test("the adapters' creates and edits return once the replica shows them; a read or search is the replica's answer now", async ({
    powerofficeClient: client,
  }) => {
    const customers = powerofficeCustomersAdapter(client, datatypeByKey("poweroffice/customers"), "any");
    const email = powerofficeCustomers.property("EmailAddress");
    if (!email) throw new Error("codec lacks EmailAddress");
    const seed = {
      tag: "tqa000000000000test",
      unique: "u1",
      person: { firstName: "Ada", lastName: "L" },
      values: new Map(),
    };
    const ref = await customers.create(seed);
    // The create answers at once (its caller notes the record for cleanup first); the replica does not show it yet.
    expect(await customers.read(ref)).toBeNull();
    let started = performance.now();
    await customers.visible(ref);
    // Seeded means readable: visible() waited for the replica (about the lag), so a read now finds it.
    expect(performance.now() - started).toBeGreaterThanOrEqual(LAG_MS - 50);
    expect(((await customers.read(ref)) as { Id: number } | null)?.Id).toBe(Number(ref.id));

    started = performance.now();
    await customers.write(ref, email, "ada@example.no");
    expect(performance.now() - started).toBeGreaterThanOrEqual(LAG_MS - 50);
    expect(email.read(await customers.read(ref))).toBe("ada@example.no");

    const persons = powerofficeContactPersonsAdapter(client, datatypeByKey("poweroffice/contactperson"), async () =>
      Number(ref.id),
    );
    const personRef = await persons.create({ ...seed, unique: "u2" });
    await persons.visible(personRef);
    expect(((await persons.read(personRef)) as { Id: number } | null)?.Id).toBe(Number(personRef.id));

    // A record written by someone else just now (the sync, say) is not listed yet: a check that must see it waits
    // for the replica first (fixtures/records.ts ReadConsistency); a poll just asks again.
    const other = await client.customers.create({ Name: "Synced AS", EmailAddress: "synced@example.no" });
    expect(await customers.findByValue(email, "synced@example.no", new Date(Date.now() - 60_000))).toEqual([]);
    await new ReadConsistencyProbe(LAG_MS).caughtUp();
    expect(await customers.findByValue(email, "synced@example.no", new Date(Date.now() - 60_000))).toEqual([
      { adapter: customers.key, id: String(other.Id) },
    ]);
    expect(await customers.read({ adapter: ref.adapter, id: "999999" })).toBeNull();
  });
});

test.describe(() => {
  test.use({
    powerofficeOptions: { throttle: { enabled: false }, readLagMs: 0 },
    powerofficeClientOptions: { readLagMs: 0 },
  });
  test("findByValue does not narrow by LastChangedDateTimeOffset for a MailAddress property: a sub-entity edit is found", async ({
    powerofficeClient: client,
    log,
  }) => {
    const customers = powerofficeCustomersAdapter(client, datatypeByKey("poweroffice/customers"), "any");
    const country = powerofficeCustomers.property("MailAddress.CountryCode");
    const email = powerofficeCustomers.property("EmailAddress");
    if (!country || !email) throw new Error("codec lacks MailAddress.CountryCode or EmailAddress");
    const acme = await client.customers.create({ Name: "Acme AS", EmailAddress: "post@acme.no" });
    await client.customers.update(acme.Id, { "MailAddress.CountryCode": "SE" });
    // "Since" past anything the tenant stamped (and past the adapter's clock-skew margin): a changed-since
    // listing returns nothing, as it would for a customer whose only edit since then was its address.
    const since = new Date(Date.now() + 10 * 60_000);
    expect(await client.customers.list({ lastChangedAfter: new Date(Date.now() + 60_000) })).toEqual([]);

    log.length = 0;
    expect(await customers.findByValue(country, "SE", since)).toEqual([
      { adapter: customers.key, id: String(acme.Id) },
    ]);
    expect(log.every((e) => !e.url.includes("lastChangedDateTimeOffsetGreaterThan"))).toBe(true);
    // A property of the customer itself may still be narrowed (its edits move the stamp).
    log.length = 0;
    expect(await customers.findByValue(email, "post@acme.no", since)).toEqual([]);
    expect(log.every((e) => e.url.includes("lastChangedDateTimeOffsetGreaterThan"))).toBe(true);
  });
});
