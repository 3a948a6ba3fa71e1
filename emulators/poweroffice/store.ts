import { isDeepStrictEqual } from "node:util";
import { ReplicaJournal } from "../http/replica.ts";
import { ChangeClock, formatTicks } from "./clock.ts";
import { storeErrors } from "./errors.ts";
import { bind } from "./fields.ts";
import {
  CONTACT_PERSON_FIELDS,
  CUSTOMER_FIELDS,
  derivedName,
  validateContactPerson,
  validateCustomer,
} from "./model.ts";
import type { Address, ContactPerson, Customer, Errors } from "./model.ts";

/** A record with the ticks behind its timestamps, so `…GreaterThan` filters compare exactly. */
export interface Stored<T> {
  data: T;
  created: bigint;
  changed: bigint;
}

const FIRST_CUSTOMER_ID = 1_000_001;
const FIRST_CUSTOMER_NUMBER = 10_000;
const FIRST_ADDRESS_ID = 3_000_001;
const FIRST_CONTACT_PERSON_ID = 5_000_001;

/** CustomerDto properties that are sub-entities: a change to them alone leaves the customer's LastChanged. */
const CUSTOMER_SUB_ENTITIES: ReadonlySet<string> = new Set(["MailAddress"]);

/** What a GET reads: the replica, behind the live state by the read lag (see replica.ts). */
export interface ReadView {
  customers(): Stored<Customer>[];
  customer(id: number): Stored<Customer> | undefined;
  contactPersons(): Stored<ContactPerson>[];
  contactPerson(contactId: number, id: number): Stored<ContactPerson> | undefined;
}

/**
 * Customers and their contact persons in memory (the contact id of a contact person is its customer's id).
 * Every change gets a fresh `LastChangedDateTimeOffset` from one monotonic clock, except a change to a customer's
 * sub-entities alone (v2 OpenAPI, CustomerDto: it "does not reflect changes in sub-entities"). The methods here
 * read and write the live state (the primary); GETs read `replica()`.
 */
export class PowerOfficeStore {
  readonly #customers = new Map<number, Stored<Customer>>();
  readonly #contactPersons = new Map<number, Stored<ContactPerson>>();
  readonly #customerJournal = new ReplicaJournal<number, Stored<Customer>>();
  readonly #personJournal = new ReplicaJournal<number, Stored<ContactPerson>>();
  readonly #clock = new ChangeClock();
  #nextCustomerId = FIRST_CUSTOMER_ID;
  #nextAddressId = FIRST_ADDRESS_ID;
  #nextContactPersonId = FIRST_CONTACT_PERSON_ID;

  /** How far the replica GETs read from is behind the live state, in ms (0: no lag). */
  get readLagMs(): number {
    return this.#customerJournal.lagMs;
  }

  set readLagMs(ms: number) {
    this.#customerJournal.lagMs = ms;
    this.#personJournal.lagMs = ms;
  }

  /** The state as of `now` - readLagMs, for GETs. */
  replica(now = Date.now()): ReadView {
    return {
      customers: () => sorted(this.#customerJournal.asOf(this.#customers, now)),
      customer: (id) => cloneOrNot(this.#customerJournal.oneAsOf(id, this.#customers.get(id), now)),
      contactPersons: () => sorted(this.#personJournal.asOf(this.#contactPersons, now)),
      contactPerson: (contactId, id) => {
        const stored = this.#personJournal.oneAsOf(id, this.#contactPersons.get(id), now);
        return stored?.data.ContactId === contactId ? clone(stored) : undefined;
      },
    };
  }

  customers(): Stored<Customer>[] {
    return sorted(this.#customers);
  }

  customer(id: number): Stored<Customer> | undefined {
    return cloneOrNot(this.#customers.get(id));
  }

  /** Creates a customer from a CustomerPostDto-like object (PascalCase or any case); throws a StoreError. */
  createCustomer(input: object): Customer {
    const bound = bind(input, CUSTOMER_FIELDS);
    if (Object.keys(bound.errors).length > 0) throw storeErrors.invalid(bound.errors);
    const v = bound.values;
    const ticks = this.#clock.next();
    const stamp = formatTicks(ticks);
    const address = (v.MailAddress ?? {}) as Partial<Address>;
    const customer: Customer = {
      Id: this.#nextCustomerId,
      Number: (v.Number as number | null | undefined) ?? this.#nextNumber(),
      Name: (v.Name as string | null | undefined) ?? null,
      FirstName: (v.FirstName as string | null | undefined) ?? null,
      LastName: (v.LastName as string | null | undefined) ?? null,
      IsPerson: (v.IsPerson as boolean | null | undefined) ?? false,
      EmailAddress: (v.EmailAddress as string | null | undefined) ?? null,
      InvoiceEmailAddress: (v.InvoiceEmailAddress as string | null | undefined) ?? null,
      InvoiceDeliveryType: (v.InvoiceDeliveryType as string | null | undefined) ?? "PdfByEmail",
      PhoneNumber: (v.PhoneNumber as string | null | undefined) ?? null,
      OrganizationNumber: (v.OrganizationNumber as string | null | undefined) ?? null,
      WebsiteUrl: (v.WebsiteUrl as string | null | undefined) ?? null,
      ExternalNumber: (v.ExternalNumber as number | null | undefined) ?? null,
      ExternalImportReference: (v.ExternalImportReference as string | null | undefined) ?? null,
      CurrencyCode: (v.CurrencyCode as string | null | undefined) ?? "NOK",
      IsArchived: (v.IsArchived as boolean | null | undefined) ?? false,
      IsActive: true,
      MailAddress: {
        Id: this.#nextAddressId,
        AddressLine1: address.AddressLine1 ?? null,
        AddressLine2: address.AddressLine2 ?? null,
        City: address.City ?? null,
        ZipCode: address.ZipCode ?? null,
        CountryCode: address.CountryCode ?? "NO",
        ExternalCode: address.ExternalCode ?? null,
        LastChangedDateTimeOffset: stamp,
      },
      ContactCreatedDateTimeOffset: stamp,
      CustomerCreatedDateTimeOffset: stamp,
      LastChangedDateTimeOffset: stamp,
    };
    customer.Name = derivedName(customer);
    this.#check(validateCustomer(customer, this.#customerData()));
    this.#customers.set(customer.Id, { data: customer, created: ticks, changed: ticks });
    this.#customerJournal.record(customer.Id, undefined);
    this.#nextCustomerId++;
    this.#nextAddressId++;
    return structuredClone(customer);
  }

  /** Stores a changed customer (e.g. after a JSON Patch): validates, recomputes, stamps. */
  replaceCustomer(id: number, next: Customer): Customer {
    const current = this.#customers.get(id);
    if (!current) throw storeErrors.notFound(`Customer ${id} was not found.`);
    const customer = structuredClone(next);
    customer.Name = derivedName(customer);
    if (customer.MailAddress && customer.MailAddress.CountryCode === null) customer.MailAddress.CountryCode = "NO";
    this.#check(validateCustomer(customer, this.#customerData()));
    const ticks = this.#clock.next();
    const stamp = formatTicks(ticks);
    const subEntityChanged = !isDeepStrictEqual(customer.MailAddress, current.data.MailAddress);
    if (customer.MailAddress && subEntityChanged) customer.MailAddress.LastChangedDateTimeOffset = stamp;
    // A change to sub-entities alone leaves the customer's stamp; any other PATCH moves it (an empty one too).
    const moves = topLevelChanged(customer, current.data) || !subEntityChanged;
    if (moves) customer.LastChangedDateTimeOffset = stamp;
    this.#customers.set(id, { data: customer, created: current.created, changed: moves ? ticks : current.changed });
    this.#customerJournal.record(id, current);
    return structuredClone(customer);
  }

  /** Go refuses to delete a customer with child data; contact persons are its children here. */
  deleteCustomer(id: number): void {
    if (!this.#customers.has(id)) throw storeErrors.notFound(`Customer ${id} was not found.`);
    const persons = [...this.#contactPersons.values()].filter((p) => p.data.ContactId === id).length;
    if (persons > 0) {
      throw storeErrors.inUse(`Customer ${id} has ${persons} contact person(s) and cannot be deleted.`);
    }
    this.#customerJournal.record(id, this.#customers.get(id));
    this.#customers.delete(id);
  }

  contactPersons(): Stored<ContactPerson>[] {
    return sorted(this.#contactPersons);
  }

  contactPerson(contactId: number, id: number): Stored<ContactPerson> | undefined {
    const stored = this.#contactPersons.get(id);
    return stored && stored.data.ContactId === contactId ? clone(stored) : undefined;
  }

  createContactPerson(contactId: number, input: object): ContactPerson {
    if (!this.#customers.has(contactId)) throw storeErrors.notFound(`Contact ${contactId} was not found.`);
    const bound = bind(input, CONTACT_PERSON_FIELDS);
    if (Object.keys(bound.errors).length > 0) throw storeErrors.invalid(bound.errors);
    const v = bound.values;
    const ticks = this.#clock.next();
    const stamp = formatTicks(ticks);
    const person: ContactPerson = {
      Id: this.#nextContactPersonId,
      ContactId: contactId,
      FirstName: (v.FirstName as string | null | undefined) ?? null,
      LastName: (v.LastName as string | null | undefined) ?? null,
      EmailAddress: (v.EmailAddress as string | null | undefined) ?? null,
      PhoneNumber: (v.PhoneNumber as string | null | undefined) ?? null,
      Title: (v.Title as string | null | undefined) ?? null,
      IsActive: (v.IsActive as boolean | null | undefined) ?? true,
      IsDefault: (v.IsDefault as boolean | null | undefined) ?? false,
      ExternalCode: (v.ExternalCode as string | null | undefined) ?? null,
      CreatedDateTimeOffset: stamp,
      LastChangedDateTimeOffset: stamp,
    };
    this.#check(validateContactPerson(person, this.#personData()));
    this.#contactPersons.set(person.Id, { data: person, created: ticks, changed: ticks });
    this.#personJournal.record(person.Id, undefined);
    this.#nextContactPersonId++;
    return structuredClone(person);
  }

  replaceContactPerson(contactId: number, id: number, next: ContactPerson): ContactPerson {
    const current = this.#contactPersons.get(id);
    if (!current || current.data.ContactId !== contactId)
      throw storeErrors.notFound(`Contact person ${id} was not found.`);
    const person = structuredClone(next);
    this.#check(validateContactPerson(person, this.#personData()));
    const ticks = this.#clock.next();
    person.LastChangedDateTimeOffset = formatTicks(ticks);
    this.#contactPersons.set(id, { data: person, created: current.created, changed: ticks });
    this.#personJournal.record(id, current);
    return structuredClone(person);
  }

  deleteContactPerson(contactId: number, id: number): void {
    const current = this.#contactPersons.get(id);
    if (!current || current.data.ContactId !== contactId)
      throw storeErrors.notFound(`Contact person ${id} was not found.`);
    this.#personJournal.record(id, current);
    this.#contactPersons.delete(id);
  }

  clear(): void {
    this.#customers.clear();
    this.#contactPersons.clear();
    this.#customerJournal.clear();
    this.#personJournal.clear();
    this.#clock.reset();
    this.#nextCustomerId = FIRST_CUSTOMER_ID;
    this.#nextAddressId = FIRST_ADDRESS_ID;
    this.#nextContactPersonId = FIRST_CONTACT_PERSON_ID;
  }

  snapshot(): { customers: Customer[]; contactPersons: ContactPerson[] } {
    return {
      customers: this.customers().map((c) => c.data),
      contactPersons: this.contactPersons().map((p) => p.data),
    };
  }

  #nextNumber(): number {
    let highest = FIRST_CUSTOMER_NUMBER - 1;
    for (const { data } of this.#customers.values()) highest = Math.max(highest, data.Number ?? 0);
    return highest + 1;
  }

  #customerData(): Customer[] {
    return [...this.#customers.values()].map((c) => c.data);
  }

  #personData(): ContactPerson[] {
    return [...this.#contactPersons.values()].map((p) => p.data);
  }

  #check(errors: Errors): void {
    if (Object.keys(errors).length > 0) throw storeErrors.invalid(errors);
  }
}

function clone<T>(stored: Stored<T>): Stored<T> {
  return { data: structuredClone(stored.data), created: stored.created, changed: stored.changed };
}

function cloneOrNot<T>(stored: Stored<T> | undefined): Stored<T> | undefined {
  return stored && clone(stored);
}

function sorted<T extends { Id: number }>(records: ReadonlyMap<number, Stored<T>>): Stored<T>[] {
  return [...records.values()].sort((a, b) => a.data.Id - b.data.Id).map(clone);
}

/** Whether a property of the customer itself (not a sub-entity, not its own stamp) differs. */
function topLevelChanged(next: Customer, current: Customer): boolean {
  return (Object.keys(next) as (keyof Customer)[]).some(
    (key) =>
      !CUSTOMER_SUB_ENTITIES.has(key) &&
      key !== "LastChangedDateTimeOffset" &&
      !isDeepStrictEqual(next[key], current[key]),
  );
}
