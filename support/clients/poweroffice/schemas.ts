// What PowerOffice Go answers. Loose objects: the API adds fields freely. Empty values come back as null.
import { z } from "zod";

const text = z.string().nullish();
const flag = z.boolean().nullish();

export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number().positive(), z.string().regex(/^\d+$/).transform(Number)]),
  /** v1 hands one out (go-api Documentation/Details/Authentication.md); v2 does not. */
  refresh_token: z.string().min(1).optional(),
});

export const MailAddressSchema = z.looseObject({
  AddressLine1: text,
  AddressLine2: text,
  City: text,
  ZipCode: text,
  CountryCode: text,
});

export const CustomerSchema = z.looseObject({
  Id: z.number().int(),
  Number: z.number().nullish(),
  Name: text,
  FirstName: text,
  LastName: text,
  IsPerson: flag,
  EmailAddress: text,
  InvoiceEmailAddress: text,
  InvoiceDeliveryType: text,
  PhoneNumber: text,
  MailAddress: MailAddressSchema.nullish(),
  IsArchived: flag,
  IsActive: flag,
  LastChangedDateTimeOffset: text,
});
export type Customer = z.infer<typeof CustomerSchema>;

export const ContactPersonSchema = z.looseObject({
  Id: z.number().int(),
  ContactId: z.number().int().nullish(),
  FirstName: text,
  LastName: text,
  EmailAddress: text,
  PhoneNumber: text,
  Title: text,
  IsActive: flag,
  IsDefault: flag,
  ExternalCode: text,
  LastChangedDateTimeOffset: text,
});
export type ContactPerson = z.infer<typeof ContactPersonSchema>;

/** v1 (legacy) contact person: camelCase, `partyId` is the customer. */
export const PartyContactPersonSchema = z.looseObject({
  id: z.number().int(),
  partyId: z.number().int().nullish(),
  firstName: text,
  lastName: text,
  emailAddress: text,
  phoneNumber: text,
  lastChanged: text,
});
export type PartyContactPerson = z.infer<typeof PartyContactPersonSchema>;

/** v1 answers a bad request with 200, `success: false`, a `validation` block and no `data`. */
export const PartyContactPersonAnswerSchema = z.looseObject({
  data: PartyContactPersonSchema.optional(),
  success: z.boolean().optional(),
  validation: z.looseObject({ summary: z.string().optional() }).optional(),
});

/** v1 answers a bad query with 200, `success: false` and no `data`. */
export const PartyContactPersonPageSchema = z.looseObject({
  data: z.array(PartyContactPersonSchema).optional(),
  count: z.number().int().optional(),
  success: z.boolean().optional(),
  validation: z.looseObject({ summary: z.string().optional() }).optional(),
});

/** The fields a create may set; any other documented field passes through as is. */
export interface CustomerInput {
  Name?: string;
  FirstName?: string;
  LastName?: string;
  IsPerson?: boolean;
  EmailAddress?: string;
  InvoiceEmailAddress?: string;
  InvoiceDeliveryType?: string;
  PhoneNumber?: string;
  Number?: number;
  MailAddress?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface ContactPersonInput {
  FirstName: string;
  LastName: string;
  EmailAddress?: string;
  PhoneNumber?: string;
  Title?: string;
  [field: string]: unknown;
}
