// What the reference sync knows about each system datatype's API, in one table: which client calls list, create
// and update its records, what makes a record belong to the datatype, and the few defaults a create needs.
// Property values are never read or written here: that is the codecs' job.
import type { PowerOfficeClient } from "../../../support/clients/poweroffice/client.ts";
import type { CallOptions } from "../../../support/clients/http/api-client.ts";
import type { ContactPersonInput, Customer, CustomerInput } from "../../../support/clients/poweroffice/schemas.ts";
import type { YouTrackClient } from "../../../support/clients/youtrack/client.ts";
import type { UpdateUserInput } from "../../../support/clients/youtrack/users.ts";
import { datatypeKey, resolveSystem } from "../../../support/codecs/index.ts";
import type { SystemId } from "../../../support/codecs/index.ts";

export type GlobalType = "person" | "organisation";

/** A record's identity; contact persons are addressed under their customer. */
export interface RecordKey {
  id: string;
  parent?: string;
}

/** Static knowledge of a datatype (no clients needed): names and the global type it merges into. */
export interface DatatypeInfo {
  system: SystemId;
  datatype: string;
  /** The system's id in Sesam pipe names (Sesam's connector ids: `youtrack`, `powerofficego`). */
  sesamSystem: string;
  global: GlobalType;
  /** True when a listing returns every record (deletions show as absence); false when it lists changes only. */
  fullListing: boolean;
}

export interface CreateRequest {
  /** The synced properties' values, as the codecs write them. */
  changes: Record<string, unknown>;
  /** A display name taken from the record the new one mirrors. */
  name: string;
}

/** The client calls serving one datatype. */
export interface DatatypeAdapter extends DatatypeInfo {
  /** Every record, or (without a full listing) those changed after `changedAfter` (all when undefined). */
  list(changedAfter: string | undefined, options: CallOptions): AsyncIterable<unknown>;
  /** Whether a record listed by list() belongs to this datatype (e.g. `IsPerson` for "Customers person"). */
  includes(record: unknown): boolean;
  key(record: unknown): RecordKey;
  /** The server's modification time, when the API has one. */
  changedAt(record: unknown): string | null;
  displayName(record: unknown): string;
  update(key: RecordKey, changes: Record<string, unknown>, options: CallOptions): Promise<unknown>;
  create(request: CreateRequest, options: CallOptions): Promise<unknown>;
}

export interface TenantClients {
  youtrack: YouTrackClient;
  poweroffice: PowerOfficeClient;
}

/** Where contact persons the sync creates are filed: one company customer the sync creates once, found by name. */
export const CONTACT_PARENT_NAME = "Sesam Talk contact persons";

const SESAM_SYSTEM: Record<SystemId, string> = { youtrack: "youtrack", poweroffice: "powerofficego" };

const INFO: DatatypeInfo[] = [
  { system: "youtrack", datatype: "users", sesamSystem: "youtrack", global: "person", fullListing: true },
  {
    system: "poweroffice",
    datatype: "contactperson",
    sesamSystem: "powerofficego",
    global: "person",
    fullListing: false,
  },
  {
    system: "poweroffice",
    datatype: "customers-person",
    sesamSystem: "powerofficego",
    global: "person",
    fullListing: false,
  },
  {
    system: "poweroffice",
    datatype: "customers-company",
    sesamSystem: "powerofficego",
    global: "organisation",
    fullListing: false,
  },
  {
    system: "poweroffice",
    datatype: "customers",
    sesamSystem: "powerofficego",
    global: "organisation",
    fullListing: false,
  },
];

/** The datatype a checklist names, or undefined when the sync has no API adapter for it. */
export function datatypeInfo(system: string, datatype: string): DatatypeInfo | undefined {
  const id = resolveSystem(system);
  const key = datatypeKey(datatype);
  return INFO.find((info) => info.system === id && info.datatype === key);
}

export function sesamSystemName(system: SystemId): string {
  return SESAM_SYSTEM[system];
}

type Rec = Record<string, unknown>;
const asRecord = (record: unknown): Rec => (record !== null && typeof record === "object" ? (record as Rec) : {});
const text = (value: unknown): string => (typeof value === "string" ? value.trim() : "");

/** "Ada King Lovelace" -> ["Ada", "King Lovelace"]; one word is used for both (PowerOffice requires both). */
function splitName(name: string): [string, string] {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0] ?? "Unknown";
  return [first, words.length > 1 ? words.slice(1).join(" ") : first];
}

/** A Hub login from an email's local part (or a name), kept to characters every Hub accepts. */
function loginBase(email: unknown, name: string): string {
  const source = typeof email === "string" && email.includes("@") ? (email.split("@")[0] ?? "") : name;
  const cleaned = source.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "");
  return cleaned === "" ? "user" : cleaned.slice(0, 50);
}

/** Hub users: the whole list is paged through with a projection every run (Hub has no changed-since filter). */
function youtrackUsers(clients: TenantClients, info: DatatypeInfo): DatatypeAdapter {
  const users = clients.youtrack.users;
  const PAGE = 100;
  const FIELDS = "type,skip,top,total,users(id,login,name,banned,profile(email(email)))";
  return {
    ...info,
    async *list(_changedAfter, options) {
      for (let skip = 0; ;) {
        const page = await users.list({ skip, top: PAGE, fields: FIELDS }, options);
        yield* page.users;
        skip += page.users.length;
        if (page.users.length < PAGE || (page.total !== undefined && skip >= page.total)) return;
      }
    },
    includes: () => true,
    key: (record) => ({ id: String(asRecord(record).id) }),
    changedAt: () => null,
    displayName: (record) => text(asRecord(record).name) || text(asRecord(record).login),
    update: (key, changes, options) => users.update(key.id, changes as UpdateUserInput, options),
    async create(request, options) {
      const base = loginBase(request.changes.email, request.name);
      let login = base;
      for (let n = 2; (await users.findByLogin(login, options)) !== null; n++) login = `${base}-${n}`;
      const email =
        typeof request.changes.email === "string" && request.changes.email !== "" ? request.changes.email : undefined;
      const created = await users.create({ login, name: request.name || login, email }, options);
      const rest = Object.fromEntries(
        Object.entries(request.changes).filter(([field]) => field !== "email" && field !== "login"),
      );
      return Object.keys(rest).length === 0 ? created : users.update(created.id, rest as UpdateUserInput, options);
    },
  };
}

/** PowerOffice customers, narrowed to a datatype; listed by last-changed time. */
function powerofficeCustomers(clients: TenantClients, info: DatatypeInfo, isPerson: boolean | null): DatatypeAdapter {
  const customers = clients.poweroffice.customers;
  return {
    ...info,
    list: (changedAfter, options) => customers.listAll({ lastChangedAfter: changedAfter }, options),
    includes: (record) => {
      const customer = asRecord(record);
      if (customer.Name === CONTACT_PARENT_NAME) return false;
      return isPerson === null || (customer.IsPerson === true) === isPerson;
    },
    key: (record) => ({ id: String(asRecord(record).Id) }),
    changedAt: (record) => text(asRecord(record).LastChangedDateTimeOffset) || null,
    displayName: (record) => {
      const customer = asRecord(record);
      return text(customer.Name) || `${text(customer.FirstName)} ${text(customer.LastName)}`.trim();
    },
    update: (key, changes, options) => customers.update(Number(key.id), changes, options),
    create(request, options) {
      const person = isPerson === true;
      const [first, last] = splitName(request.name);
      const input: CustomerInput = person
        ? { IsPerson: true, Name: request.name || `${first} ${last}`, FirstName: first, LastName: last }
        : { IsPerson: false, Name: request.name || "Unnamed" };
      const withChanges = { ...input, ...request.changes } as CustomerInput;
      // A create needs an email or paper invoices.
      if (!withChanges.EmailAddress) withChanges.InvoiceDeliveryType = "Print";
      return customers.create(withChanges, options);
    },
  };
}

/** PowerOffice contact persons (v2), across all customers; created under the sync's own parent customer. */
function powerofficeContactPersons(clients: TenantClients, info: DatatypeInfo, parent: ContactParent): DatatypeAdapter {
  const persons = clients.poweroffice.contactPersons;
  return {
    ...info,
    list: (changedAfter, options) => persons.listAll({ lastChangedAfter: changedAfter }, options),
    includes: () => true,
    key: (record) => ({ id: String(asRecord(record).Id), parent: String(asRecord(record).ContactId) }),
    changedAt: (record) => text(asRecord(record).LastChangedDateTimeOffset) || null,
    displayName: (record) => `${text(asRecord(record).FirstName)} ${text(asRecord(record).LastName)}`.trim(),
    update: (key, changes, options) => persons.update(Number(key.parent), Number(key.id), changes, options),
    async create(request, options) {
      const [first, last] = splitName(request.name);
      const parentId = await parent.id(options);
      const input = { FirstName: first, LastName: last, ...request.changes } as ContactPersonInput;
      return persons.create(parentId, input, options);
    },
  };
}

/** The company customer new contact persons are filed under: looked up by name once, created when missing. */
export class ContactParent {
  #id: number | undefined;

  constructor(private readonly clients: TenantClients) {}

  async id(options: CallOptions): Promise<number> {
    if (this.#id !== undefined) return this.#id;
    let found: Customer | undefined;
    for await (const customer of this.clients.poweroffice.customers.listAll({}, options)) {
      if (customer.Name === CONTACT_PARENT_NAME) found ??= customer;
    }
    found ??= await this.clients.poweroffice.customers.create(
      { Name: CONTACT_PARENT_NAME, IsPerson: false, InvoiceDeliveryType: "Print" },
      options,
    );
    this.#id = found.Id;
    return found.Id;
  }

  forget(): void {
    this.#id = undefined;
  }
}

export function createAdapter(info: DatatypeInfo, clients: TenantClients, parent: ContactParent): DatatypeAdapter {
  switch (info.datatype) {
    case "users":
      return youtrackUsers(clients, info);
    case "contactperson":
      return powerofficeContactPersons(clients, info, parent);
    case "customers-person":
      return powerofficeCustomers(clients, info, true);
    case "customers-company":
      return powerofficeCustomers(clients, info, false);
    default:
      return powerofficeCustomers(clients, info, null);
  }
}
