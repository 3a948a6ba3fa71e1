// Records that were in the tenants before a run, not the harness's: they must come out of it unchanged.
import type { Sandbox } from "../../emulators/sandbox.ts";
import { createPowerOfficeClient } from "../../support/clients/poweroffice/client.ts";
import { createYouTrackClient } from "../../support/clients/youtrack/client.ts";

export interface Preexisting {
  /** The records as the stores hold them now, to compare after the run. */
  snapshot(): Promise<string[]>;
}

export async function seedPreexisting(sandbox: Sandbox): Promise<Preexisting> {
  const env = sandbox.env as Record<string, string>;
  const youtrack = createYouTrackClient({ baseUrl: env.YOUTRACK_URL as string, token: env.YOUTRACK_TOKEN as string });
  const poweroffice = createPowerOfficeClient({
    baseUrl: env.POWEROFFICE_URL as string,
    applicationKey: env.POWEROFFICE_APPLICATION_KEY as string,
    clientKey: env.POWEROFFICE_CLIENT_KEY as string,
    subscriptionKey: env.POWEROFFICE_SUBSCRIPTION_KEY as string,
    throttle: false,
  });
  const user = await youtrack.users.create({
    login: "ola.nordmann",
    name: "Ola Nordmann",
    email: "Ola.Nordmann@example.org",
  });
  const company = await poweroffice.customers.create({
    Name: "Eksisterende AS",
    IsPerson: false,
    EmailAddress: "post@eksisterende.example.org",
  });
  const contact = await poweroffice.contactPersons.create(company.Id, {
    FirstName: "Kari",
    LastName: "Eksisterende",
    EmailAddress: "Kari.Eksisterende@example.org",
  });
  const person = await poweroffice.customers.create({
    IsPerson: true,
    FirstName: "Per",
    LastName: "Person",
    EmailAddress: "Per.Person@example.org",
  });
  await Promise.all([youtrack.close(), poweroffice.close()]);
  const ids = { users: [user.id], customers: [company.Id, person.Id], contactPersons: [contact.Id] };
  return {
    async snapshot() {
      const out: string[] = [];
      for (const service of ["youtrack", "poweroffice"] as const) {
        const store = (await (await fetch(`${sandbox.urls[service]}/__admin/store`)).json()) as Record<
          string,
          { id?: unknown; Id?: unknown }[]
        >;
        for (const [kind, records] of Object.entries(store)) {
          const wanted = (ids as Record<string, unknown[]>)[kind] ?? [];
          for (const record of records)
            if (wanted.includes(record.id ?? record.Id)) out.push(`${kind} ${JSON.stringify(record)}`);
        }
      }
      return out.sort();
    },
  };
}
