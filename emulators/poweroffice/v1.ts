import { randomBytes } from "node:crypto";
import { json } from "../http/reply.ts";
import type { Reply, RequestContext } from "../http/types.ts";
import { formatTicks } from "./clock.ts";
import type { ContactPerson } from "./model.ts";
import { ODataError, parseFilter } from "./odata.ts";
import type { Value } from "./odata.ts";
import type { ReadView, Stored } from "./store.ts";

/** A v1 `PartyContactPerson` row: camelCase names over the same contact persons as v2. */
export function toV1(person: Stored<ContactPerson>, customerNumber: number | null): Record<string, unknown> {
  const p = person.data;
  return {
    id: p.Id,
    partyId: p.ContactId,
    firstName: p.FirstName,
    lastName: p.LastName,
    emailAddress: p.EmailAddress,
    phoneNumber: p.PhoneNumber,
    // v1 writes whole seconds (Sesam's connector parses it with "%Y-%m-%dT%H:%M:%S%z").
    lastChanged: formatTicks(person.changed, 0),
    isActive: p.IsActive,
    isPep: false,
    isRca: false,
    partyCustomerCode: customerNumber,
    partySupplierCode: null,
    socialSecurityNumber: null,
    hasNorwegianSSN: false,
    address1: null,
    address2: null,
    city: null,
    zipCode: null,
    residenceCountryCode: null,
    dateOfBirth: null,
    placeOfBirth: null,
    citizenship: null,
    gender: null,
    externalCode: p.ExternalCode,
  };
}

/**
 * `GET PartyContactPerson` of the legacy v1 API (what Sesam's connector reads contact persons from): OData
 * `$filter`, `$orderby`, `$skip`, `$top`, and the `{data, count, success}` envelope where `count` is the size
 * of the filtered set, whatever `$skip`/`$top` are. v1 answers an invalid query with 200 and `success: false`.
 */
export function listPartyContactPersons(store: ReadView, ctx: RequestContext): Reply {
  const numbers = new Map(store.customers().map((c) => [c.data.Id, c.data.Number]));
  const rows = store.contactPersons().map((person) => ({
    person,
    row: toV1(person, numbers.get(person.data.ContactId) ?? null),
  }));
  try {
    const skip = count(ctx.query.get("$skip"), 0);
    const top = count(ctx.query.get("$top"), Number.MAX_SAFE_INTEGER);
    const rawFilter = ctx.query.get("$filter");
    const filter = rawFilter && rawFilter.trim() !== "" ? parseFilter(rawFilter) : undefined;
    const fieldOf =
      (entry: (typeof rows)[number]) =>
      (field: string): Value | undefined => {
        if (field === "lastchanged") return { ticks: entry.person.changed };
        const key = Object.keys(entry.row).find((k) => k.toLowerCase() === field);
        return key === undefined ? undefined : (entry.row[key] as Value);
      };
    const matching = filter ? rows.filter((entry) => filter(fieldOf(entry))) : rows;
    const ordered = orderBy(matching, ctx.query.get("$orderby"), fieldOf);
    return json(200, {
      data: ordered.slice(skip, skip + top).map((entry) => entry.row),
      count: matching.length,
      success: true,
    });
  } catch (error) {
    if (!(error instanceof ODataError)) throw error;
    return v1Failure(error.message, "OData");
  }
}

/**
 * `GET Customer/{parentId}/Contact/{id}` (Sesam's `contact_lookup`): `{data, success: true}`. v1 answers every
 * well-formed request 200 (docs/api/rest/apicalls.md, "Error handling"), an unknown person with `success: false`.
 */
export function getPartyContactPerson(store: ReadView, ctx: RequestContext): Reply {
  const [parentId, id] = [ctx.params.parentId ?? "", ctx.params.id ?? ""].map((raw) =>
    /^\d+$/.test(raw) ? Number(raw) : NaN,
  );
  const person =
    Number.isNaN(parentId) || Number.isNaN(id) ? undefined : store.contactPerson(parentId as number, id as number);
  if (!person)
    return v1Failure(
      `Contact person ${ctx.params.id ?? ""} of ${ctx.params.parentId ?? ""} was not found.`,
      "NotFound",
    );
  const number = store.customer(person.data.ContactId)?.data.Number ?? null;
  return json(200, { data: toV1(person, number), success: true });
}

/** v1's failure envelope: 200, `success: false` and a `validation` block in place of `data`. */
function v1Failure(summary: string, exception: string): Reply {
  return json(200, {
    success: false,
    validation: { errorLogReference: randomBytes(6).toString("hex"), summary, exception },
  });
}

function count(raw: string | null, fallback: number): number {
  if (raw === null || raw.trim() === "") return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ODataError(`Invalid count '${raw}'`);
  return Number(raw);
}

function orderBy<T>(items: T[], raw: string | null, fieldOf: (item: T) => (field: string) => Value | undefined): T[] {
  if (raw === null || raw.trim() === "") return items;
  const keys = raw.split(",").map((part) => {
    const [field = "", direction = "asc"] = part.trim().split(/\s+/);
    if (!/^(asc|desc)$/i.test(direction)) throw new ODataError(`Invalid $orderby '${raw}'`);
    return { field: field.toLowerCase(), sign: direction.toLowerCase() === "desc" ? -1 : 1 };
  });
  const sortable = (value: Value | undefined): string | number | bigint | boolean => {
    if (value === undefined) throw new ODataError(`Could not find a property named '${raw}'`);
    if (value === null) return "";
    return typeof value === "object" ? value.ticks : value;
  };
  return [...items].sort((a, b) => {
    for (const { field, sign } of keys) {
      const [x, y] = [sortable(fieldOf(a)(field)), sortable(fieldOf(b)(field))];
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    return 0;
  });
}
