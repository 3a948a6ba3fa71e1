// Every PowerOffice Go path the client uses, relative to the base (which may carry a path: .../Demo).
import { segment } from "../http/url.ts";

export const poweroffice = {
  token: () => "/OAuth/Token",
  customers: () => "/v2/Customers",
  customer: (id: number) => `/v2/Customers/${segment(id)}`,
  contactPersons: () => "/v2/ContactPersons",
  contactPersonsOf: (contactId: number) => `/v2/ContactPersons/${segment(contactId)}`,
  contactPerson: (contactId: number, id: number) => `/v2/ContactPersons/${segment(contactId)}/${segment(id)}`,
  /** v1 (legacy): what Sesam's connector reads contact persons from. */
  partyContactPersons: () => "/PartyContactPerson",
} as const;
