import { datatypeCodec } from "./datatype.ts";
import { fieldCodec } from "./record-paths.ts";
import type { FieldSpec } from "./record-paths.ts";
import type { PropertyCodec } from "./types.ts";

// PowerOffice Go v2 records are PascalCase. The checklists also use the v1 camelCase names of the same data
// (`emailAddress`, `partyId`); lookups ignore case, so only genuinely different v1 names need an alias.
const field = (spec: FieldSpec): PropertyCodec => fieldCodec(spec);

// Required fields (a contact person's names, a company's name) cannot be emptied: `empty: undefined`.
const contactPersonFields: PropertyCodec[] = [
  field({ path: "Id", type: "integer", writable: false }),
  field({ path: "ContactId", type: "integer", writable: false, aliases: ["partyId"] }),
  field({ path: "FirstName", type: "string", empty: undefined }),
  field({ path: "LastName", type: "string", empty: undefined }),
  field({ path: "EmailAddress", type: "string" }),
  field({ path: "PhoneNumber", type: "string" }),
  field({ path: "Title", type: "string" }),
  // v2 ContactPersonDto: ExternalCode maxLength 50.
  field({ path: "ExternalCode", type: "string", maxLength: 50 }),
  field({ path: "IsActive", type: "boolean", empty: undefined }),
];

const customerFields = (): PropertyCodec[] => [
  field({ path: "Id", type: "integer", writable: false }),
  field({ path: "Number", type: "integer", empty: undefined }),
  field({ path: "Name", type: "string", empty: undefined }),
  field({ path: "FirstName", type: "string", empty: undefined }),
  field({ path: "LastName", type: "string", empty: undefined }),
  field({ path: "EmailAddress", type: "string" }),
  field({ path: "InvoiceEmailAddress", type: "string" }),
  field({ path: "PhoneNumber", type: "string" }),
  field({ path: "WebsiteUrl", type: "string" }),
  field({ path: "OrganizationNumber", type: "string" }),
  field({ path: "IsActive", type: "boolean", empty: undefined }),
  field({ path: "IsArchived", type: "boolean", empty: undefined }),
  // v2 ContactAddressDto: AddressLine1/2 maxLength 200, City 100, ZipCode 50; CountryCode "ISO 3166-1 alfa-2".
  field({ path: "MailAddress.AddressLine1", type: "string", maxLength: 200 }),
  field({ path: "MailAddress.AddressLine2", type: "string", maxLength: 200 }),
  field({ path: "MailAddress.City", type: "string", maxLength: 100 }),
  field({ path: "MailAddress.ZipCode", type: "string", maxLength: 50 }),
  field({ path: "MailAddress.CountryCode", type: "string" }),
];

export const powerofficeContactPerson = datatypeCodec("poweroffice", "contactperson", contactPersonFields);
/** "Customers person" is a customer with `IsPerson: true`. */
export const powerofficeCustomersPerson = datatypeCodec("poweroffice", "customers-person", customerFields());
/** "Customers company" is a customer with `IsPerson: false`. */
export const powerofficeCustomersCompany = datatypeCodec("poweroffice", "customers-company", customerFields());
/** "Customers" (later generations of the documents) is every customer, person or company. */
export const powerofficeCustomers = datatypeCodec("poweroffice", "customers", customerFields());
