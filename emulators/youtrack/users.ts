import { isJsonMediaType, mediaType, parseJson } from "../http/body.ts";
import { isWellFormedEmail } from "../http/email.ts";
import { empty, json } from "../http/reply.ts";
import type { Reply, RequestContext } from "../http/types.ts";
import { hubError } from "./errors.ts";
import { FieldsSyntaxError, parseFields, project } from "./fields.ts";
import type { FieldSelection } from "./fields.ts";
import { toHubJson } from "./model.ts";
import type { HubUser } from "./model.ts";
import { QuerySyntaxError, matchesQuery, parseQuery } from "./query.ts";
import type { HubUserChanges, NewHubUser, YouTrackStore } from "./store.ts";

/** Hub's default page size when `$top` is absent (the real default is not documented; 100 is what the notes saw). */
const DEFAULT_TOP = 100;
/** Hub's type name of the users page is not documented; Hub names its JSON types in lower camel case. */
const USER_PAGE_TYPE = "userPage";

const ORDERABLE: Record<string, (u: HubUser) => string | number> = {
  login: (u) => u.login.toLowerCase(),
  name: (u) => u.name.toLowerCase(),
  creationtime: (u) => u.creationTime,
  id: (u) => u.id,
};

/**
 * The `/users` resource of the Hub REST API over a store. GETs read the replica (no lag by default). What is wrong
 * with a request is thrown (`hubError`), and so is what the store refuses (`StoreError`): the server answers both.
 */
export class HubUsersApi {
  constructor(private readonly store: YouTrackStore) {}

  list(ctx: RequestContext): Reply {
    const skip = nonNegativeInt(ctx.query.get("$skip"), 0);
    const top = nonNegativeInt(ctx.query.get("$top"), DEFAULT_TOP);
    if (skip === null) throw hubError.badRequest("Invalid value of $skip");
    if (top === null) throw hubError.badRequest("Invalid value of $top");
    const selection = fieldsOf(ctx);
    const query = queryOf(ctx);
    const users = this.store
      .replica()
      .list()
      .filter((user) => matchesQuery(user, query));
    const order = orderOf(ctx.query.get("orderBy"));
    if (order) users.sort(order);
    const page = users.slice(skip, skip + top).map((user) => toHubJson(user, ctx.baseUrl));
    const body = { type: USER_PAGE_TYPE, skip, top, total: users.length, users: page };
    // `fields` selects the users' fields; a selection naming `users` itself is a selection of the page.
    if (selection?.has("users")) return json(200, project(body, selection));
    return json(200, { ...body, users: project(page, selection) });
  }

  get(ctx: RequestContext): Reply {
    const selection = fieldsOf(ctx);
    const user = this.store.replica().get(ctx.params.id ?? "");
    if (!user) throw hubError.notFound();
    return json(200, project(toHubJson(user, ctx.baseUrl), selection));
  }

  async create(ctx: RequestContext): Promise<Reply> {
    const selection = fieldsOf(ctx);
    const input = readNewUser(await jsonObject(ctx));
    if (typeof input === "string") throw hubError.badRequest(input);
    return json(200, project(toHubJson(this.store.create(input), ctx.baseUrl), selection));
  }

  async update(ctx: RequestContext): Promise<Reply> {
    const selection = fieldsOf(ctx);
    const id = ctx.params.id ?? "";
    // An unknown user is a 404 whatever the body says.
    if (!this.store.get(id)) throw hubError.notFound();
    const changes = readChanges(await jsonObject(ctx));
    if (typeof changes === "string") throw hubError.badRequest(changes);
    return json(200, project(toHubJson(this.store.update(id, changes), ctx.baseUrl), selection));
  }

  delete(ctx: RequestContext): Reply {
    this.store.delete(ctx.params.id ?? "");
    return empty(200);
  }
}

function fieldsOf(ctx: RequestContext): FieldSelection | undefined {
  try {
    return parseFields(ctx.query.get("fields"));
  } catch (error) {
    if (error instanceof FieldsSyntaxError) throw hubError.invalidFields();
    throw error;
  }
}

function queryOf(ctx: RequestContext): ReturnType<typeof parseQuery> {
  try {
    return parseQuery(ctx.query.get("query"));
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw hubError.invalidQuery();
    throw error;
  }
}

async function jsonObject(ctx: RequestContext): Promise<Record<string, unknown>> {
  const type = mediaType(ctx.headers["content-type"]);
  if (type !== "" && !isJsonMediaType(type)) throw hubError.unsupportedMediaType();
  const body = parseJson(await ctx.body());
  if (!isRecord(body)) throw hubError.badRequest("Request body must be a JSON object");
  return body;
}

function readNewUser(body: Record<string, unknown>): NewHubUser | string {
  const login = body.login;
  if (typeof login !== "string" || login.trim() === "") return "Login is required";
  const changes = readChanges(body);
  if (typeof changes === "string") return changes;
  return {
    login,
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.banned !== undefined ? { banned: changes.banned } : {}),
    ...(changes.email ? { email: changes.email.email, verified: changes.email.verified ?? false } : {}),
  };
}

/** Reads the fields the emulator models from a partial user; anything else is ignored, as Hub ignores it. */
function readChanges(body: Record<string, unknown>): HubUserChanges | string {
  const changes: HubUserChanges = {};
  if (body.login !== undefined) {
    if (typeof body.login !== "string" || body.login.trim() === "") return "Login must be a non-empty string";
    changes.login = body.login;
  }
  if (body.name !== undefined) {
    if (typeof body.name !== "string") return "Name must be a string";
    changes.name = body.name;
  }
  if (body.banned !== undefined) {
    if (typeof body.banned !== "boolean") return "Banned must be a boolean";
    changes.banned = body.banned;
  }
  if (body.profile !== undefined && body.profile !== null) {
    if (!isRecord(body.profile)) return "Profile must be an object";
    const email = body.profile.email;
    if (email === null) changes.email = null;
    else if (email !== undefined) {
      if (!isRecord(email) || typeof email.email !== "string") return "Email must be an object with an email";
      if (!isWellFormedEmail(email.email)) return `Invalid email "${email.email}"`;
      if (email.verified !== undefined && typeof email.verified !== "boolean") return "Verified must be a boolean";
      changes.email = { email: email.email, ...(email.verified !== undefined ? { verified: email.verified } : {}) };
    }
  }
  return changes;
}

function orderOf(raw: string | null): ((a: HubUser, b: HubUser) => number) | undefined {
  if (raw === null || raw.trim() === "") return undefined;
  const [field = "", direction = "asc", ...rest] = raw.trim().split(/\s+/);
  const key = ORDERABLE[field.toLowerCase()];
  const sign = direction.toLowerCase() === "desc" ? -1 : direction.toLowerCase() === "asc" ? 1 : 0;
  if (!key || sign === 0 || rest.length > 0) throw hubError.badRequest(`Invalid orderBy "${raw}"`);
  return (a, b) => {
    const [x, y] = [key(a), key(b)];
    return x < y ? -sign : x > y ? sign : 0;
  };
}

function nonNegativeInt(raw: string | null, fallback: number): number | null {
  if (raw === null || raw === "") return fallback;
  return /^\d+$/.test(raw) ? Number(raw) : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
