// What the reference sync knows about each system datatype's API, in one table: how its records are listed,
// looked up, updated and created (through the sync's own tenant calls), what makes a record belong to the
// datatype, and the defaults a create needs. Values are read and written through the mapping (mapping.ts).
import { hubUpdateBody, jsonPatch, setPath, type Change, type DatatypeMapping } from "./mapping.ts";
import type { Tenants } from "./tenants.ts";
import type { PoRecord } from "./tenant/poweroffice.ts";

export type ApiRecord = Record<string, unknown>;

/** A record's identity; contact persons are addressed under their customer. */
export interface RecordKey {
  id: string;
  parent?: string;
}

export interface CreateRequest {
  changes: Change[];
  /** A display name taken from the record the new one mirrors. */
  name: string;
}

export interface DatatypeAdapter {
  mapping: DatatypeMapping;
  /** Every record, or those changed after `changedAfter` (PowerOffice's lastChangedDateTimeOffsetGreaterThan). */
  list(changedAfter: string | undefined, signal: AbortSignal): AsyncIterable<ApiRecord>;
  /** Whether a listed record belongs to this datatype (e.g. `IsPerson` for "Customers person"). */
  includes(record: ApiRecord): boolean;
  key(record: ApiRecord): RecordKey;
  /** The server's modification time, when the API has one. */
  lastModified(record: ApiRecord): string | null;
  displayName(record: ApiRecord): string;
  /** The record as the tenant holds it now; null when it does not exist. */
  lookup(key: RecordKey, signal: AbortSignal): Promise<ApiRecord | null>;
  update(key: RecordKey, current: ApiRecord, changes: Change[], signal: AbortSignal): Promise<ApiRecord>;
  create(request: CreateRequest, signal: AbortSignal): Promise<ApiRecord>;
}

/** Where contact persons the sync creates are filed: one company customer the sync creates once, found by name. */
export const CONTACT_PARENT_NAME = "Sesam Talk contact persons";

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

/** A create body: the defaults, then the changes at their API paths. */
function bodyOf(defaults: ApiRecord, changes: readonly Change[]): ApiRecord {
  const body: ApiRecord = structuredClone(defaults);
  for (const { field, value } of changes) setPath(body, field.path.split("."), value);
  return body;
}

/**
 * Whether a record is the one a create body made (a lost create found by what it sent): the identifying fields the
 * API keeps as sent (a person customer's Name is derived from its first and last name, so it is not compared).
 */
function carries(record: PoRecord, body: ApiRecord, fields: readonly string[]): boolean {
  return fields.every((field) => body[field] === undefined || record[field] === body[field]);
}

const CUSTOMER_IDENTITY = ["IsPerson", "FirstName", "LastName", "EmailAddress", "OrganizationNumber"];
const COMPANY_IDENTITY = [...CUSTOMER_IDENTITY, "Name"];
const CONTACT_IDENTITY = ["FirstName", "LastName", "EmailAddress", "PhoneNumber"];

function hubUsers(tenants: Tenants, mapping: DatatypeMapping, readLagMs: number): DatatypeAdapter {
  const hub = tenants.youtrack;
  return {
    mapping,
    list: (_changedAfter, signal) => hub.list(signal),
    includes: () => true,
    key: (record) => ({ id: String(record.id) }),
    lastModified: () => null,
    displayName: (record) => text(record.name) || text(record.login),
    lookup: (key, signal) => hub.get(key.id, signal),
    update: (key, _current, changes, signal) => hub.update(key.id, hubUpdateBody(changes), signal),
    async create(request, signal) {
      const email = request.changes.find((c) => c.field.path === "profile.email.email")?.value;
      const base = loginBase(email, request.name);
      let login = base;
      for (let n = 2; (await hub.findByLogin(login, signal)) !== null; n++) login = `${base}-${n}`;
      const first = request.changes.filter((c) => c.field.path === "profile.email.email" || c.field.path === "name");
      const body: ApiRecord & { login: string } = { login, ...hubUpdateBody(first) };
      if (typeof body.name !== "string" || body.name === "") body.name = request.name || login;
      const created = await hub.create(body, readLagMs, signal);
      const rest = request.changes.filter((c) => !first.includes(c) && c.field.path !== "login");
      return rest.length === 0 ? created : hub.update(created.id, hubUpdateBody(rest), signal);
    },
  };
}

function customers(
  tenants: Tenants,
  mapping: DatatypeMapping,
  isPerson: boolean | null,
  readLagMs: number,
): DatatypeAdapter {
  const po = tenants.poweroffice;
  return {
    mapping,
    list: (changedAfter, signal) =>
      po.list("Customers", { lastChangedDateTimeOffsetGreaterThan: changedAfter }, signal),
    includes: (record) =>
      record.Name !== CONTACT_PARENT_NAME && (isPerson === null || (record.IsPerson === true) === isPerson),
    key: (record) => ({ id: String(record.Id) }),
    lastModified: (record) => text(record.LastChangedDateTimeOffset) || null,
    displayName: (record) => text(record.Name) || `${text(record.FirstName)} ${text(record.LastName)}`.trim(),
    lookup: (key, signal) => po.get(`Customers/${key.id}`, signal),
    update: (key, current, changes, signal) => po.patch(`Customers/${key.id}`, jsonPatch(current, changes), signal),
    create(request, signal) {
      const [first, last] = splitName(request.name);
      const defaults: ApiRecord =
        isPerson === true
          ? { IsPerson: true, Name: request.name || `${first} ${last}`, FirstName: first, LastName: last }
          : { IsPerson: false, Name: request.name || "Unnamed" };
      const body = bodyOf(defaults, request.changes);
      // PowerOffice needs an e-mail address or paper invoices (the connector's "conditionally-change-invoice-method").
      if (!body.EmailAddress && !body.InvoiceEmailAddress) body.InvoiceDeliveryType = "Print";
      const lookUp = async (since: Date) => {
        for await (const found of po.list(
          "Customers",
          { customerCreatedDateTimeOffsetGreaterThan: since.toISOString() },
          signal,
        )) {
          if (carries(found, body, body.IsPerson === true ? CUSTOMER_IDENTITY : COMPANY_IDENTITY)) return found;
        }
        return null;
      };
      return po.create("Customers", body, lookUp, readLagMs, signal);
    },
  };
}

function contactPersons(
  tenants: Tenants,
  mapping: DatatypeMapping,
  parent: ContactParent,
  readLagMs: number,
): DatatypeAdapter {
  const po = tenants.poweroffice;
  return {
    mapping,
    list: (changedAfter, signal) =>
      po.list("ContactPersons", { lastChangedDateTimeOffsetGreaterThan: changedAfter }, signal),
    includes: () => true,
    key: (record) => ({ id: String(record.Id), parent: String(record.ContactId) }),
    lastModified: (record) => text(record.LastChangedDateTimeOffset) || null,
    displayName: (record) => `${text(record.FirstName)} ${text(record.LastName)}`.trim(),
    lookup: (key, signal) => po.get(`ContactPersons/${key.parent}/${key.id}`, signal),
    update: (key, current, changes, signal) =>
      po.patch(`ContactPersons/${key.parent}/${key.id}`, jsonPatch(current, changes), signal),
    async create(request, signal) {
      const [first, last] = splitName(request.name);
      const parentId = await parent.id(signal);
      const body = bodyOf({ FirstName: first, LastName: last }, request.changes);
      const lookUp = async (since: Date) => {
        const query = { contactIds: String(parentId), createdDateTimeOffsetGreaterThan: since.toISOString() };
        for await (const found of po.list("ContactPersons", query, signal)) {
          if (carries(found, body, CONTACT_IDENTITY)) return found;
        }
        return null;
      };
      return po.create(`ContactPersons/${parentId}`, body, lookUp, readLagMs, signal);
    },
  };
}

/** The company customer new contact persons are filed under: looked up by name once, created when missing. */
export class ContactParent {
  #id: number | undefined;

  constructor(
    private readonly tenants: Tenants,
    private readonly readLagMs: number,
  ) {}

  async id(signal: AbortSignal): Promise<number> {
    if (this.#id !== undefined) return this.#id;
    const po = this.tenants.poweroffice;
    const find = async () => {
      for await (const customer of po.list("Customers", {}, signal)) {
        if (customer.Name === CONTACT_PARENT_NAME) return customer;
      }
      return null;
    };
    const body = { Name: CONTACT_PARENT_NAME, IsPerson: false, InvoiceDeliveryType: "Print" };
    const found = (await find()) ?? (await po.create("Customers", body, () => find(), this.readLagMs, signal));
    this.#id = Number(found.Id);
    return this.#id;
  }

  forget(): void {
    this.#id = undefined;
  }
}

export function createAdapter(
  mapping: DatatypeMapping,
  tenants: Tenants,
  parent: ContactParent,
  readLagMs: number,
): DatatypeAdapter {
  switch (mapping.datatype) {
    case "users":
      return hubUsers(tenants, mapping, readLagMs);
    case "contactperson":
      return contactPersons(tenants, mapping, parent, readLagMs);
    case "customers-person":
      return customers(tenants, mapping, true, readLagMs);
    case "customers-company":
      return customers(tenants, mapping, false, readLagMs);
    default:
      return customers(tenants, mapping, null, readLagMs);
  }
}
