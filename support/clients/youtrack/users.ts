// Hub users: the YouTrack side of the records the checklist syncs (login, name, profile.email.email).
import type { ApiClient, CallOptions } from "../http/api-client.ts";
import { lookAcrossLag } from "../http/replica.ts";
import { jsonResponse, noContent } from "../http/response.ts";
import { hubPaths, USER_FIELDS } from "./paths.ts";
import { hubUserEmail, HubUserPageSchema, HubUserSchema, type HubUser } from "./schemas.ts";

export interface UserPage {
  skip: number;
  top: number;
  /** Absent when Hub leaves it out. */
  total?: number;
  users: HubUser[];
}

export interface ListUsersParams {
  skip?: number;
  top?: number;
  /** Hub query language, e.g. `login: jdoe` (see `hubQueryValue` for values with spaces). */
  query?: string;
  /** Hub fields projection; the default asks for what HubUser describes. */
  fields?: string;
}

export interface CreateUserInput {
  login: string;
  name: string;
  email?: string;
}

export interface UpdateUserInput {
  login?: string;
  name?: string;
  /**
   * A string sets `profile.email.email`. null removes the email, sent as `"profile": {"email": null}`: Hub's
   * documentation does not say how an email is removed; a null member is how its partial updates clear a
   * value elsewhere. Unconfirmed against a real Hub (the emulator accepts it): check there before relying on it.
   */
  email?: string | null;
  banned?: boolean;
}

export interface UsersResource {
  list(params?: ListUsersParams, options?: CallOptions): Promise<UserPage>;
  listAll(
    params?: { query?: string; pageSize?: number; userFields?: string },
    options?: CallOptions,
  ): AsyncIterable<HubUser>;
  /**
   * Users whose email is this one (ignoring case and surrounding space): a paged scan of every user with a
   * minimal projection, filtered here. Hub's `email:` query field is not confirmed for the current Hub, so it is
   * not used. The users carry `id`, `login` and `profile.email.email` only.
   */
  findByEmail(email: string, options?: CallOptions & { pageSize?: number }): Promise<HubUser[]>;
  findByLogin(login: string, options?: CallOptions): Promise<HubUser | null>;
  get(id: string, options?: CallOptions): Promise<HubUser>;
  create(input: CreateUserInput, options?: CallOptions): Promise<HubUser>;
  update(id: string, changes: UpdateUserInput, options?: CallOptions): Promise<HubUser>;
  updateEmail(id: string, email: string | null, options?: CallOptions): Promise<HubUser>;
  delete(id: string, options?: CallOptions): Promise<void>;
}

const DEFAULT_PAGE_SIZE = 100;
/** findByEmail's page: larger than a listing's, as each user is three fields (Hub documents no maximum $top). */
const EMAIL_SCAN_PAGE_SIZE = 500;
/** What findByEmail reads of each user. */
const EMAIL_SCAN_FIELDS = "id,login,profile(email(email))";

/** A value for Hub's query language: values with spaces or syntax characters go in braces. */
export function hubQueryValue(value: string): string {
  return /[\s{}():,"]/.test(value) ? `{${value}}` : value;
}

export function createUsersResource(
  api: ApiClient,
  /** How long after a write a read may still miss it (Hub documents no replica: 0); a lost create's lookup looks that long. */
  readLagMs = 0,
): UsersResource {
  const list = async (params: ListUsersParams = {}, options: CallOptions = {}): Promise<UserPage> => {
    const page = await api.call({
      method: "GET",
      path: hubPaths.users(),
      query: {
        fields: params.fields ?? `type,skip,top,total,users(${USER_FIELDS})`,
        $skip: params.skip,
        $top: params.top,
        query: params.query,
      },
      safety: "read",
      response: jsonResponse(HubUserPageSchema),
      signal: options.signal,
    });
    const users = page.users ?? [];
    return {
      skip: page.skip ?? params.skip ?? 0,
      top: page.top ?? params.top ?? users.length,
      total: page.total,
      users,
    };
  };

  async function* listAll(
    params: { query?: string; pageSize?: number; userFields?: string } = {},
    options: CallOptions = {},
  ): AsyncIterable<HubUser> {
    const top = params.pageSize ?? DEFAULT_PAGE_SIZE;
    const fields = params.userFields === undefined ? undefined : `skip,top,total,users(${params.userFields})`;
    for (let skip = 0; ;) {
      const page = await list({ skip, top, query: params.query, fields }, options);
      yield* page.users;
      skip += page.users.length;
      // A short page ends the list; so does reaching `total`, which saves the empty last request.
      if (page.users.length < top || (page.total !== undefined && skip >= page.total)) return;
    }
  }

  const get = (id: string, options: CallOptions = {}): Promise<HubUser> =>
    api.call({
      method: "GET",
      path: hubPaths.user(id),
      query: { fields: USER_FIELDS },
      safety: "read",
      response: jsonResponse(HubUserSchema),
      signal: options.signal,
    });

  const findByLogin = async (login: string, options: CallOptions = {}): Promise<HubUser | null> => {
    const page = await list({ query: `login: ${hubQueryValue(login)}`, top: DEFAULT_PAGE_SIZE }, options);
    return page.users.find((user) => sameText(user.login, login)) ?? null;
  };

  const findByEmail = async (email: string, options: CallOptions & { pageSize?: number } = {}): Promise<HubUser[]> => {
    const found: HubUser[] = [];
    const scan = { pageSize: options.pageSize ?? EMAIL_SCAN_PAGE_SIZE, userFields: EMAIL_SCAN_FIELDS };
    for await (const user of listAll(scan, options)) {
      if (sameText(hubUserEmail(user), email)) found.push(user);
    }
    return found;
  };

  const update = async (id: string, changes: UpdateUserInput, options: CallOptions = {}): Promise<HubUser> => {
    const body: Record<string, unknown> = {};
    if (changes.login !== undefined) body.login = changes.login;
    if (changes.name !== undefined) body.name = changes.name;
    if (changes.banned !== undefined) body.banned = changes.banned;
    if (changes.email !== undefined) body.profile = { email: changes.email === null ? null : { email: changes.email } };
    // Hub updates with POST and a partial body: repeating it leaves the same state.
    return api.call({
      method: "POST",
      path: hubPaths.user(id),
      query: { fields: USER_FIELDS },
      body: { kind: "json", value: body },
      safety: "idempotent",
      response: jsonResponse(HubUserSchema),
      signal: options.signal,
    });
  };

  return {
    list,
    listAll,
    findByEmail,
    findByLogin,
    get,

    create(input, options = {}) {
      const body: Record<string, unknown> = { login: input.login, name: input.name };
      if (input.email !== undefined) body.profile = { email: { email: input.email } };
      return api.call({
        method: "POST",
        path: hubPaths.users(),
        query: { fields: USER_FIELDS },
        body: { kind: "json", value: body },
        safety: "create",
        // Logins are unique in Hub: a user with this login after an unanswered create is the one it made.
        recover: () => lookAcrossLag(() => findByLogin(input.login, options), readLagMs, options.signal),
        response: jsonResponse(HubUserSchema),
        signal: options.signal,
      });
    },

    update,

    updateEmail: (id, email, options) => update(id, { email }, options),

    delete: (id, options = {}) =>
      api.call({
        method: "DELETE",
        path: hubPaths.user(id),
        safety: "idempotent",
        response: noContent,
        goneAfterUnknown: () => undefined,
        signal: options.signal,
      }),
  };
}

function sameText(a: string | null | undefined, b: string): boolean {
  return typeof a === "string" && a.trim().toLowerCase() === b.trim().toLowerCase();
}
