// The system datatypes the harness supports: one entry each. The plan resolves a checklist's datatypes here, the
// fixtures make adapters (and parents) from it, the sweeper scans in its order, the node lookups take its Sesam names.
import { powerofficeContactPersonsAdapter } from "../adapters/poweroffice-contact-persons.ts";
import { powerofficeCustomersAdapter } from "../adapters/poweroffice-customers.ts";
import { youtrackUsersAdapter } from "../adapters/youtrack-users.ts";
import {
  powerofficeContactPerson,
  powerofficeCustomers,
  powerofficeCustomersCompany,
  powerofficeCustomersPerson,
} from "../codecs/poweroffice.ts";
import { youtrackUsers } from "../codecs/youtrack.ts";
import { mutateCodec, parseMutant } from "./mutant.ts";
import { CONTACT_PERSON_PARENT } from "./parent.ts";
import type { SystemDatatype } from "./types.ts";

const ENTRIES: readonly SystemDatatype[] = [
  {
    key: "youtrack/users",
    system: "youtrack",
    datatype: "users",
    label: "YouTrack Users",
    sesam: { system: "youtrack", datatype: "users" },
    codec: youtrackUsers,
    sweepOrder: 3,
    adapter: ({ entry, clients }) => youtrackUsersAdapter(clients.youtrack, entry),
  },
  {
    key: "poweroffice/contactperson",
    system: "poweroffice",
    datatype: "contactperson",
    label: "PowerOffice Go Contactperson",
    sesam: { system: "powerofficego", datatype: "contactperson" },
    codec: powerofficeContactPerson,
    // Before customers: a customer with contact persons cannot be deleted.
    sweepOrder: 1,
    parent: CONTACT_PERSON_PARENT,
    adapter: ({ entry, clients, parent }) => powerofficeContactPersonsAdapter(clients.poweroffice, entry, parent),
  },
  {
    // "Customers person" is a customer with `IsPerson: true` (inference: the API has no other person customer).
    key: "poweroffice/customers-person",
    system: "poweroffice",
    datatype: "customers-person",
    label: "PowerOffice Go Customers person",
    sesam: { system: "powerofficego", datatype: "customers-person" },
    codec: powerofficeCustomersPerson,
    sweepOrder: null,
    adapter: ({ entry, clients }) => powerofficeCustomersAdapter(clients.poweroffice, entry, "person"),
  },
  {
    key: "poweroffice/customers-company",
    system: "poweroffice",
    datatype: "customers-company",
    label: "PowerOffice Go Customers company",
    sesam: { system: "powerofficego", datatype: "customers-company" },
    codec: powerofficeCustomersCompany,
    sweepOrder: null,
    adapter: ({ entry, clients }) => powerofficeCustomersAdapter(clients.poweroffice, entry, "company"),
  },
  {
    // "Customers" (later generations of the documents) is every customer, person or company.
    key: "poweroffice/customers",
    system: "poweroffice",
    datatype: "customers",
    label: "PowerOffice Go Customers",
    sesam: { system: "powerofficego", datatype: "customers" },
    codec: powerofficeCustomers,
    sweepOrder: 2,
    adapter: ({ entry, clients }) => powerofficeCustomersAdapter(clients.poweroffice, entry, "any"),
  },
];

/** The table, with the selftests' deliberate mapping mistake applied when one is asked for (mutant.ts). */
export const DATATYPES: readonly SystemDatatype[] = ((mutant) =>
  mutant === null
    ? ENTRIES
    : ENTRIES.map((entry) =>
        entry.key === mutant.datatype ? { ...entry, codec: mutateCodec(entry.codec, mutant) } : entry,
      ))(parseMutant(process.env.TALK_QA_CODEC_MUTANT));
