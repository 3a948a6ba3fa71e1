import type { PowerOfficeClient } from "../clients/poweroffice/client.ts";
import type { ContactPerson } from "../clients/poweroffice/schemas.ts";
import { before, mergedWrites, nestDotted } from "./nested.ts";
import { replicaCaughtUp, untilReplicaShows } from "./replica.ts";
import { collect, unlessGone } from "./scan.ts";
import type { SystemDatatype } from "../datatypes/types.ts";
import type { RecordRef, TenantAdapter } from "./types.ts";

const ids = (target: RecordRef) => [Number(target.parentId), Number(target.id)] as const;
const text = (person: ContactPerson) =>
  [person.FirstName, person.LastName, person.EmailAddress, person.Title].filter(Boolean).join(" ");

/**
 * PowerOffice contact persons (v2), which live under a customer: the worker's parent customer (`parent`, made on
 * first use) for those a test seeds.
 */
export function powerofficeContactPersonsAdapter(
  client: PowerOfficeClient,
  entry: SystemDatatype,
  parent: () => Promise<number>,
): TenantAdapter {
  const ref = (person: ContactPerson, parentId: number): RecordRef => ({
    adapter: entry.key,
    id: String(person.Id),
    parentId: String(person.ContactId ?? parentId),
  });
  const read = (target: RecordRef) => unlessGone(() => client.contactPersons.get(...ids(target)));
  // Every contact person property is the person's own: its LastChangedDateTimeOffset moves with each of them, so
  // findByValue may narrow by it (a person's edit does not move its customer's; that is not searched here).
  return {
    key: entry.key,
    system: "poweroffice",
    label: entry.label,
    codec: entry.codec,
    changeClock: "server",

    async create(seed) {
      const contactId = await parent();
      const person = await client.contactPersons.create(contactId, {
        FirstName: seed.person.firstName,
        LastName: `${seed.person.lastName} ${seed.tag}`,
        ...nestDotted(mergedWrites(seed.values)),
      });
      return ref(person, contactId);
    },

    // Seeded means readable: a sync pass started now must find it.
    visible: (created) =>
      untilReplicaShows(
        () => read(created),
        (found) => found !== null,
        client.replica,
      ),

    // The replica's answer now: a check that must see every earlier write first waits for it (fixtures/records.ts,
    // ReadConsistency); a poll just asks again.
    read: (target) => read(target),

    async write(target, property, value) {
      const written = property.read(await client.contactPersons.update(...ids(target), property.write(value)));
      await untilReplicaShows(
        () => read(target),
        (found) => found !== null && property.read(found) === written,
        client.replica,
      );
    },

    remove: async (target) =>
      (await unlessGone(() => client.contactPersons.delete(...ids(target)).then(() => true))) ?? false,

    async findByValue(property, value, since) {
      return collect(client.contactPersons.listAll({ lastChangedAfter: before(since) }), (person) =>
        property.read(person) === value ? ref(person, person.ContactId ?? 0) : undefined,
      );
    },

    async findTagged(pattern, since) {
      await replicaCaughtUp(client.readLagMs);
      return collect(client.contactPersons.listAll(since ? { lastChangedAfter: before(since) } : {}), (person) =>
        pattern.test(JSON.stringify(person))
          ? { ref: ref(person, person.ContactId ?? 0), text: text(person) }
          : undefined,
      );
    },
  };
}
