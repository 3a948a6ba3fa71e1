// PowerOffice Go's client-credentials token, one provider per host (v2 behind API Management, legacy v1 on its
// own host): fetched once, shared by every concurrent call (one token request however many calls start together),
// renewed before it expires (PowerOffice recommends renewing proactively), and renewed once more when a call is
// answered 401 anyway. Where the token endpoint hands out a refresh token (v1, go-api
// Documentation/Details/Authentication.md), renewal redeems it first and authenticates afresh only when the
// refresh token is refused.
import { ApiError } from "../http/errors.ts";
import type { ApiClient, Auth } from "../http/api-client.ts";
import type { Redactor } from "../http/redact.ts";
import { jsonResponse } from "../http/response.ts";
import { poweroffice } from "./paths.ts";
import { TokenResponseSchema } from "./schemas.ts";

export interface TokenProviderOptions {
  /** A client for the token endpoint: Basic credentials, no bearer token. */
  tokenApi: ApiClient;
  /** v2: the API Management key every call carries next to the token; v1 has none. */
  subscriptionKey?: string;
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
  readonly #apiHeaders: Record<string, string>;
  readonly #redactor: Redactor;
  readonly #now: () => number;
  #current: CachedToken | undefined;
  #refreshToken: string | undefined;
  #inflight: Promise<CachedToken> | undefined;

  constructor(options: TokenProviderOptions) {
    this.#tokenApi = options.tokenApi;
    this.#apiHeaders = options.subscriptionKey ? { [SUBSCRIPTION_KEY_HEADER]: options.subscriptionKey } : {};
    this.#redactor = options.redactor;
    this.#now = options.now ?? Date.now;
  }

  async headers(signal?: AbortSignal): Promise<Record<string, string>> {
    const token = await this.token(signal);
    return { authorization: `Bearer ${token}`, ...this.#apiHeaders };
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
    this.#inflight ??= this.#renew().finally(() => {
      this.#inflight = undefined;
    });
    return (await abortable(this.#inflight, signal)).value;
  }

  async #renew(): Promise<CachedToken> {
    const refreshToken = this.#refreshToken;
    if (refreshToken !== undefined) {
      this.#refreshToken = undefined;
      try {
        return await this.#fetch({ grant_type: "refresh_token", refresh_token: refreshToken });
      } catch (error) {
        // A refused refresh token (400 invalid_grant: expired, used, revoked) is not a failure: authenticate again.
        if (!(error instanceof ApiError) || error.status !== 400) throw error;
      }
    }
    return this.#fetch({ grant_type: "client_credentials" });
  }

  async #fetch(form: Record<string, string>): Promise<CachedToken> {
    const requestedAt = this.#now();
    const answer = await this.#tokenApi.call({
      method: "POST",
      path: poweroffice.token(),
      body: { kind: "form", value: form },
      // Asking for a token twice makes nothing that needs cleaning up.
      safety: "idempotent",
      response: jsonResponse(TokenResponseSchema),
    });
    this.#redactor.add(answer.access_token);
    if (answer.refresh_token) {
      this.#redactor.add(answer.refresh_token);
      this.#refreshToken = answer.refresh_token;
    }
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
