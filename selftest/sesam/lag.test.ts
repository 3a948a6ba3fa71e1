// The reference sync against a PowerOffice whose reads lag its writes (up to 300 ms, drawn per read, so reads can
// even go back in time): a sequence of edits alternating sides on one link each arrives on the other side, none is
// reverted, and the sync never writes an older value after a newer one. The engine runs on its own here (no node),
// with the real Hub emulator and an in-memory lagging PowerOffice (lagging-poweroffice.ts).
import { test, expect } from "@playwright/test";
import { setTimeout as delay } from "node:timers/promises";
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";
import { syncBehaviour } from "../../emulators/sesam/defects.ts";
import { SyncEngine } from "../../emulators/sesam/sync/engine.ts";
import { buildSyncPlan } from "../../emulators/sesam/sync/build-plan.ts";
import { TenantRequestCounter } from "../../emulators/sesam/sync/tenant/counter.ts";
import { HubApi } from "../../emulators/sesam/sync/tenant/youtrack.ts";
import { YouTrackEmulator } from "../../emulators/youtrack/server.ts";
import { loadChecklist } from "../../support/checklist/load.ts";
import type { PoRecord } from "../../emulators/sesam/sync/tenant/poweroffice.ts";
import { LaggingPowerOffice } from "./lagging-poweroffice.ts";
import { DEFAULT_CHECKLIST, USERS_CONTACT } from "./stack.ts";

const MAX_LAG_MS = 300;

/** A linked Hub user and PowerOffice contact person, the engine between them, and passes until a check holds. */
async function withLaggingSync(
  run: (sync: {
    pass: () => Promise<void>;
    until: (what: string, check: () => Promise<boolean> | boolean) => Promise<void>;
    hub: HubApi;
    po: LaggingPowerOffice;
    user: { id: string };
    contact: PoRecord;
    parent: PoRecord;
    userEmail: () => Promise<string | undefined>;
    contactEmail: () => unknown;
    logs: string[];
    metrics: Record<string, number>[];
  }) => Promise<void>,
): Promise<void> {
  const youtrack = new YouTrackEmulator();
  await youtrack.listen(0);
  const hub = new HubApi({ url: youtrack.url, token: SANDBOX_CREDENTIALS.youtrack.token }, new TenantRequestCounter());
  const po = new LaggingPowerOffice(MAX_LAG_MS, 7);
  const plan = buildSyncPlan([loadChecklist(DEFAULT_CHECKLIST)]);
  const logs: string[] = [];
  const engine = new SyncEngine(
    plan,
    { youtrack: hub, poweroffice: po, close: () => hub.close() },
    (l) => logs.push(l),
    {
      readLagMs: MAX_LAG_MS + 200,
      watermarkOverlapMs: 1_000,
    },
  );
  const settings = { behaviour: syncBehaviour([]), behaviourSince: new Date(0).toISOString(), lateWriteDelayMs: 0 };
  const metrics: Record<string, number>[] = [];
  const pass = async () => {
    for (const pipe of plan.pipes)
      metrics.push((await engine.run(pipe, settings, AbortSignal.timeout(20_000))).metrics);
  };
  /** Passes until `check` holds, or fails saying what it waited for. */
  const until = async (what: string, check: () => Promise<boolean> | boolean) => {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`not within 10 s: ${what}`);
      await pass();
      await delay(20);
    }
  };
  try {
    const parent = await po.create("Customers", { Name: "Test contacts", IsPerson: false });
    const contact = await po.create(`ContactPersons/${String(parent.Id)}`, {
      FirstName: "Ada",
      LastName: "Lovelace",
      EmailAddress: "ada@example.com",
    });
    const user = await hub.create(
      { login: "ada", name: "Ada", profile: { email: { email: "ada@example.com" } } },
      0,
      AbortSignal.timeout(5_000),
    );
    await until("the pair to link", () => engine.state.linksOf(USERS_CONTACT).all().length === 1);
    const userEmail = async () =>
      ((await hub.get(user.id, AbortSignal.timeout(5_000)))?.profile as { email?: { email?: string } })?.email?.email;
    const contactEmail = () => po.live("ContactPersons", Number(contact.Id))?.EmailAddress;
    await run({ pass, until, hub, po, user, contact, parent, userEmail, contactEmail, logs, metrics });
  } finally {
    await hub.close();
    await youtrack.close();
  }
}

test("alternating edits on one link all arrive, none reverted, under read lag", async () => {
  test.setTimeout(60_000);
  await withLaggingSync(
    async ({ pass, until, hub, po, user, contact, parent, userEmail, contactEmail, logs, metrics }) => {
      const edits: string[] = [];
      for (let i = 1; i <= 6; i++) {
        const value = `ada.${i}@example.com`;
        edits.push(value);
        // Right after the previous value arrived: the replica may not show it yet.
        if (i % 2 === 1) {
          await hub.update(user.id, { profile: { email: { email: value } } }, AbortSignal.timeout(5_000));
          await until(`edit ${i} (Hub) to reach PowerOffice`, () => contactEmail() === value);
        } else {
          await po.patch(`ContactPersons/${String(parent.Id)}/${String(contact.Id)}`, [
            { op: "replace", path: "/EmailAddress", value },
          ]);
          await until(`edit ${i} (PowerOffice) to reach Hub`, async () => (await userEmail()) === value);
        }
      }
      // Settled: a few more passes change nothing and revert nothing.
      for (let i = 0; i < 3; i++) await pass();
      await delay(MAX_LAG_MS);
      await pass();
      expect(await userEmail()).toBe("ada.6@example.com");
      expect(contactEmail()).toBe("ada.6@example.com");
      // What PowerOffice was given for the field: the test's own edits and the sync's copies, in the order made; the
      // sync never wrote an older value after a newer one.
      const written = (po.written.get(`ContactPersons/${String(contact.Id)}.EmailAddress`) ?? []) as string[];
      const order = written.map((value) => edits.indexOf(value));
      expect(order, `values written to the contact: ${written.join(", ")}`).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(written)).toEqual(new Set(edits));
      expect(logs).toEqual([]);
      const sum = (k: string) => metrics.reduce((s, m) => s + (m[k] ?? 0), 0);
      // Each edit copied once: no write was lost to a lagging read, none bounced back.
      expect(sum("updated")).toBe(edits.length);
      expect(sum("lost_write_prevented")).toBe(0);
    },
  );
});

// A value edited back to what both records held (on, off, on): the share's copy of the middle value, read back on the other
// side, must not count as a newer change than the edit back.
test("a value edited back to an earlier one arrives each time, under read lag", async () => {
  test.setTimeout(60_000);
  await withLaggingSync(async ({ pass, until, hub, user, userEmail, contactEmail, logs }) => {
    // The pair was seeded with ada@example.com: the edits leave it and come back to it.
    const edits = ["ada.1@example.com", "ada@example.com", "ada.1@example.com", "ada@example.com"];
    for (const [i, value] of edits.entries()) {
      await hub.update(user.id, { profile: { email: { email: value } } }, AbortSignal.timeout(5_000));
      await until(`edit ${i + 1} (${value}) to reach PowerOffice`, () => contactEmail() === value);
    }
    for (let i = 0; i < 3; i++) await pass();
    await delay(MAX_LAG_MS);
    await pass();
    expect(await userEmail()).toBe("ada@example.com");
    expect(contactEmail()).toBe("ada@example.com");
    expect(logs).toEqual([]);
  });
});
