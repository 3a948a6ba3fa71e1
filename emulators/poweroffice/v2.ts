import { empty, json } from "../http/reply.ts";
import type { Reply, RequestContext } from "../http/types.ts";
import { problem, validationProblem } from "./errors.ts";
import { applyPatch } from "./json-patch.ts";
import { CONTACT_PERSON_FIELDS, CUSTOMER_FIELDS } from "./model.ts";
import type { ContactPerson, Customer, Errors } from "./model.ts";
import {
  errorsOrNull,
  page,
  readId,
  readIds,
  readJson,
  readNumberRanges,
  readPaging,
  readTicks,
  queryValues,
} from "./request.ts";
import { InUseError, NotFoundError, ValidationError } from "./store.ts";
import type { PowerOfficeStore } from "./store.ts";

/**
 * `/v2/Customers` and `/v2/ContactPersons` over the store. Lists are bare JSON arrays ordered by Id. GETs read the
 * replica (behind the live state by the read lag); writes act on the live state.
 */
export class V2Api {
  constructor(private readonly store: PowerOfficeStore) {}

  listCustomers(ctx: RequestContext): Reply {
    const errors: Errors = {};
    const paging = readPaging(ctx.query, errors);
    const changedAfter = readTicks(ctx.query, "lastChangedDateTimeOffsetGreaterThan", errors);
    const createdAfter = readTicks(ctx.query, "customerCreatedDateTimeOffsetGreaterThan", errors);
    const numbers = readNumberRanges(ctx.query, "customerNos", errors);
    const invalid = errorsOrNull(errors);
    if (invalid) return invalid;
    const customers = this.store
      .replica()
      .customers()
      .filter((c) => changedAfter === undefined || c.changed > changedAfter)
      .filter((c) => createdAfter === undefined || c.created > createdAfter)
      .filter((c) => numbers === undefined || numbers(c.data.Number))
      .map((c) => c.data);
    return json(200, page(customers, paging));
  }

  getCustomer(ctx: RequestContext): Reply {
    const id = readId(ctx, "id");
    if (typeof id !== "number") return id;
    const customer = this.store.replica().customer(id);
    return customer ? json(200, customer.data) : customerNotFound(id);
  }

  async createCustomer(ctx: RequestContext): Promise<Reply> {
    const read = await readJson(ctx);
    if ("reply" in read) return read.reply;
    if (!isObject(read.body))
      return validationProblem({ $: ["The JSON value could not be converted to CustomerPostDto."] });
    try {
      const customer = this.store.createCustomer(read.body);
      return json(201, customer, { Location: `${ctx.baseUrl}/v2/Customers/${customer.Id}` });
    } catch (error) {
      return storeError(error);
    }
  }

  async patchCustomer(ctx: RequestContext): Promise<Reply> {
    const id = readId(ctx, "id");
    if (typeof id !== "number") return id;
    const current = this.store.customer(id);
    if (!current) return customerNotFound(id);
    const read = await readJson(ctx);
    if ("reply" in read) return read.reply;
    const patched = applyPatch(current.data as unknown as Record<string, unknown>, CUSTOMER_FIELDS, read.body);
    if (!patched.ok) return validationProblem(patched.errors);
    try {
      return json(200, this.store.replaceCustomer(id, patched.value as unknown as Customer));
    } catch (error) {
      return storeError(error);
    }
  }

  deleteCustomer(ctx: RequestContext): Reply {
    const id = readId(ctx, "id");
    if (typeof id !== "number") return id;
    try {
      this.store.deleteCustomer(id);
      return empty(200);
    } catch (error) {
      return storeError(error);
    }
  }

  listContactPersons(ctx: RequestContext): Reply {
    const errors: Errors = {};
    const paging = readPaging(ctx.query, errors);
    const contactIds = readIds(ctx.query, "contactIds", errors);
    const changedAfter = readTicks(ctx.query, "lastChangedDateTimeOffsetGreaterThan", errors);
    const createdAfter = readTicks(ctx.query, "createdDateTimeOffsetGreaterThan", errors);
    const externalCodes = queryValues(ctx.query, "externalCodes")
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter((v) => v !== "");
    const invalid = errorsOrNull(errors);
    if (invalid) return invalid;
    const persons = this.store
      .replica()
      .contactPersons()
      .filter((p) => contactIds === undefined || contactIds.has(p.data.ContactId))
      .filter((p) => changedAfter === undefined || p.changed > changedAfter)
      .filter((p) => createdAfter === undefined || p.created > createdAfter)
      .filter((p) => externalCodes.length === 0 || externalCodes.includes(p.data.ExternalCode ?? ""))
      .map((p) => p.data);
    return json(200, page(persons, paging));
  }

  getContactPerson(ctx: RequestContext): Reply {
    const ids = contactPersonIds(ctx);
    if (!Array.isArray(ids)) return ids;
    const person = this.store.replica().contactPerson(...ids);
    return person ? json(200, person.data) : contactPersonNotFound(ids[1]);
  }

  async createContactPerson(ctx: RequestContext): Promise<Reply> {
    const contactId = readId(ctx, "contactId");
    if (typeof contactId !== "number") return contactId;
    if (!this.store.customer(contactId)) return problem(404, `Contact with id ${contactId} was not found.`);
    const read = await readJson(ctx);
    if ("reply" in read) return read.reply;
    if (!isObject(read.body)) {
      return validationProblem({ $: ["The JSON value could not be converted to ContactPersonPostDto."] });
    }
    try {
      const person = this.store.createContactPerson(contactId, read.body);
      return json(201, person, { Location: `${ctx.baseUrl}/v2/ContactPersons/${contactId}/${person.Id}` });
    } catch (error) {
      return storeError(error);
    }
  }

  async patchContactPerson(ctx: RequestContext): Promise<Reply> {
    const ids = contactPersonIds(ctx);
    if (!Array.isArray(ids)) return ids;
    const current = this.store.contactPerson(...ids);
    if (!current) return contactPersonNotFound(ids[1]);
    const read = await readJson(ctx);
    if ("reply" in read) return read.reply;
    const patched = applyPatch(current.data as unknown as Record<string, unknown>, CONTACT_PERSON_FIELDS, read.body);
    if (!patched.ok) return validationProblem(patched.errors);
    try {
      return json(200, this.store.replaceContactPerson(...ids, patched.value as unknown as ContactPerson));
    } catch (error) {
      return storeError(error);
    }
  }

  deleteContactPerson(ctx: RequestContext): Reply {
    const ids = contactPersonIds(ctx);
    if (!Array.isArray(ids)) return ids;
    try {
      this.store.deleteContactPerson(...ids);
      return empty(200);
    } catch (error) {
      return storeError(error);
    }
  }
}

function contactPersonIds(ctx: RequestContext): [number, number] | Reply {
  const contactId = readId(ctx, "contactId");
  if (typeof contactId !== "number") return contactId;
  const id = readId(ctx, "id");
  if (typeof id !== "number") return id;
  return [contactId, id];
}

function customerNotFound(id: number): Reply {
  return problem(404, `Customer with id ${id} was not found.`);
}

function contactPersonNotFound(id: number): Reply {
  return problem(404, `Contact person with id ${id} was not found.`);
}

function storeError(error: unknown): Reply {
  if (error instanceof ValidationError) return validationProblem(error.errors);
  if (error instanceof NotFoundError) return problem(404, error.message);
  if (error instanceof InUseError) return problem(409, error.message);
  throw error;
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
