import type { PowerOfficeClient } from "../clients/poweroffice/client.ts";
import type { Customer } from "../clients/poweroffice/schemas.ts";
import type { PropertyCodec } from "../codecs/index.ts";
import type { SystemDatatype } from "../datatypes/types.ts";
import { before, mergedWrites, nestDotted } from "./nested.ts";
import { replicaCaughtUp, untilReplicaShows } from "./replica.ts";
import { collect, unlessGone } from "./scan.ts";
import type { RecordRef, TenantAdapter } from "./types.ts";

/** Which customers a checklist datatype means: person customers, companies, or all of them. */
export type CustomerKind = "person" | "company" | "any";

/**
 * Whether a property lives in a sub-entity of the customer (`MailAddress.CountryCode`). The customer's
 * `LastChangedDateTimeOffset` "does not reflect changes in sub-entities" (v2 OpenAPI, CustomerDto), so a search for
 * such a value cannot be narrowed by it: a record edited there may not count as changed.
 */
const inSubEntity = (property: PropertyCodec) => Object.keys(property.write(null)).some((field) => field.includes("."));

const text = (customer: Customer) =>
  [customer.Name, customer.FirstName, customer.LastName, customer.EmailAddress].filter(Boolean).join(" ");

export function powerofficeCustomersAdapter(
  client: PowerOfficeClient,
  entry: SystemDatatype,
  kind: CustomerKind,
): TenantAdapter {
  const { key, label, codec } = entry;
  const ref = (customer: Customer): RecordRef => ({ adapter: key, id: String(customer.Id) });
  const isMine = (customer: Customer) =>
    kind === "any" || (kind === "person" ? customer.IsPerson === true : customer.IsPerson !== true);
  const read = (id: string) => unlessGone(() => client.customers.get(Number(id)));

  return {
    key,
    system: "poweroffice",
    label,
    codec,
    changeClock: "server",

    async create(seed) {
      const values = nestDotted(mergedWrites(seed.values));
      const identity =
        kind === "person"
          ? { IsPerson: true, FirstName: seed.person.firstName, LastName: `${seed.person.lastName} ${seed.tag}` }
          : { IsPerson: false, Name: `${seed.person.lastName} AS ${seed.tag} ${seed.unique}` };
      // PowerOffice needs an email unless invoices go on paper; paper lets a test empty the email later.
      return ref(await client.customers.create({ ...identity, InvoiceDeliveryType: "Print", ...values }));
    },

    // Seeded means readable: a sync pass started now must find it.
    visible: (created) =>
      untilReplicaShows(
        () => read(created.id),
        (customer) => customer !== null,
        client.replica,
      ),

    // The replica's answer now: a check that must see every earlier write first waits for it (fixtures/records.ts,
    // ReadConsistency); a poll just asks again.
    read: (target) => read(target.id),

    async write(target, property, value) {
      const written = property.read(await client.customers.update(Number(target.id), property.write(value)));
      await untilReplicaShows(
        () => read(target.id),
        (customer) => customer !== null && property.read(customer) === written,
        client.replica,
      );
    },

    remove: async (target) =>
      (await unlessGone(() => client.customers.delete(Number(target.id)).then(() => true))) ?? false,

    async findByValue(property, value, since) {
      return collect(
        client.customers.listAll(inSubEntity(property) ? {} : { lastChangedAfter: before(since) }),
        (customer) => (isMine(customer) && property.read(customer) === value ? ref(customer) : undefined),
      );
    },

    async findTagged(pattern, since) {
      await replicaCaughtUp(client.readLagMs);
      return collect(client.customers.listAll(since ? { lastChangedAfter: before(since) } : {}), (customer) =>
        isMine(customer) && pattern.test(JSON.stringify(customer))
          ? { ref: ref(customer), text: text(customer) }
          : undefined,
      );
    },
  };
}
