// The PowerOffice client against an unkind PowerOffice emulator: API Management's rate limit with and without the
// client's own throttle, injected 503/429/dropped connections retried, and creates whose answer is lost.
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";
import type { PowerOfficeEmulator } from "../../emulators/poweroffice/server.ts";
import { createPowerOfficeClient } from "../../support/clients/poweroffice/client.ts";
import { SMALL_PAGES, expect, test } from "./fixtures.ts";
import { FAST_RETRY } from "./helpers/api.ts";

const CREDS = SANDBOX_CREDENTIALS.poweroffice;

test.use({ powerofficeClientOptions: SMALL_PAGES });

async function stats(
  emulator: PowerOfficeEmulator,
): Promise<{ requests: number; byRoute: Record<string, number>; faults: Record<string, number> }> {
  const res = await fetch(`${emulator.url}/__admin/stats`);
  return (await res.json()) as { requests: number; byRoute: Record<string, number>; faults: Record<string, number> };
}

test.describe(() => {
  test.use({
    // maxAttempts 1: a single 429 would fail a call.
    powerofficeOptions: { throttle: { enabled: true }, v1: { throttle: { enabled: false } } },
    powerofficeClientOptions: { ...SMALL_PAGES, throttle: { perSecond: 10 }, retry: { ...FAST_RETRY, maxAttempts: 1 } },
  });
  test("with the client throttle on, 30 concurrent calls from two clients on one key meet no 429", async ({
    powerofficeClient: client,
    poweroffice: emulator,
    log,
  }) => {
    const second = createPowerOfficeClient({
      baseUrl: emulator.url,
      ...CREDS,
      retry: { ...FAST_RETRY, maxAttempts: 1 },
      onRequest: (e) => log.push(e),
    });
    try {
      const results = await Promise.all([
        ...Array.from({ length: 15 }, () => client.customers.list()),
        ...Array.from({ length: 15 }, () => second.customers.list()),
      ]);
      expect(results).toHaveLength(30);
      expect(log.filter((e) => e.status === 429)).toEqual([]);
      expect(log).toHaveLength(32); // 30 calls + one token per client
      const { faults } = await stats(emulator);
      expect(faults.throttled ?? 0).toBe(0);
    } finally {
      await second.close();
    }
  });
});

test.describe(() => {
  test.use({
    powerofficeOptions: { throttle: { enabled: true }, v1: { throttle: { enabled: false } } },
    powerofficeClientOptions: { ...SMALL_PAGES, throttle: false },
  });
  test("without the client throttle the emulator answers 429, and the retries absorb it", async ({
    powerofficeClient: client,
    poweroffice: emulator,
    log,
  }) => {
    const results = await Promise.all(Array.from({ length: 14 }, () => client.customers.list()));
    expect(results).toHaveLength(14);
    const { faults } = await stats(emulator);
    expect(faults.throttled).toBeGreaterThan(0);
    expect(log.filter((e) => e.status === 429).length).toBe(faults.throttled);
  });
});

test("injected 503, 429 and dropped connections are retried", async ({
  powerofficeClient: client,
  poweroffice: emulator,
  log,
  hook,
}) => {
  const acme = await client.customers.create({ Name: "Acme AS", EmailAddress: "post@acme.no" });
  for (const faults of [{ rate5xx: 1 }, { rate429: 1, retryAfterSeconds: 0 }, { dropRate: 1 }]) {
    log.length = 0;
    emulator.setFaults(faults);
    hook.onRequest = () => emulator.setFaults({ rate5xx: 0, rate429: 0, dropRate: 0 });
    expect((await client.customers.get(acme.Id)).Name).toBe("Acme AS");
    expect(log).toHaveLength(2);
  }
});

test("a create whose answer is lost leaves exactly one record, found by email among recent changes", async ({
  powerofficeClient: client,
  poweroffice: emulator,
  log,
  hook,
}) => {
  await client.customers.list(); // the token first, so the lost answer is the create's
  emulator.setFaults({ lostResponseRate: 1 });
  hook.onRequest = (entry) => {
    if (entry.error) emulator.setFaults({ lostResponseRate: 0 });
  };
  log.length = 0;
  const customer = await client.customers.create({
    IsPerson: true,
    FirstName: "Ola",
    LastName: "Nordmann",
    EmailAddress: "ola@example.no",
  });
  expect(emulator.store.customers().filter((c) => c.data.EmailAddress === "ola@example.no")).toHaveLength(1);
  expect(customer.Id).toBe(emulator.store.customers()[0]?.data.Id);
  expect(log.map((e) => [e.method, e.status ?? "lost"])).toEqual([
    ["POST", "lost"],
    ["GET", 200],
  ]);
  expect(log[1]?.url).toContain("lastChangedDateTimeOffsetGreaterThan=");

  // The same for a contact person under that customer.
  emulator.setFaults({ lostResponseRate: 1 });
  const person = await client.contactPersons.create(customer.Id, {
    FirstName: "Kari",
    LastName: "Nordmann",
    EmailAddress: "kari@example.no",
  });
  expect(emulator.store.contactPersons().map((p) => p.data.Id)).toEqual([person.Id]);
});
