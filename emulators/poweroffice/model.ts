import { isWellFormedEmail } from "../http/email.ts";
import type { FieldSpec } from "./fields.ts";

/** `InvoiceDeliveryType` members (CustomerDto). `PdfByEmail`, the default, needs an e-mail address. */
export const INVOICE_DELIVERY_TYPES = [
  "None",
  "PdfByEmail",
  "Print",
  "EHF",
  "AvtaleGiro",
  "External",
  "Efaktura",
  "Factoring",
] as const;

const str = (name: string, readOnly = false): FieldSpec => ({ name, kind: "string", readOnly });
/** A string with the maximum length the v2 OpenAPI documents for it (stianwe/PowerOfficeGoV2 api/openapi.yaml). */
const text = (name: string, maxLength: number): FieldSpec => ({ name, kind: "string", maxLength });
const bool = (name: string, readOnly = false): FieldSpec => ({ name, kind: "boolean", readOnly });
const int = (name: string, readOnly = false): FieldSpec => ({ name, kind: "integer", readOnly });

export const ADDRESS_FIELDS: readonly FieldSpec[] = [
  int("Id", true),
  text("AddressLine1", 200),
  text("AddressLine2", 200),
  text("City", 100),
  text("ZipCode", 50),
  str("CountryCode"),
  text("ExternalCode", 50),
  str("LastChangedDateTimeOffset", true),
];

/** The CustomerDto properties the emulator models; the order is the order of the JSON it answers. */
export const CUSTOMER_FIELDS: readonly FieldSpec[] = [
  int("Id", true),
  int("Number"),
  str("Name"),
  str("FirstName"),
  str("LastName"),
  bool("IsPerson"),
  str("EmailAddress"),
  str("InvoiceEmailAddress"),
  { name: "InvoiceDeliveryType", kind: "enum", values: INVOICE_DELIVERY_TYPES },
  str("PhoneNumber"),
  str("OrganizationNumber"),
  str("WebsiteUrl"),
  int("ExternalNumber"),
  text("ExternalImportReference", 50),
  str("CurrencyCode"),
  bool("IsArchived"),
  bool("IsActive", true),
  { name: "MailAddress", kind: "object", children: ADDRESS_FIELDS },
  str("ContactCreatedDateTimeOffset", true),
  str("CustomerCreatedDateTimeOffset", true),
  str("LastChangedDateTimeOffset", true),
];

export const CONTACT_PERSON_FIELDS: readonly FieldSpec[] = [
  int("Id", true),
  int("ContactId", true),
  str("FirstName"),
  str("LastName"),
  str("EmailAddress"),
  str("PhoneNumber"),
  str("Title"),
  bool("IsActive"),
  bool("IsDefault"),
  text("ExternalCode", 50),
  str("CreatedDateTimeOffset", true),
  str("LastChangedDateTimeOffset", true),
];

export interface Address {
  Id: number;
  AddressLine1: string | null;
  AddressLine2: string | null;
  City: string | null;
  ZipCode: string | null;
  CountryCode: string | null;
  ExternalCode: string | null;
  LastChangedDateTimeOffset: string;
}

export interface Customer {
  Id: number;
  Number: number | null;
  Name: string | null;
  FirstName: string | null;
  LastName: string | null;
  IsPerson: boolean;
  EmailAddress: string | null;
  InvoiceEmailAddress: string | null;
  InvoiceDeliveryType: string | null;
  PhoneNumber: string | null;
  OrganizationNumber: string | null;
  WebsiteUrl: string | null;
  ExternalNumber: number | null;
  ExternalImportReference: string | null;
  CurrencyCode: string | null;
  IsArchived: boolean;
  IsActive: boolean;
  MailAddress: Address | null;
  ContactCreatedDateTimeOffset: string;
  CustomerCreatedDateTimeOffset: string;
  LastChangedDateTimeOffset: string;
}

export interface ContactPerson {
  Id: number;
  ContactId: number;
  FirstName: string | null;
  LastName: string | null;
  EmailAddress: string | null;
  PhoneNumber: string | null;
  Title: string | null;
  IsActive: boolean;
  IsDefault: boolean;
  ExternalCode: string | null;
  CreatedDateTimeOffset: string;
  LastChangedDateTimeOffset: string;
}

export type Errors = Record<string, string[]>;

function add(errors: Errors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

function blank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === "";
}

function checkEmail(errors: Errors, field: string, value: string | null): void {
  if (!blank(value) && !isWellFormedEmail(value as string))
    add(errors, field, `'${value}' is not a valid e-mail address.`);
}

/**
 * The rules a customer must meet after a POST or a PATCH: a person needs first and last name, a company a name;
 * invoices go by e-mail unless the delivery type is Print, so one of the e-mail addresses is needed otherwise.
 */
export function validateCustomer(customer: Customer, others: Iterable<Customer>): Errors {
  const errors: Errors = {};
  if (customer.IsPerson) {
    if (blank(customer.FirstName)) add(errors, "FirstName", "FirstName is required when IsPerson is true.");
    if (blank(customer.LastName)) add(errors, "LastName", "LastName is required when IsPerson is true.");
  } else if (blank(customer.Name)) {
    add(errors, "Name", "Name is required for a customer that is not a person.");
  }
  checkEmail(errors, "EmailAddress", customer.EmailAddress);
  checkEmail(errors, "InvoiceEmailAddress", customer.InvoiceEmailAddress);
  if (customer.InvoiceDeliveryType !== "Print" && blank(customer.EmailAddress) && blank(customer.InvoiceEmailAddress)) {
    add(
      errors,
      "EmailAddress",
      "An e-mail address (EmailAddress or InvoiceEmailAddress) is required unless InvoiceDeliveryType is Print.",
    );
  }
  if (customer.Number === null || customer.Number <= 0) {
    add(errors, "Number", "Number must be a positive number.");
  } else {
    for (const other of others) {
      if (other.Id !== customer.Id && other.Number === customer.Number) {
        add(errors, "Number", `Customer number ${customer.Number} is already in use.`);
      }
    }
  }
  if ((customer.ExternalImportReference?.length ?? 0) > 50) {
    add(errors, "ExternalImportReference", "ExternalImportReference can be at most 50 characters.");
  }
  const country = customer.MailAddress?.CountryCode;
  if (country !== null && country !== undefined && !/^[A-Za-z]{2}$/.test(country)) {
    add(errors, "MailAddress.CountryCode", `'${country}' is not an ISO 3166-1 alpha-2 country code.`);
  }
  return errors;
}

export function validateContactPerson(person: ContactPerson, others: Iterable<ContactPerson>): Errors {
  const errors: Errors = {};
  if (blank(person.FirstName)) add(errors, "FirstName", "The FirstName field is required.");
  if (blank(person.LastName)) add(errors, "LastName", "The LastName field is required.");
  checkEmail(errors, "EmailAddress", person.EmailAddress);
  if (!blank(person.ExternalCode)) {
    for (const other of others) {
      if (other.Id !== person.Id && other.ExternalCode === person.ExternalCode) {
        add(errors, "ExternalCode", `ExternalCode '${person.ExternalCode}' is already in use.`);
      }
    }
  }
  return errors;
}

/** A person customer's name is its first and last name (Go computes it). */
export function derivedName(customer: Customer): string | null {
  if (!customer.IsPerson) return customer.Name;
  const name = [customer.FirstName, customer.LastName].filter((part) => !blank(part)).join(" ");
  return name === "" ? customer.Name : name;
}
