import type { BodyError } from "../http/body.ts";
import type { FaultConfig } from "../http/faults.ts";
import { Router } from "../http/router.ts";
import type { Handler, Reply, RequestContext } from "../http/types.ts";
import { TokenIssuer, basicCredentials } from "./auth.ts";
import { v1Errors } from "./errors.ts";
import { PowerOfficeHost } from "./host.ts";
import type { ClientCredentials } from "./oauth.ts";
import type { PowerOfficeStore } from "./store.ts";
import type { ThrottleConfig } from "./throttle.ts";
import { RefreshTokens, issueV1Token } from "./v1-oauth.ts";
import { getPartyContactPerson, listPartyContactPersons } from "./v1.ts";

/** What the v1 host shares with the tenant it belongs to (built by PowerOfficeEmulator). */
export interface V1HostOptions {
  store: PowerOfficeStore;
  integrations: readonly ClientCredentials[];
  tokenLifetimeSeconds: number;
  throttle: ThrottleConfig;
  faults: FaultConfig;
  /** Empties the tenant (store, read lag) when this host is reset: both hosts serve one database. */
  resetTenant: () => void;
}

const TOKEN_ROUTE = "/OAuth/Token";

/**
 * The legacy v1 host of PowerOffice Go (production `https://api.poweroffice.net`, demo
 * `https://api-demo.poweroffice.net`, go-api-documentation `docs/api/rest/urls.md`): its own `/OAuth/Token`
 * (client credentials and refresh token grants, 10-minute tokens), its own limit of 50 calls a second per
 * integration key, no API Management and no subscription key; routes at the root, ignoring case. It reads the
 * same tenant (store and replica) as the v2 host. Admin under `/__admin` as on every emulator.
 */
export class PowerOfficeV1Emulator extends PowerOfficeHost {
  readonly service = "poweroffice-v1";
  protected readonly router = new Router();
  readonly #tokens = new TokenIssuer();
  readonly #refreshTokens = new RefreshTokens();
  readonly #integrations: readonly ClientCredentials[];
  readonly #resetTenant: () => void;

  constructor(options: V1HostOptions) {
    const settings = { throttle: options.throttle, tokenLifetimeSeconds: options.tokenLifetimeSeconds };
    super(options.store, settings, options.faults);
    this.#integrations = options.integrations;
    this.#resetTenant = options.resetTenant;
    this.#route("POST", TOKEN_ROUTE, (ctx) =>
      issueV1Token(ctx, {
        tokens: this.#tokens,
        refreshTokens: this.#refreshTokens,
        integrations: this.#integrations,
        lifetimeSeconds: this.tokenLifetimeSeconds,
      }),
    );
    this.#route("GET", "/PartyContactPerson", (ctx) => listPartyContactPersons(this.store.replica(), ctx));
    this.#route("GET", "/Customer/:parentId/Contact/:id", (ctx) => getPartyContactPerson(this.store.replica(), ctx));
  }

  #route(method: string, path: string, handler: Handler): void {
    this.router.add(method, path, handler, { caseInsensitive: true });
  }

  protected override gate(ctx: RequestContext, route: string): Reply | null {
    // The token endpoint counts against the application key in the Basic credentials; API calls against the
    // application key their token was issued to.
    if (route === TOKEN_ROUTE) return this.admit(`app:${basicCredentials(ctx.headers.authorization)?.id ?? ""}`);
    const check = this.#tokens.check(ctx.headers.authorization);
    if (!check.ok) return v1Errors.unauthorized();
    return this.admit(`app:${check.token.throttleKey}`);
  }

  /** The documented limit answer is a bare 429: no Retry-After is promised, so none is sent. */
  protected rateLimitedReply(): Reply {
    return v1Errors.rateLimited();
  }

  protected notFound(ctx: RequestContext): Reply {
    return v1Errors.notFound(ctx.path);
  }

  protected methodNotAllowed(ctx: RequestContext, allowed: string[]): Reply {
    return v1Errors.methodNotAllowed(ctx.method, allowed);
  }

  protected faultReply(kind: "rate429" | "rate5xx", retryAfterSeconds: number): Reply {
    if (kind === "rate429") return v1Errors.rateLimited(retryAfterSeconds);
    return v1Errors.message(503, "The service is temporarily unavailable.");
  }

  protected bodyErrorReply(error: BodyError): Reply {
    return v1Errors.message(error.status, error.message);
  }

  protected internalErrorReply(): Reply {
    return v1Errors.message(500, "An error has occurred.");
  }

  protected resetState(): void {
    this.#resetTenant();
    this.resetHostSettings();
  }
}
