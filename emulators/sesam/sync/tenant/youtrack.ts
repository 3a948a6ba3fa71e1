// JetBrains Hub's users API as the reference sync calls it (shared notes real-apis.md, "YouTrack users"): base
// `<YouTrack URL>/hub/api/rest`, `Authorization: Bearer perm:<token>`, users paged with `$skip`/`$top` and a
// `fields` projection, updated with `POST /users/{id}` and a partial body. Only the `login:` query is used: it is
// the one confirmed in public code (`email:` is not, so users are never looked up by email).
import type { TenantRequestCounter } from "./counter.ts";
import { LostAnswerError, poll, TenantHttp, TenantHttpError, type RetryPolicy } from "./http.ts";

export interface HubOptions {
  url: string;
  token: string;
  retry?: RetryPolicy;
}

export type HubUser = Record<string, unknown> & { id: string };

/** What the sync reads of a user; writes ask for the same, so a write's answer looks like a listed user. */
export const USER_FIELDS = "id,login,name,banned,profile(email(email))";
const PAGE_FIELDS = `type,skip,top,total,users(${USER_FIELDS})`;
export const HUB_PAGE_SIZE = 100;

export class HubApi {
  readonly #http: TenantHttp;

  constructor(options: HubOptions, counter: TenantRequestCounter) {
    this.#http = new TenantHttp({
      service: "youtrack",
      baseUrl: `${options.url.replace(/\/+$/, "")}/hub/api/rest`,
      counter,
      perSecond: false,
      ...(options.retry ? { retry: options.retry } : {}),
      auth: () => Promise.resolve({ authorization: `Bearer ${options.token}` }),
    });
  }

  /** Every user, page by page. */
  async *list(signal: AbortSignal): AsyncIterable<HubUser> {
    for (let skip = 0; ;) {
      const answer = await this.#http.call(
        {
          method: "GET",
          path: "/users",
          query: { fields: PAGE_FIELDS, $skip: skip, $top: HUB_PAGE_SIZE },
          idempotent: true,
        },
        signal,
      );
      const page = (answer.body ?? {}) as { users?: HubUser[]; total?: number };
      const users = page.users ?? [];
      yield* users;
      skip += users.length;
      if (users.length < HUB_PAGE_SIZE || (typeof page.total === "number" && skip >= page.total)) return;
    }
  }

  async get(id: string, signal: AbortSignal): Promise<HubUser | null> {
    try {
      const answer = await this.#http.call(
        { method: "GET", path: `/users/${encodeURIComponent(id)}`, query: { fields: USER_FIELDS }, idempotent: true },
        signal,
      );
      return answer.body as HubUser;
    } catch (error) {
      if (error instanceof TenantHttpError && error.status === 404) return null;
      throw error;
    }
  }

  /** Hub updates with POST and a partial user; repeating it leaves the same state. */
  async update(id: string, body: Record<string, unknown>, signal: AbortSignal): Promise<HubUser> {
    const answer = await this.#http.call(
      {
        method: "POST",
        path: `/users/${encodeURIComponent(id)}`,
        query: { fields: USER_FIELDS },
        json: body,
        idempotent: true,
      },
      signal,
    );
    return answer.body as HubUser;
  }

  async findByLogin(login: string, signal: AbortSignal): Promise<HubUser | null> {
    const answer = await this.#http.call(
      {
        method: "GET",
        path: "/users",
        query: { fields: PAGE_FIELDS, query: `login: ${login}`, $top: 10 },
        idempotent: true,
      },
      signal,
    );
    const users = ((answer.body ?? {}) as { users?: HubUser[] }).users ?? [];
    return users.find((user) => user.login === login) ?? null;
  }

  /** Creates a user; a lost answer is looked up by its login (polling up to `lookupWindowMs`) before a repeat. */
  async create(
    body: Record<string, unknown> & { login: string },
    lookupWindowMs: number,
    signal: AbortSignal,
  ): Promise<HubUser> {
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.#http.call(
          { method: "POST", path: "/users", query: { fields: USER_FIELDS }, json: body, idempotent: false },
          signal,
        );
        return answer.body as HubUser;
      } catch (error) {
        if (!(error instanceof LostAnswerError) || attempt >= 4) throw error;
        const found = await poll(() => this.findByLogin(body.login, signal), lookupWindowMs, signal);
        if (found) return found;
      }
    }
  }

  async close(): Promise<void> {
    await this.#http.close();
  }
}
