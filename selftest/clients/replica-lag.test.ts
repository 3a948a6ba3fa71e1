// The harness's clients and adapters against tenants whose reads lag writes, and against PowerOffice's
// LastChangedDateTimeOffset that ignores sub-entity edits.
import { expect, test } from "@playwright/test";
import { ReadConsistency } from "../../support/run/read-consistency.ts";
import { datatypeByKey } from "../../support/datatypes/index.ts";
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";
import { PowerOfficeEmulator } from "../../emulators/poweroffice/server.ts";
import { YouTrackEmulator } from "../../emulators/youtrack/server.ts";
import { powerofficeContactPersonsAdapter } from "../../support/adapters/poweroffice-contact-persons.ts";
import { powerofficeCustomersAdapter } from "../../support/adapters/poweroffice-customers.ts";
import type { RequestLogEntry } from "../../support/clients/http/request-log.ts";
import { createPowerOfficeClient, type PowerOfficeClient } from "../../support/clients/poweroffice/client.ts";
import { createYouTrackClient } from "../../support/clients/youtrack/client.ts";
import { powerofficeCustomers } from "../../support/codecs/poweroffice.ts";
import { FAST_RETRY } from "./helpers/api.ts";

const LAG_MS = 500;

async function withLaggingPowerOffice(
  body: (ctx: { emulator: PowerOfficeEmulator; client: PowerOfficeClient; log: RequestLogEntry[] }) => Promise<void>,
  client: { readLagMs?: number } = {},
  readLagMs = LAG_MS,
): Promise<void> {
  const emulator = new PowerOfficeEmulator({ throttle: { enabled: false }, readLagMs });
  await emulator.listen(0);
  const log: RequestLogEntry[] = [];
  const po = createPowerOfficeClient({
    baseUrl: emulator.url,
    ...SANDBOX_CREDENTIALS.poweroffice,
    throttle: false,
    retry: FAST_RETRY,
    ...client,
    onRequest: record(log),
  });
  try {
    await body({ emulator, client: po, log });
  } finally {
    await po.close();
    await emulator.close();
  }
}

/** The request log, with a hook a test sets to act the moment an entry arrives (before any retry is sent). */
const hooks = new WeakMap<RequestLogEntry[], (entry: RequestLogEntry) => void>();
function record(log: RequestLogEntry[]) {
  return (entry: RequestLogEntry) => {
    log.push(entry);
    hooks.get(log)?.(entry);
  };
}

/** Loses the answer of the next request, as if the connection broke after the tenant handled it. */
function loseNextAnswer(emulator: { setFaults(f: { lostResponseRate: number }): void }, log: RequestLogEntry[]): void {
  emulator.setFaults({ lostResponseRate: 1 });
  hooks.set(log, (entry) => {
    if (entry.error) emulator.setFaults({ lostResponseRate: 0 });
  });
}

test("a create whose answer was lost is found by looking again until the read lag has passed, not repeated", async () => {
  await withLaggingPowerOffice(
    async ({ emulator, client, log }) => {
      await client.customers.list(); // the token first, so the lost answer is the create's
      log.length = 0;
      loseNextAnswer(emulator, log);
      const customer = await client.customers.create({ Name: "Acme AS", EmailAddress: "post@acme.no" });
      expect(emulator.store.customers().map((c) => c.data.Id)).toEqual([customer.Id]);
      const calls = log.map((e) => `${e.method} ${e.status ?? "lost"}`);
      // The first look came before the replica had the record; later ones found it; nothing was posted twice.
      expect(calls[0]).toBe("POST lost");
      expect(calls.filter((c) => c.startsWith("POST"))).toHaveLength(1);
      expect(calls.length).toBeGreaterThanOrEqual(3);
      expect(calls.slice(1).every((c) => c === "GET 200")).toBe(true);
    },
    { readLagMs: 2_000 },
  );
});

test("a client that looks only once under lag would post the create twice (why the lookup polls)", async () => {
  await withLaggingPowerOffice(
    async ({ emulator, client, log }) => {
      await client.customers.list();
      log.length = 0;
      loseNextAnswer(emulator, log);
      await client.customers.create({ Name: "Acme AS", EmailAddress: "post@acme.no" });
      expect(log.map((e) => `${e.method} ${e.status ?? "lost"}`)).toEqual(["POST lost", "GET 200", "POST 201"]);
      expect(emulator.store.customers()).toHaveLength(2);
    },
    { readLagMs: 0 },
  );
});

test("YouTrack: a lost create is looked up by login until the client's read lag has passed", async () => {
  const emulator = new YouTrackEmulator({ readLagMs: LAG_MS });
  await emulator.listen(0);
  const log: RequestLogEntry[] = [];
  const client = createYouTrackClient({
    baseUrl: emulator.url,
    token: SANDBOX_CREDENTIALS.youtrack.token,
    retry: FAST_RETRY,
    readLagMs: 2_000,
    onRequest: record(log),
  });
  try {
    loseNextAnswer(emulator, log);
    const user = await client.users.create({ login: "ada", name: "Ada", email: "ada@example.no" });
    expect(emulator.store.list().map((u) => u.id)).toEqual([user.id]);
    expect(log.filter((e) => e.method === "POST")).toHaveLength(1);
    expect(log.filter((e) => e.method === "GET").length).toBeGreaterThanOrEqual(2);
  } finally {
    await client.close();
    await emulator.close();
  }
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

test("the adapters' creates and edits return once the replica shows them; a read or search is the replica's answer now", async () => {
  await withLaggingPowerOffice(
    async ({ client }) => {
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

      const persons = powerofficeContactPersonsAdapter(client, datatypeByKey("poweroffice/contactperson"), async () => Number(ref.id));
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
    },
    { readLagMs: LAG_MS },
  );
});

test("findByValue does not narrow by LastChangedDateTimeOffset for a MailAddress property: a sub-entity edit is found", async () => {
  await withLaggingPowerOffice(
    async ({ client, log }) => {
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
    },
    { readLagMs: 0 },
    0,
  );
});
