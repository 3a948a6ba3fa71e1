import { empty, json } from "../http/reply.ts";
import type { Reply, RequestContext } from "../http/types.ts";
import { v2Error } from "./errors.ts";
import { applyPatch } from "./json-patch.ts";
import { CONTACT_PERSON_FIELDS, CUSTOMER_FIELDS } from "./model.ts";
import type { ContactPerson, Customer, Errors } from "./model.ts";
import {
  assertValid,
  page,
  readId,
  readIds,
  readJson,
  readNumberRanges,
  readPaging,
  readTicks,
  queryValues,
} from "./request.ts";
import type { PowerOfficeStore } from "./store.ts";

/**
 * `/v2/Customers` and `/v2/ContactPersons` over the store. Lists are bare JSON arrays ordered by Id. GETs read the
 * replica (behind the live state by the read lag); writes act on the live state. What is wrong with a request is
 * thrown (`v2Error`), and so is what the store refuses (`StoreError`): the server turns both into replies.
 */
export class V2Api {
  constructor(private readonly store: PowerOfficeStore) {}

  listCustomers(ctx: RequestContext): Reply {
    const errors: Errors = {};
    const paging = readPaging(ctx.query, errors);
    const changedAfter = readTicks(ctx.query, "lastChangedDateTimeOffsetGreaterThan", errors);
    const createdAfter = readTicks(ctx.query, "customerCreatedDateTimeOffsetGreaterThan", errors);
    const numbers = readNumberRanges(ctx.query, "customerNos", errors);
    assertValid(errors);
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
    const customer = this.store.replica().customer(id);
    if (!customer) throw customerNotFound(id);
    return json(200, customer.data);
  }

  async createCustomer(ctx: RequestContext): Promise<Reply> {
    const body = await readJson(ctx);
    if (!isObject(body)) {
      throw v2Error.validationProblem({ $: ["The JSON value could not be converted to CustomerPostDto."] });
    }
    const customer = this.store.createCustomer(body);
    return json(201, customer, { Location: `${ctx.baseUrl}/v2/Customers/${customer.Id}` });
  }

  async patchCustomer(ctx: RequestContext): Promise<Reply> {
    const id = readId(ctx, "id");
    const current = this.store.customer(id);
    if (!current) throw customerNotFound(id);
    const patched = applyPatch(
      current.data as unknown as Record<string, unknown>,
      CUSTOMER_FIELDS,
      await readJson(ctx),
    );
    if (!patched.ok) throw v2Error.validationProblem(patched.errors);
    return json(200, this.store.replaceCustomer(id, patched.value as unknown as Customer));
  }

  deleteCustomer(ctx: RequestContext): Reply {
    this.store.deleteCustomer(readId(ctx, "id"));
    return empty(200);
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
    assertValid(errors);
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
    const [contactId, id] = contactPersonIds(ctx);
    const person = this.store.replica().contactPerson(contactId, id);
    if (!person) throw contactPersonNotFound(id);
    return json(200, person.data);
  }

  async createContactPerson(ctx: RequestContext): Promise<Reply> {
    const contactId = readId(ctx, "contactId");
    if (!this.store.customer(contactId)) throw v2Error.problem(404, `Contact with id ${contactId} was not found.`);
    const body = await readJson(ctx);
    if (!isObject(body)) {
      throw v2Error.validationProblem({ $: ["The JSON value could not be converted to ContactPersonPostDto."] });
    }
    const person = this.store.createContactPerson(contactId, body);
    return json(201, person, { Location: `${ctx.baseUrl}/v2/ContactPersons/${contactId}/${person.Id}` });
  }

  async patchContactPerson(ctx: RequestContext): Promise<Reply> {
    const [contactId, id] = contactPersonIds(ctx);
    const current = this.store.contactPerson(contactId, id);
    if (!current) throw contactPersonNotFound(id);
    const data = current.data as unknown as Record<string, unknown>;
    const patched = applyPatch(data, CONTACT_PERSON_FIELDS, await readJson(ctx));
    if (!patched.ok) throw v2Error.validationProblem(patched.errors);
    return json(200, this.store.replaceContactPerson(contactId, id, patched.value as unknown as ContactPerson));
  }

  deleteContactPerson(ctx: RequestContext): Reply {
    this.store.deleteContactPerson(...contactPersonIds(ctx));
    return empty(200);
  }
}

function contactPersonIds(ctx: RequestContext): [number, number] {
  return [readId(ctx, "contactId"), readId(ctx, "id")];
}

function customerNotFound(id: number): Error {
  return v2Error.problem(404, `Customer with id ${id} was not found.`);
}

function contactPersonNotFound(id: number): Error {
  return v2Error.problem(404, `Contact person with id ${id} was not found.`);
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
