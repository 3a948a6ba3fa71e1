// Every PowerOffice Go path the client uses, relative to the host's base (which may carry a path: .../Demo).
// v2 and the legacy v1 API are different hosts, each with its own /OAuth/Token.
import { segment } from "../http/url.ts";

export const poweroffice = {
  /** The token endpoint, on either host. */
  token: () => "/OAuth/Token",
  customers: () => "/v2/Customers",
  customer: (id: number) => `/v2/Customers/${segment(id)}`,
  contactPersons: () => "/v2/ContactPersons",
  contactPersonsOf: (contactId: number) => `/v2/ContactPersons/${segment(contactId)}`,
  contactPerson: (contactId: number, id: number) => `/v2/ContactPersons/${segment(contactId)}/${segment(id)}`,
  /** v1 (legacy, on the v1 host): what Sesam's connector reads contact persons from. */
  partyContactPersons: () => "/PartyContactPerson",
  /** v1: one contact person under its customer (Sesam's `contact_lookup`). */
  partyContactPerson: (partyId: number, id: number) => `/Customer/${segment(partyId)}/Contact/${segment(id)}`,
} as const;
