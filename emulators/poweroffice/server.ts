import type { BodyError } from "../http/body.ts";
import { NO_FAULTS, mergeFaults } from "../http/faults.ts";
import type { FaultConfig } from "../http/faults.ts";
import { parseEmulatorOptions } from "../http/options.ts";
import { Router } from "../http/router.ts";
import type { Handler, Reply, RequestContext } from "../http/types.ts";
import { SANDBOX_CREDENTIALS } from "../credentials.ts";
import { TokenIssuer } from "./auth.ts";
import { StoreError, apimErrors, bearerChallenge, problem, storeErrorReply, validationProblem } from "./errors.ts";
import { issueToken } from "./oauth.ts";
import { PowerOfficeHost } from "./host.ts";
import {
  DEFAULT_THROTTLE,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  DEFAULT_V1_THROTTLE,
  DEFAULT_V1_TOKEN_LIFETIME_SECONDS,
  OptionsSchema,
  withDefaults,
} from "./options.ts";
import type { Credentials } from "./options.ts";
import { PowerOfficeStore } from "./store.ts";
import type { ThrottleConfig } from "./throttle.ts";
import { PowerOfficeV1Emulator } from "./v1-server.ts";
import { V2Api } from "./v2.ts";

export interface PowerOfficeOptions {
  applicationKey: string;
  clientKey: string;
  subscriptionKey: string;
  /** `expires_in` of issued v2 tokens (1200, as the real service). A change applies to tokens issued later. */
  tokenLifetimeSeconds: number;
  /** API Management's rate limit: `{ enabled: true, perSecond: 10 }` unless overridden. */
  throttle: Partial<ThrottleConfig>;
  /** How far GETs (v1 and v2) lag writes, in ms: the replica they read (0 unless set). */
  readLagMs: number;
  /** Faults of both hosts (each host changes its own later). */
  faults: Partial<FaultConfig>;
  /** Further integrations (apps) the tenant accepts, each with its own keys and its own share of the rate limit. */
  integrations: Credentials[];
  /** The v1 host's own token lifetime (600) and limit (50 a second per application key). */
  v1: { tokenLifetimeSeconds?: number; throttle?: Partial<ThrottleConfig> };
}

/** Which checks a route goes through: API Management fronts the token endpoint and v2. */
type Gate = "token" | "v2";

const SUBSCRIPTION_HEADER = "ocp-apim-subscription-key";

/**
 * PowerOffice Go's v2 host: `POST /OAuth/Token`, v2 `Customers` and `ContactPersons` behind Azure API Management
 * (subscription key, 10 calls a second per key). The legacy v1 host is `v1`, a second server over the same store
 * (listen on it separately); a real v2 host serves no v1 route, and neither does this one.
 */
export class PowerOfficeEmulator extends PowerOfficeHost {
  readonly service = "poweroffice";
  /** The v1 host of the same tenant: `await po.v1.listen(0)`. */
  readonly v1: PowerOfficeV1Emulator;
  protected readonly router = new Router();
  readonly #gates = new Map<string, Gate>();
  readonly #tokens = new TokenIssuer();
  /** Every integration the tenant accepts; the first is the one given by the top-level keys. */
  readonly #integrations: Credentials[];
  readonly #initialReadLagMs: number;

  constructor(options: Partial<PowerOfficeOptions> = {}) {
    const parsed = parseEmulatorOptions("options", OptionsSchema, options);
    const faults = mergeFaults(NO_FAULTS, parsed.faults, "options.faults");
    const settings = {
      throttle: withDefaults(DEFAULT_THROTTLE, parsed.throttle),
      tokenLifetimeSeconds: parsed.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
    };
    super(new PowerOfficeStore(), settings, faults);
    const defaults = SANDBOX_CREDENTIALS.poweroffice;
    this.#integrations = [
      {
        applicationKey: parsed.applicationKey ?? defaults.applicationKey,
        clientKey: parsed.clientKey ?? defaults.clientKey,
        subscriptionKey: parsed.subscriptionKey ?? defaults.subscriptionKey,
      },
      ...(parsed.integrations ?? []),
    ];
    this.#initialReadLagMs = parsed.readLagMs ?? 0;
    this.store.readLagMs = this.#initialReadLagMs;
    this.v1 = new PowerOfficeV1Emulator({
      store: this.store,
      integrations: this.#integrations,
      tokenLifetimeSeconds: parsed.v1?.tokenLifetimeSeconds ?? DEFAULT_V1_TOKEN_LIFETIME_SECONDS,
      throttle: withDefaults(DEFAULT_V1_THROTTLE, parsed.v1?.throttle),
      faults,
      resetTenant: () => this.#resetTenant(),
    });

    const v2 = new V2Api(this.store);
    this.#route("POST", "/OAuth/Token", "token", (ctx) => {
      // The gate has checked the subscription key: the integration it belongs to holds the client credentials.
      const integration = this.#integration(subscriptionKey(ctx)) ?? this.#primary;
      return issueToken(ctx, this.#tokens, integration, this.tokenLifetimeSeconds, integration.subscriptionKey);
    });
    this.#route("GET", "/v2/Customers", "v2", (ctx) => v2.listCustomers(ctx));
    this.#route("POST", "/v2/Customers", "v2", (ctx) => v2.createCustomer(ctx));
    this.#route("GET", "/v2/Customers/:id", "v2", (ctx) => v2.getCustomer(ctx));
    this.#route("PATCH", "/v2/Customers/:id", "v2", (ctx) => v2.patchCustomer(ctx));
    this.#route("DELETE", "/v2/Customers/:id", "v2", (ctx) => v2.deleteCustomer(ctx));
    this.#route("GET", "/v2/ContactPersons", "v2", (ctx) => v2.listContactPersons(ctx));
    this.#route("POST", "/v2/ContactPersons/:contactId", "v2", (ctx) => v2.createContactPerson(ctx));
    this.#route("GET", "/v2/ContactPersons/:contactId/:id", "v2", (ctx) => v2.getContactPerson(ctx));
    this.#route("PATCH", "/v2/ContactPersons/:contactId/:id", "v2", (ctx) => v2.patchContactPerson(ctx));
    this.#route("DELETE", "/v2/ContactPersons/:contactId/:id", "v2", (ctx) => v2.deleteContactPerson(ctx));
  }

  /** Closes both hosts. */
  override async close(): Promise<void> {
    await Promise.all([super.close(), this.v1.close()]);
  }

  #route(method: string, path: string, gate: Gate, handler: Handler): void {
    this.router.add(method, path, handler, { caseInsensitive: true });
    this.#gates.set(path, gate);
  }

  protected override gate(ctx: RequestContext, route: string): Reply | null {
    const gate = this.#gates.get(route);
    const key = subscriptionKey(ctx);
    if (key === undefined || key === "") return apimErrors.missingKey();
    if (!this.#integration(key)) return apimErrors.invalidKey();
    const throttled = this.admit(key);
    if (throttled) return throttled;
    return gate === "v2" ? this.#bearer(ctx) : null;
  }

  get #primary(): Credentials {
    return this.#integrations[0] as Credentials;
  }

  #integration(key: string | undefined): Credentials | undefined {
    return this.#integrations.find((integration) => integration.subscriptionKey === key);
  }

  protected rateLimitedReply(retryAfterSeconds: number): Reply {
    return apimErrors.rateLimited(retryAfterSeconds);
  }

  #bearer(ctx: RequestContext): Reply | null {
    const check = this.#tokens.check(ctx.headers.authorization);
    if (check.ok) return null;
    if (check.reason === "missing") return bearerChallenge();
    if (check.reason === "expired") {
      const at = new Date(check.expiresAt).toISOString();
      return bearerChallenge({ code: "invalid_token", description: `The token expired at '${at}'` });
    }
    return bearerChallenge({ code: "invalid_token" });
  }

  protected notFound(): Reply {
    return apimErrors.notFound();
  }

  protected methodNotAllowed(): Reply {
    // API Management only forwards the operations it knows; any other method is an unknown operation.
    return apimErrors.notFound();
  }

  protected faultReply(kind: "rate429" | "rate5xx", retryAfterSeconds: number): Reply {
    if (kind === "rate429") return apimErrors.rateLimited(retryAfterSeconds);
    return problem(503, "The service is temporarily unavailable.");
  }

  protected bodyErrorReply(error: BodyError): Reply {
    if (error.status === 400) return validationProblem({ $: [error.message] });
    return problem(error.status, error.message);
  }

  /** What the store refused, as v2 answers it (the v1 host only reads). */
  protected override errorReply(error: unknown): Reply | null {
    return error instanceof StoreError ? storeErrorReply(error) : null;
  }

  protected internalErrorReply(): Reply {
    return problem(500, "An unexpected error occurred.");
  }

  /** Resets the tenant and both hosts (a v1 reset resets the tenant and the v1 host only). */
  protected resetState(): void {
    this.resetHostSettings();
    this.v1.reset();
  }

  #resetTenant(): void {
    this.store.clear();
    this.store.readLagMs = this.#initialReadLagMs;
  }
}

/** API Management takes the key from the header or from the `subscription-key` query parameter. */
function subscriptionKey(ctx: RequestContext): string | undefined {
  const header = ctx.headers[SUBSCRIPTION_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value ?? ctx.query.get("subscription-key") ?? undefined;
}
