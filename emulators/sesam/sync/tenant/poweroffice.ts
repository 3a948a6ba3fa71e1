// PowerOffice Go v2 as the reference sync calls it (shared notes real-apis.md; v2 OpenAPI): an OAuth client
// credentials token (`POST /OAuth/Token`, Basic applicationKey:clientKey, the `Ocp-Apim-Subscription-Key` header)
// reused until shortly before it expires and shared by concurrent calls; lists paged with PageNumber/PageSize
// (a list may answer 204 with no body); PATCH as a JSON Patch (`application/json-patch+json`).
import type { TenantRequestCounter } from "./counter.ts";
import { LostAnswerError, poll, TenantHttp, TenantHttpError, type RetryPolicy } from "./http.ts";

export interface PowerOfficeOptions {
  url: string;
  applicationKey: string;
  clientKey: string;
  subscriptionKey: string;
  /** The sync's own request rate (10/s, PowerOffice's limit per subscription key, when absent); false: none. */
  throttle?: { perSecond: number } | false;
  retry?: RetryPolicy;
}

export type PoRecord = Record<string, unknown>;

/** Renew a token this long before it expires, so no call goes out with one about to lapse. */
const TOKEN_MARGIN_MS = 60_000;
const PAGE_SIZE = 1_000;

export class PowerOfficeApi {
  readonly #http: TenantHttp;
  #token: { value: string; renewAt: number } | null = null;
  #pending: Promise<string> | null = null;

  constructor(
    private readonly options: PowerOfficeOptions,
    counter: TenantRequestCounter,
  ) {
    this.#http = new TenantHttp({
      service: "poweroffice",
      baseUrl: options.url,
      counter,
      perSecond: options.throttle === false ? false : (options.throttle?.perSecond ?? 10),
      ...(options.retry ? { retry: options.retry } : {}),
      auth: async (signal) => ({
        authorization: `Bearer ${await this.#accessToken(signal)}`,
        "ocp-apim-subscription-key": options.subscriptionKey,
      }),
      unauthorized: () => {
        this.#token = null;
      },
    });
  }

  /** Every record of a v2 list (`/Customers`, `/ContactPersons`), page by page. */
  async *list(
    resource: string,
    query: Record<string, string | undefined>,
    signal: AbortSignal,
  ): AsyncIterable<PoRecord> {
    for (let page = 1; ; page++) {
      const answer = await this.#http.call(
        {
          method: "GET",
          path: `/v2/${resource}`,
          query: { ...query, PageNumber: page, PageSize: PAGE_SIZE },
          idempotent: true,
        },
        signal,
      );
      const records = Array.isArray(answer.body) ? (answer.body as PoRecord[]) : [];
      yield* records;
      if (records.length < PAGE_SIZE) return;
    }
  }

  /** One record by its path under /v2, or null when it does not exist (404). */
  async get(path: string, signal: AbortSignal): Promise<PoRecord | null> {
    try {
      return (await this.#http.call({ method: "GET", path: `/v2/${path}`, idempotent: true }, signal)).body as PoRecord;
    } catch (error) {
      if (error instanceof TenantHttpError && error.status === 404) return null;
      throw error;
    }
  }

  async patch(path: string, operations: unknown[], signal: AbortSignal): Promise<PoRecord> {
    const answer = await this.#http.call(
      {
        method: "PATCH",
        path: `/v2/${path}`,
        json: operations,
        contentType: "application/json-patch+json",
        idempotent: true,
      },
      signal,
    );
    return answer.body as PoRecord;
  }

  /**
   * Creates a record. A lost answer (dropped connection, 5xx) may hide a create that happened: `lookUp` is asked
   * (polling, since reads may lag writes) before the create is sent again.
   */
  async create(
    path: string,
    body: PoRecord,
    lookUp: (since: Date) => Promise<PoRecord | null>,
    lookupWindowMs: number,
    signal: AbortSignal,
  ): Promise<PoRecord> {
    const since = new Date(Date.now() - 2_000);
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.#http.call({ method: "POST", path: `/v2/${path}`, json: body, idempotent: false }, signal))
          .body as PoRecord;
      } catch (error) {
        if (!(error instanceof LostAnswerError) || attempt >= 4) throw error;
        const found = await poll(() => lookUp(since), lookupWindowMs, signal);
        if (found) return found;
      }
    }
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  #accessToken(signal: AbortSignal): Promise<string> {
    if (this.#token && this.#token.renewAt > Date.now()) return Promise.resolve(this.#token.value);
    this.#pending ??= this.#requestToken(signal).finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async #requestToken(signal: AbortSignal): Promise<string> {
    const basic = Buffer.from(`${this.options.applicationKey}:${this.options.clientKey}`).toString("base64");
    const answer = await this.#http.call(
      {
        method: "POST",
        path: "/OAuth/Token",
        headers: { authorization: `Basic ${basic}`, "ocp-apim-subscription-key": this.options.subscriptionKey },
        form: { grant_type: "client_credentials" },
        idempotent: true,
        anonymous: true,
      },
      signal,
    );
    const body = answer.body as { access_token?: unknown; expires_in?: unknown } | null;
    if (typeof body?.access_token !== "string") throw new Error("poweroffice: the token answer has no access_token");
    const lifetimeMs = (typeof body.expires_in === "number" ? body.expires_in : 1_200) * 1_000;
    // Renewed a minute before it lapses (a fifth of its life, for a short-lived one).
    this.#token = {
      value: body.access_token,
      renewAt: Date.now() + lifetimeMs - Math.min(TOKEN_MARGIN_MS, lifetimeMs / 5),
    };
    return body.access_token;
  }
}
