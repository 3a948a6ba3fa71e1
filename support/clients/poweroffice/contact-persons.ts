// PowerOffice Go v2 contact persons, always under a customer (`contactId`).
import { z } from "zod";
import type { ApiClient, CallOptions } from "../http/api-client.ts";
import { jsonResponse, noContent } from "../http/response.ts";
import { isoInstant, type FindByEmailOptions } from "./customers.ts";
import { createLookup, sameText } from "./lookup.ts";
import { toJsonPatch } from "./patch.ts";
import { poweroffice } from "./paths.ts";
import { ContactPersonSchema, type ContactPerson, type ContactPersonInput } from "./schemas.ts";

export interface ListContactPersonsParams {
  contactIds?: readonly number[];
  lastChangedAfter?: Date | string;
  pageNumber?: number;
  pageSize?: number;
}

export interface ContactPersonsResource {
  list(params?: ListContactPersonsParams, options?: CallOptions): Promise<ContactPerson[]>;
  listAll(params?: Omit<ListContactPersonsParams, "pageNumber">, options?: CallOptions): AsyncIterable<ContactPerson>;
  get(contactId: number, id: number, options?: CallOptions): Promise<ContactPerson>;
  create(contactId: number, input: ContactPersonInput, options?: CallOptions): Promise<ContactPerson>;
  update(
    contactId: number,
    id: number,
    changes: Readonly<Record<string, unknown>>,
    options?: CallOptions,
  ): Promise<ContactPerson>;
  delete(contactId: number, id: number, options?: CallOptions): Promise<void>;
  findByEmail(
    email: string,
    options?: FindByEmailOptions & { contactIds?: readonly number[] },
  ): Promise<ContactPerson[]>;
}

const contactPersonList = jsonResponse(z.array(ContactPersonSchema), { empty: () => [] });

export function createContactPersonsResource(
  api: ApiClient,
  defaultPageSize: number,
  /** How long after a write a read may still miss it; a lost create's lookup looks that long (see lookup.ts). */
  readLagMs = 0,
): ContactPersonsResource {
  const list = (params: ListContactPersonsParams = {}, options: CallOptions = {}): Promise<ContactPerson[]> =>
    api.call({
      method: "GET",
      path: poweroffice.contactPersons(),
      query: {
        contactIds: params.contactIds,
        lastChangedDateTimeOffsetGreaterThan: isoInstant(params.lastChangedAfter),
        PageNumber: params.pageNumber,
        PageSize: params.pageSize,
      },
      safety: "read",
      response: contactPersonList,
      signal: options.signal,
    });

  async function* listAll(
    params: Omit<ListContactPersonsParams, "pageNumber"> = {},
    options: CallOptions = {},
  ): AsyncIterable<ContactPerson> {
    const pageSize = params.pageSize ?? defaultPageSize;
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await list({ ...params, pageNumber, pageSize }, options);
      yield* page;
      if (page.length < pageSize) return;
    }
  }

  const findByEmail = async (
    email: string,
    options: FindByEmailOptions & { contactIds?: readonly number[] } = {},
  ): Promise<ContactPerson[]> => {
    const found: ContactPerson[] = [];
    const params = {
      contactIds: options.contactIds,
      lastChangedAfter: options.changedSince,
      pageSize: options.pageSize,
    };
    for await (const person of listAll(params, options)) {
      if (sameText(person.EmailAddress, email)) found.push(person);
    }
    return found;
  };

  return {
    list,
    listAll,
    findByEmail,

    get: (contactId, id, options = {}) =>
      api.call({
        method: "GET",
        path: poweroffice.contactPerson(contactId, id),
        safety: "read",
        response: jsonResponse(ContactPersonSchema),
        signal: options.signal,
      }),

    create: (contactId, input, options = {}) => {
      const email = input.EmailAddress;
      const lookup = createLookup(
        input,
        (since) =>
          findByEmail(email as string, { contactIds: [contactId], changedSince: since, signal: options.signal }),
        ["EmailAddress", "FirstName", "LastName"],
        readLagMs,
        options.signal,
      );
      return api.call({
        method: "POST",
        path: poweroffice.contactPersonsOf(contactId),
        body: { kind: "json", value: input },
        safety: "create",
        recover: typeof email === "string" && email !== "" ? lookup : undefined,
        response: jsonResponse(ContactPersonSchema),
        signal: options.signal,
      });
    },

    update: (contactId, id, changes, options = {}) =>
      api.call({
        method: "PATCH",
        path: poweroffice.contactPerson(contactId, id),
        body: { kind: "json", value: toJsonPatch(changes), contentType: "application/json-patch+json" },
        safety: "idempotent",
        response: jsonResponse(ContactPersonSchema),
        signal: options.signal,
      }),

    delete: (contactId, id, options = {}) =>
      api.call({
        method: "DELETE",
        path: poweroffice.contactPerson(contactId, id),
        safety: "idempotent",
        response: noContent,
        goneAfterUnknown: () => undefined,
        signal: options.signal,
      }),
  };
}
