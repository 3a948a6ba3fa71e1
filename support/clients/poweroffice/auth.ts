// PowerOffice Go's client-credentials token: fetched once, shared by every concurrent call (one token
// request however many calls start together), renewed before it expires (PowerOffice recommends renewing
// proactively), and renewed once more when a call is answered 401 anyway.
import type { ApiClient, Auth } from "../http/api-client.ts";
import type { Redactor } from "../http/redact.ts";
import { jsonResponse } from "../http/response.ts";
import { poweroffice } from "./paths.ts";
import { TokenResponseSchema } from "./schemas.ts";

export interface TokenProviderOptions {
  /** A client for the token endpoint: Basic credentials, no bearer token. */
  tokenApi: ApiClient;
  subscriptionKey: string;
  redactor: Redactor;
  now?: () => number;
}

interface CachedToken {
  value: string;
  refreshAt: number;
}

export const SUBSCRIPTION_KEY_HEADER = "ocp-apim-subscription-key";

/** Renew this long before expiry: 60 s, or 10% of the lifetime when that is shorter (short-lived test tokens). */
function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(60_000, lifetimeMs * 0.1);
}

export class TokenProvider implements Auth {
  readonly #tokenApi: ApiClient;
  readonly #subscriptionKey: string;
  readonly #redactor: Redactor;
  readonly #now: () => number;
  #current: CachedToken | undefined;
  #inflight: Promise<CachedToken> | undefined;

  constructor(options: TokenProviderOptions) {
    this.#tokenApi = options.tokenApi;
    this.#subscriptionKey = options.subscriptionKey;
    this.#redactor = options.redactor;
    this.#now = options.now ?? Date.now;
  }

  async headers(signal?: AbortSignal): Promise<Record<string, string>> {
    const token = await this.token(signal);
    return { authorization: `Bearer ${token}`, [SUBSCRIPTION_KEY_HEADER]: this.#subscriptionKey };
  }

  async refresh(rejected: Record<string, string>, signal?: AbortSignal): Promise<boolean> {
    // Several calls may be rejected with the same token at once: only the first drops it, the rest wait for
    // the same renewal.
    if (this.#current && rejected.authorization === `Bearer ${this.#current.value}`) this.#current = undefined;
    await this.token(signal);
    return true;
  }

  async token(signal?: AbortSignal): Promise<string> {
    const current = this.#current;
    if (current && this.#now() < current.refreshAt) return current.value;
    // The shared request runs without any one caller's signal: one caller giving up must not fail the others.
    this.#inflight ??= this.#fetch().finally(() => {
      this.#inflight = undefined;
    });
    return (await abortable(this.#inflight, signal)).value;
  }

  async #fetch(): Promise<CachedToken> {
    const requestedAt = this.#now();
    const answer = await this.#tokenApi.call({
      method: "POST",
      path: poweroffice.token(),
      body: { kind: "form", value: { grant_type: "client_credentials" } },
      // Asking for a token twice makes nothing that needs cleaning up.
      safety: "idempotent",
      response: jsonResponse(TokenResponseSchema),
    });
    this.#redactor.add(answer.access_token);
    const lifetimeMs = answer.expires_in * 1000;
    this.#current = { value: answer.access_token, refreshAt: requestedAt + lifetimeMs - refreshMarginMs(lifetimeMs) };
    return this.#current;
  }
}

function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
