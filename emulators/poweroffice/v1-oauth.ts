import { randomBytes } from "node:crypto";
import type { Reply, RequestContext } from "../http/types.ts";
import type { TokenIssuer } from "./auth.ts";
import { oauthError } from "./errors.ts";
import { authenticateClient, readTokenRequest, tokenAnswer } from "./oauth.ts";
import type { ClientCredentials } from "./oauth.ts";

/**
 * How long a v1 refresh token stays good. PowerOffice does not document it ("Requesting a new access token using
 * the refresh token: TODO", go-api `Documentation/Details/Authentication.md`): a day is the emulator's choice.
 */
export const V1_REFRESH_TOKEN_LIFETIME_MS = 24 * 3_600_000;

interface RefreshGrant {
  applicationKey: string;
  expiresAt: number;
}

/**
 * Refresh tokens of the v1 host. Single use: redeeming one issues a new pair and retires the old one (RFC 6749
 * §6 allows either; rotation is the less forgiving choice, so a client that reuses one is caught here).
 */
export class RefreshTokens {
  readonly #grants = new Map<string, RefreshGrant>();

  issue(applicationKey: string, now = Date.now()): string {
    for (const [token, grant] of this.#grants) if (grant.expiresAt <= now) this.#grants.delete(token);
    const token = randomBytes(32).toString("base64url");
    this.#grants.set(token, { applicationKey, expiresAt: now + V1_REFRESH_TOKEN_LIFETIME_MS });
    return token;
  }

  /** Retires the token; true when it was good and belonged to this application. */
  redeem(token: string, applicationKey: string, now = Date.now()): boolean {
    const grant = this.#grants.get(token);
    if (!grant || grant.applicationKey !== applicationKey) return false;
    this.#grants.delete(token);
    return grant.expiresAt > now;
  }
}

export interface V1TokenEndpoint {
  tokens: TokenIssuer;
  refreshTokens: RefreshTokens;
  integrations: readonly ClientCredentials[];
  lifetimeSeconds: number;
}

/**
 * The v1 host's `POST /OAuth/Token` (go-api-documentation `docs/api/rest/authentication.md`, go-api
 * `Documentation/Details/Authentication.md`): the client credentials grant with the application key as client id
 * and the client key as secret, no subscription key; the answer carries a refresh token, redeemed with
 * `grant_type=refresh_token&refresh_token=…` (RFC 6749 §6, the client authenticating as for the first grant).
 * Calls are throttled per application key, so the token is issued under it.
 */
export async function issueV1Token(ctx: RequestContext, endpoint: V1TokenEndpoint): Promise<Reply> {
  const request = await readTokenRequest(ctx);
  if ("status" in request) return request;
  if (request.grant !== "client_credentials" && request.grant !== "refresh_token") {
    return oauthError("unsupported_grant_type", `The grant type '${request.grant}' is not supported.`);
  }
  const client = authenticateClient(ctx, request.form, endpoint.integrations);
  if ("status" in client) return client;
  if (request.grant === "refresh_token") {
    const refreshToken = request.form.get("refresh_token");
    if (!refreshToken) return oauthError("invalid_request", "The mandatory 'refresh_token' parameter is missing.");
    if (!endpoint.refreshTokens.redeem(refreshToken, client.applicationKey)) {
      return oauthError("invalid_grant", "The refresh token is invalid, expired or already used.");
    }
  }
  const issued = endpoint.tokens.issue(endpoint.lifetimeSeconds, client.applicationKey);
  // v1's documented answer spells the type in lower case.
  return tokenAnswer(issued, endpoint.lifetimeSeconds, {
    token_type: "bearer",
    refresh_token: endpoint.refreshTokens.issue(client.applicationKey),
  });
}
