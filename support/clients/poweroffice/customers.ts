// PowerOffice Go v2 customers (person customers are `IsPerson: true`). The API has no email filter, so
// finding by email lists (narrowed by last-changed time when possible) and filters here.
import { z } from "zod";
import type { ApiClient, CallOptions } from "../http/api-client.ts";
import { jsonResponse, noContent } from "../http/response.ts";
import { createLookup, sameText } from "./lookup.ts";
import { toJsonPatch } from "./patch.ts";
import { poweroffice } from "./paths.ts";
import { CustomerSchema, type Customer, type CustomerInput } from "./schemas.ts";

export interface ListCustomersParams {
  /** 1-based. */
  pageNumber?: number;
  pageSize?: number;
  /** Only customers changed strictly after this instant (`lastChangedDateTimeOffsetGreaterThan`). */
  lastChangedAfter?: Date | string;
  customerNos?: ReadonlyArray<number | string>;
}

export interface FindByEmailOptions extends CallOptions {
  /** Only look at records changed after this instant: one short list instead of every record. */
  changedSince?: Date | string;
  pageSize?: number;
}

export interface CustomersResource {
  list(params?: ListCustomersParams, options?: CallOptions): Promise<Customer[]>;
  listAll(
    params?: { lastChangedAfter?: Date | string; pageSize?: number },
    options?: CallOptions,
  ): AsyncIterable<Customer>;
  get(id: number, options?: CallOptions): Promise<Customer>;
  create(input: CustomerInput, options?: CallOptions): Promise<Customer>;
  /** `{ EmailAddress: "x", "MailAddress.CountryCode": "NO" }`, sent as JSON Patch `replace` operations. */
  update(id: number, changes: Readonly<Record<string, unknown>>, options?: CallOptions): Promise<Customer>;
  delete(id: number, options?: CallOptions): Promise<void>;
  findByEmail(email: string, options?: FindByEmailOptions): Promise<Customer[]>;
}

const customerList = jsonResponse(z.array(CustomerSchema), { empty: () => [] });

export function createCustomersResource(
  api: ApiClient,
  defaultPageSize: number,
  /** How long after a write a read may still miss it; a lost create's lookup looks that long (see lookup.ts). */
  readLagMs = 0,
): CustomersResource {
  const list = (params: ListCustomersParams = {}, options: CallOptions = {}): Promise<Customer[]> =>
    api.call({
      method: "GET",
      path: poweroffice.customers(),
      query: {
        PageNumber: params.pageNumber,
        PageSize: params.pageSize,
        lastChangedDateTimeOffsetGreaterThan: isoInstant(params.lastChangedAfter),
        customerNos: params.customerNos,
      },
      safety: "read",
      // 204 No Content is PowerOffice's answer for an empty list.
      response: customerList,
      signal: options.signal,
    });

  async function* listAll(
    params: { lastChangedAfter?: Date | string; pageSize?: number } = {},
    options: CallOptions = {},
  ): AsyncIterable<Customer> {
    const pageSize = params.pageSize ?? defaultPageSize;
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await list({ pageNumber, pageSize, lastChangedAfter: params.lastChangedAfter }, options);
      yield* page;
      if (page.length < pageSize) return;
    }
  }

  const findByEmail = async (email: string, options: FindByEmailOptions = {}): Promise<Customer[]> => {
    const found: Customer[] = [];
    for await (const customer of listAll(
      { lastChangedAfter: options.changedSince, pageSize: options.pageSize },
      options,
    )) {
      if (sameText(customer.EmailAddress, email)) found.push(customer);
    }
    return found;
  };

  return {
    list,
    listAll,
    findByEmail,

    get: (id, options = {}) =>
      api.call({
        method: "GET",
        path: poweroffice.customer(id),
        safety: "read",
        response: jsonResponse(CustomerSchema),
        signal: options.signal,
      }),

    create: (input, options = {}) => {
      const lookup = createLookup(
        input,
        (since) => findByEmail(input.EmailAddress as string, { changedSince: since, signal: options.signal }),
        ["EmailAddress", "Name", "FirstName", "LastName"],
        readLagMs,
        options.signal,
      );
      return api.call({
        method: "POST",
        path: poweroffice.customers(),
        body: { kind: "json", value: input },
        safety: "create",
        recover: typeof input.EmailAddress === "string" && input.EmailAddress !== "" ? lookup : undefined,
        response: jsonResponse(CustomerSchema),
        signal: options.signal,
      });
    },

    update: (id, changes, options = {}) =>
      api.call({
        method: "PATCH",
        path: poweroffice.customer(id),
        body: { kind: "json", value: toJsonPatch(changes), contentType: "application/json-patch+json" },
        safety: "idempotent",
        response: jsonResponse(CustomerSchema),
        signal: options.signal,
      }),

    delete: (id, options = {}) =>
      api.call({
        method: "DELETE",
        path: poweroffice.customer(id),
        safety: "idempotent",
        response: noContent,
        goneAfterUnknown: () => undefined,
        signal: options.signal,
      }),
  };
}

export function isoInstant(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value instanceof Date ? value.toISOString() : value;
}
