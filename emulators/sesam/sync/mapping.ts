// The reference sync's own mapping from checklist property paths to the tenants' API fields, per system datatype:
// which field a path names, its data type, how "no value" is written, and how a change goes out (Hub: a partial
// body for `POST /users/{id}`; PowerOffice v2: a JSON Patch). Written from the APIs' documentation
// (shared notes real-apis.md: Hub REST users; PowerOffice v2 OpenAPI, CustomerDto / ContactPersonDto).
//
// DELIBERATE DUPLICATION: the harness has its own list of the same properties (support/codecs). The sync must
// not use it: a mapping mistake in the harness would then be mirrored by the sandbox and stay green. Keep the two
// apart; when a property is added to one, add it to the other from the API docs, not by copying.
import { readPath, type DataType, type Scalar } from "./values.ts";

export type SystemId = "youtrack" | "poweroffice";
export type GlobalType = "person" | "organisation";

export interface Field {
  /** Where the value sits in the API record, dotted: `profile.email.email`, `EmailAddress`, `MailAddress.City`. */
  path: string;
  /** Every spelling a checklist may use (compared ignoring case, so v1 camelCase finds v2 PascalCase). */
  names: readonly string[];
  type: DataType;
  writable: boolean;
  /** How the API takes "no value"; undefined when it requires one (the field is then never emptied). */
  empty: Scalar | undefined;
  /**
   * In a sub-entity: PowerOffice's LastChangedDateTimeOffset "does not reflect changes in sub-entities (address,
   * contact person etc)" (v2 OpenAPI, CustomerDto), so a changed-since listing misses edits of it.
   */
  subEntity: boolean;
  /** Hub: where `null` goes to clear it, when not at `path` (an email is cleared with `profile.email: null`). */
  clearAt?: readonly string[];
}

export interface DatatypeMapping {
  system: SystemId;
  /** Canonical key: "Customers person" -> "customers-person". */
  datatype: string;
  /** The system's id in Sesam's connector pipe names (`youtrack`, `powerofficego`). */
  sesamSystem: string;
  /** `<system>-<datatype>`: the namespace of its records' ids in the merged datasets (`~:<namespace>:<id>`). */
  namespace: string;
  global: GlobalType;
  /** The API's primary key field (the connector templates' `primary_key`). */
  primaryKey: string;
  fields: readonly Field[];
  field(name: string): Field | undefined;
}

interface FieldSpec {
  path: string;
  type: DataType;
  aliases?: readonly string[];
  readOnly?: boolean;
  /** Default null; `undefined` when the API requires a value. */
  empty?: Scalar | undefined;
  clearAt?: readonly string[];
}

const field = (spec: FieldSpec): Field => ({
  path: spec.path,
  names: [spec.path, ...(spec.aliases ?? [])],
  type: spec.type,
  writable: !spec.readOnly,
  empty: "empty" in spec ? spec.empty : null,
  subEntity: spec.path.startsWith("MailAddress."),
  ...(spec.clearAt ? { clearAt: spec.clearAt } : {}),
});

// Hub user (real-apis.md "A user"): `profile.email` is an object whose string is `profile.email.email`; the
// checklists use both paths for that one datum. Hub takes "" for an empty name and `profile.email: null` to
// remove an email; login and banned cannot be emptied.
const HUB_USER: Field[] = [
  field({ path: "id", type: "string", readOnly: true }),
  field({ path: "login", type: "string", empty: undefined }),
  field({ path: "name", type: "string", empty: "" }),
  field({ path: "banned", type: "boolean", empty: undefined }),
  field({ path: "profile.email.email", type: "string", aliases: ["profile.email"], clearAt: ["profile", "email"] }),
];

const ADDRESS = ["AddressLine1", "AddressLine2", "City", "ZipCode", "CountryCode"].map((name) =>
  field({ path: `MailAddress.${name}`, type: "string" }),
);

// v2 ContactPersonDto. v1 (PartyContactPerson) spells the same data in camelCase (`emailAddress`) and calls the
// parent `partyId`. FirstName and LastName are required on create and cannot be emptied.
const CONTACT_PERSON: Field[] = [
  field({ path: "Id", type: "integer", readOnly: true }),
  field({ path: "ContactId", type: "integer", readOnly: true, aliases: ["partyId"] }),
  field({ path: "FirstName", type: "string", empty: undefined }),
  field({ path: "LastName", type: "string", empty: undefined }),
  field({ path: "EmailAddress", type: "string" }),
  field({ path: "PhoneNumber", type: "string" }),
  field({ path: "Title", type: "string" }),
  field({ path: "ExternalCode", type: "string" }),
  field({ path: "IsActive", type: "boolean", empty: undefined }),
  field({ path: "IsDefault", type: "boolean", empty: undefined }),
  ...ADDRESS,
];

// v2 CustomerDto.
const CUSTOMER: Field[] = [
  field({ path: "Id", type: "integer", readOnly: true }),
  field({ path: "Number", type: "integer", empty: undefined }),
  field({ path: "Name", type: "string", empty: undefined }),
  field({ path: "FirstName", type: "string", empty: undefined }),
  field({ path: "LastName", type: "string", empty: undefined }),
  field({ path: "EmailAddress", type: "string" }),
  field({ path: "InvoiceEmailAddress", type: "string" }),
  field({ path: "PhoneNumber", type: "string" }),
  field({ path: "WebsiteUrl", type: "string" }),
  field({ path: "OrganizationNumber", type: "string" }),
  field({ path: "IsArchived", type: "boolean", empty: undefined }),
  field({ path: "IsActive", type: "boolean", readOnly: true }),
  ...ADDRESS,
];

const normalize = (name: string) => name.trim().toLowerCase();

function mapping(
  system: SystemId,
  datatype: string,
  global: GlobalType,
  primaryKey: string,
  fields: Field[],
): DatatypeMapping {
  const sesamSystem = SESAM_SYSTEM[system];
  const byName = new Map(fields.flatMap((f) => f.names.map((name) => [normalize(name), f] as const)));
  return {
    system,
    datatype,
    sesamSystem,
    namespace: `${sesamSystem}-${datatype}`,
    global,
    primaryKey,
    fields,
    field: (name) => byName.get(normalize(name)),
  };
}

const SESAM_SYSTEM: Record<SystemId, string> = { youtrack: "youtrack", poweroffice: "powerofficego" };

export const MAPPINGS: readonly DatatypeMapping[] = [
  mapping("youtrack", "users", "person", "id", HUB_USER),
  mapping("poweroffice", "contactperson", "person", "Id", CONTACT_PERSON),
  mapping("poweroffice", "customers-person", "person", "Id", CUSTOMER),
  mapping("poweroffice", "customers-company", "organisation", "Id", CUSTOMER),
  mapping("poweroffice", "customers", "organisation", "Id", CUSTOMER),
];

// The documents spell the systems several ways ("Powerofficego", "PowerOffice GO", "Youtrack").
const SYSTEM_NAMES: Record<string, SystemId> = {
  youtrack: "youtrack",
  powerofficego: "poweroffice",
  poweroffice: "poweroffice",
};

export function systemOf(name: string): SystemId | undefined {
  return SYSTEM_NAMES[name.toLowerCase().replace(/\s+/g, "")];
}

export const datatypeKey = (datatype: string): string => datatype.trim().toLowerCase().split(/\s+/).join("-");

/** The mapping of a datatype as a checklist names it, or undefined when the sync has none. */
export function findMapping(system: string, datatype: string): DatatypeMapping | undefined {
  const id = systemOf(system);
  const key = datatypeKey(datatype);
  return MAPPINGS.find((m) => m.system === id && m.datatype === key);
}

export function readField(record: unknown, field: Field): Scalar {
  return readPath(record, field.path.split("."));
}

export interface Change {
  field: Field;
  /** The value to write; null is written as the field's `empty`. */
  value: Scalar;
}

/** Hub `POST /users/{id}`: a partial user holding only the changed fields (Hub updates with POST). */
export function hubUpdateBody(changes: readonly Change[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const { field, value } of changes) {
    const at = value === null && field.clearAt ? field.clearAt : field.path.split(".");
    setPath(body, at, value);
  }
  return body;
}

/**
 * PowerOffice v2 PATCH: a JSON Patch of `replace` operations. A sub-entity field is replaced inside its object
 * when the record has one, else the whole object is set (a pointer into a null object does not resolve).
 */
export function jsonPatch(
  current: unknown,
  changes: readonly Change[],
): { op: "replace"; path: string; value: unknown }[] {
  const ops: { op: "replace"; path: string; value: unknown }[] = [];
  const newObjects = new Map<string, Record<string, unknown>>();
  for (const { field, value } of changes) {
    const [parent, child] = field.path.split(".") as [string, string | undefined];
    if (child === undefined) {
      ops.push({ op: "replace", path: `/${parent}`, value });
      continue;
    }
    const existing = (current as Record<string, unknown> | null)?.[parent];
    if (existing !== null && typeof existing === "object") {
      ops.push({ op: "replace", path: `/${parent}/${child}`, value });
    } else {
      const object = newObjects.get(parent) ?? {};
      object[child] = value;
      newObjects.set(parent, object);
    }
  }
  for (const [parent, value] of newObjects) ops.push({ op: "replace", path: `/${parent}`, value });
  return ops;
}

/** Sets a dotted path in a plain object, making the objects on the way. */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== "object") node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}
