import { ApiError } from "../clients/http/errors.ts";
import type { PowerOfficeClient } from "../clients/poweroffice/client.ts";
import type { ContactPerson } from "../clients/poweroffice/schemas.ts";
import { powerofficeContactPerson } from "../codecs/poweroffice.ts";
import { before, mergedWrites, nestDotted } from "./nested.ts";
import type { RecordRef, TenantAdapter } from "./types.ts";

const KEY = "poweroffice/contactperson";

/** The customer the contact persons of a worker live under (created once, removed last). */
export type ParentCustomer = () => Promise<number>;

function ref(person: ContactPerson, parentId: number): RecordRef {
  return { adapter: KEY, id: String(person.Id), parentId: String(person.ContactId ?? parentId) };
}

const ids = (target: RecordRef) => [Number(target.parentId), Number(target.id)] as const;
const notFound = (error: unknown) => error instanceof ApiError && error.status === 404;
const text = (person: ContactPerson) =>
  [person.FirstName, person.LastName, person.EmailAddress, person.Title].filter(Boolean).join(" ");

export function powerofficeContactPersonsAdapter(client: PowerOfficeClient, parent: ParentCustomer): TenantAdapter {
  return {
    key: KEY,
    system: "poweroffice",
    label: "PowerOffice Go Contactperson",
    codec: powerofficeContactPerson,
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

    async read(target) {
      try {
        return await client.contactPersons.get(...ids(target));
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },

    async write(target, property, value) {
      await client.contactPersons.update(...ids(target), property.write(value));
    },

    async remove(target) {
      try {
        await client.contactPersons.delete(...ids(target));
        return true;
      } catch (error) {
        if (notFound(error)) return false;
        throw error;
      }
    },

    async findByValue(property, value, since) {
      const found: RecordRef[] = [];
      for await (const person of client.contactPersons.listAll({ lastChangedAfter: before(since) })) {
        if (property.read(person) === value) found.push(ref(person, person.ContactId ?? 0));
      }
      return found;
    },

    async findTagged(pattern, since) {
      const found: { ref: RecordRef; text: string }[] = [];
      const params = since ? { lastChangedAfter: before(since) } : {};
      for await (const person of client.contactPersons.listAll(params)) {
        if (pattern.test(text(person))) found.push({ ref: ref(person, person.ContactId ?? 0), text: text(person) });
      }
      return found;
    },
  };
}
