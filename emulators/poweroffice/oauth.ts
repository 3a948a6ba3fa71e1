import { mediaType, parseForm } from "../http/body.ts";
import { json } from "../http/reply.ts";
import type { Reply, RequestContext } from "../http/types.ts";
import { basicCredentials } from "./auth.ts";
import type { IssuedToken, TokenIssuer } from "./auth.ts";
import { oauthError } from "./errors.ts";

export interface ClientCredentials {
  applicationKey: string;
  clientKey: string;
}

/** A token request's form, or the 400 a form-less or grant-less request gets. */
export async function readTokenRequest(ctx: RequestContext): Promise<{ form: URLSearchParams; grant: string } | Reply> {
  if (mediaType(ctx.headers["content-type"]) !== "application/x-www-form-urlencoded") {
    return oauthError("invalid_request", "The request must be sent as application/x-www-form-urlencoded.");
  }
  const form = parseForm(await ctx.body());
  const grant = form.get("grant_type");
  if (!grant) return oauthError("invalid_request", "The mandatory 'grant_type' parameter is missing.");
  return { form, grant };
}

/**
 * The client's credentials: the application key and client key as HTTP Basic (or as `client_id`/`client_secret`
 * in the form, which RFC 6749 also allows). Which integration they name, or the 400 `invalid_client`.
 */
export function authenticateClient<C extends ClientCredentials>(
  ctx: RequestContext,
  form: URLSearchParams,
  integrations: readonly C[],
): C | Reply {
  const basic = basicCredentials(ctx.headers.authorization);
  const id = basic?.id ?? form.get("client_id");
  const secret = basic?.secret ?? form.get("client_secret");
  if (!id || !secret) return oauthError("invalid_client", "The client credentials are missing.");
  const found = integrations.find((c) => c.applicationKey === id && c.clientKey === secret);
  return found ?? oauthError("invalid_client", "The client credentials are invalid.");
}

export function tokenAnswer(issued: IssuedToken, lifetimeSeconds: number, extra: Record<string, unknown> = {}): Reply {
  return json(
    200,
    { access_token: issued.token, token_type: "Bearer", expires_in: lifetimeSeconds, ...extra },
    { "Cache-Control": "no-store", Pragma: "no-cache" },
  );
}

/**
 * v2's `POST /OAuth/Token`: the client credentials grant only, for the integration whose subscription key the
 * request carried (API Management checked the key before this runs).
 */
export async function issueToken(
  ctx: RequestContext,
  tokens: TokenIssuer,
  credentials: ClientCredentials,
  lifetimeSeconds: number,
  subscriptionKey: string,
): Promise<Reply> {
  const request = await readTokenRequest(ctx);
  if ("status" in request) return request;
  if (request.grant !== "client_credentials") {
    return oauthError("unsupported_grant_type", `The grant type '${request.grant}' is not supported.`);
  }
  const client = authenticateClient(ctx, request.form, [credentials]);
  if ("status" in client) return client;
  return tokenAnswer(tokens.issue(lifetimeSeconds, subscriptionKey), lifetimeSeconds);
}
