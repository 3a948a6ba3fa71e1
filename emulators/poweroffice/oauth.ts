import { mediaType, parseForm } from "../http/body.ts";
import { json } from "../http/reply.ts";
import type { Reply, RequestContext } from "../http/types.ts";
import { basicCredentials } from "./auth.ts";
import type { TokenIssuer } from "./auth.ts";
import { oauthError } from "./errors.ts";

export interface ClientCredentials {
  applicationKey: string;
  clientKey: string;
}

/**
 * `POST /OAuth/Token`, the client credentials grant: the application key and client key as HTTP Basic (or as
 * `client_id`/`client_secret` in the form, which RFC 6749 also allows), `grant_type=client_credentials`.
 */
export async function issueToken(
  ctx: RequestContext,
  tokens: TokenIssuer,
  credentials: ClientCredentials,
  lifetimeSeconds: number,
  subscriptionKey: string,
): Promise<Reply> {
  if (mediaType(ctx.headers["content-type"]) !== "application/x-www-form-urlencoded") {
    return oauthError("invalid_request", "The request must be sent as application/x-www-form-urlencoded.");
  }
  const form = parseForm(await ctx.body());
  const grantType = form.get("grant_type");
  if (!grantType) return oauthError("invalid_request", "The mandatory 'grant_type' parameter is missing.");
  if (grantType !== "client_credentials") {
    return oauthError("unsupported_grant_type", `The grant type '${grantType}' is not supported.`);
  }
  const basic = basicCredentials(ctx.headers.authorization);
  const id = basic?.id ?? form.get("client_id");
  const secret = basic?.secret ?? form.get("client_secret");
  if (!id || !secret) return oauthError("invalid_client", "The client credentials are missing.");
  if (id !== credentials.applicationKey || secret !== credentials.clientKey) {
    return oauthError("invalid_client", "The client credentials are invalid.");
  }
  const issued = tokens.issue(lifetimeSeconds, subscriptionKey);
  return json(
    200,
    { access_token: issued.token, token_type: "Bearer", expires_in: lifetimeSeconds },
    { "Cache-Control": "no-store", Pragma: "no-cache" },
  );
}
