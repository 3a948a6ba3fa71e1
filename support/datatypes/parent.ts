// Records that live under another (PowerOffice contact persons under a customer): the harness makes one parent per
// worker on first use, tagged like everything it makes, and removes it (and whatever lives under it) at the end.
import { unlessGone } from "../adapters/scan.ts";
import { ReadConsistency } from "../run/read-consistency.ts";
import { emailAddress, fakePerson } from "../values/fresh-value.ts";
import type { ParentRecord } from "./types.ts";

/** A company customer that a worker's contact persons are filed under. */
export const CONTACT_PERSON_PARENT: ParentRecord = {
  ledgerKey: "poweroffice/customers",
  async create(clients, { runId, unique }) {
    const person = fakePerson();
    const customer = await clients.poweroffice.customers.create({
      IsPerson: false,
      Name: `${person.lastName} Kontakter AS ${runId} ${unique}`,
      EmailAddress: emailAddress({ tag: runId, unique }, person),
      InvoiceDeliveryType: "Print",
    });
    return { adapter: "poweroffice/customers", id: String(customer.Id) };
  },
  async remove(clients, parent) {
    const id = Number(parent.id);
    // The list comes from a replica: wait until it shows every contact person written so far.
    const consistency = new ReadConsistency({ youtrack: 0, poweroffice: clients.poweroffice.readLagMs });
    consistency.wrote("poweroffice");
    await consistency.caughtUp("poweroffice");
    // A customer with contact persons cannot go first; the list may still show one a test already removed.
    for await (const person of clients.poweroffice.contactPersons.listAll({ contactIds: [id] })) {
      await unlessGone(() => clients.poweroffice.contactPersons.delete(id, person.Id));
    }
    await unlessGone(() => clients.poweroffice.customers.delete(id));
  },
};
