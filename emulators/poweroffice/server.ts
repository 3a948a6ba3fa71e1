import { z } from "zod";
import type { BodyError } from "../http/body.ts";
import { NO_FAULTS, mergeFaults } from "../http/faults.ts";
import type { FaultConfig } from "../http/faults.ts";
import { parseOptions } from "../http/options.ts";
import { Router } from "../http/router.ts";
import { EmulatorServer } from "../http/server.ts";
import type { Handler, Reply, RequestContext } from "../http/types.ts";
import { SANDBOX_CREDENTIALS } from "../credentials.ts";
import { TokenIssuer, basicCredentials } from "./auth.ts";
import { apimErrors, bearerChallenge, problem, v1Unauthorized, validationProblem } from "./errors.ts";
import { issueToken } from "./oauth.ts";
import { PowerOfficeStore } from "./store.ts";
import { Throttle } from "./throttle.ts";
import type { ThrottleConfig } from "./throttle.ts";
import { listPartyContactPersons } from "./v1.ts";
import { V2Api } from "./v2.ts";

export interface PowerOfficeOptions {
  applicationKey: string;
  clientKey: string;
  subscriptionKey: string;
  /** `expires_in` of issued tokens (1200, as the real service). A change applies to tokens issued later. */
  tokenLifetimeSeconds: number;
  /** API Management's rate limit: `{ enabled: true, perSecond: 10 }` unless overridden. */
  throttle: Partial<ThrottleConfig>;
  faults: Partial<FaultConfig>;
  /** Further integrations (apps) the tenant accepts, each with its own keys and its own share of the rate limit. */
  integrations: Credentials[];
}

interface Credentials {
  applicationKey: string;
  clientKey: string;
  subscriptionKey: string;
}

const ThrottleSchema = z.strictObject({
  enabled: z.boolean().optional(),
  perSecond: z.number().int().min(1).max(100_000).optional(),
});
const LifetimeSchema = z.number().int().min(1).max(86_400);

const OptionsSchema = z.strictObject({
  applicationKey: z.string().min(1).optional(),
  clientKey: z.string().min(1).optional(),
  subscriptionKey: z.string().min(1).optional(),
  tokenLifetimeSeconds: LifetimeSchema.optional(),
  throttle: ThrottleSchema.optional(),
  faults: z.record(z.string(), z.unknown()).optional(),
  integrations: z
    .array(z.strictObject({ applicationKey: z.string().min(1), clientKey: z.string().min(1), subscriptionKey: z.string().min(1) }))
    .optional(),
});

const ConfigSchema = z.strictObject({
  faults: z.record(z.string(), z.unknown()).optional(),
  throttle: ThrottleSchema.optional(),
  tokenLifetimeSeconds: LifetimeSchema.optional(),
});

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 1200;
export const DEFAULT_THROTTLE: ThrottleConfig = { enabled: true, perSecond: 10 };

/** Which checks a route goes through: API Management fronts the token endpoint and v2; v1 is a separate host. */
type Gate = "token" | "v2" | "v1-token" | "v1";

const SUBSCRIPTION_HEADER = "ocp-apim-subscription-key";

/**
 * PowerOffice Go: `POST /OAuth/Token`, v2 `Customers` and `ContactPersons` behind Azure API Management
 * (subscription key, 10 calls a second per key), and the legacy v1 `PartyContactPerson` read, served both at
 * the root and under `/v1` (use `<base>/v1` where a separate v1 base URL is wanted).
 */
export class PowerOfficeEmulator extends EmulatorServer {
  readonly service = "poweroffice";
  readonly store = new PowerOfficeStore();
  protected readonly router = new Router();
  readonly #gates = new Map<string, Gate>();
  readonly #tokens = new TokenIssuer();
  readonly #throttle = new Throttle();
  /** Every integration the tenant accepts; the first is the one given by the top-level keys. */
  readonly #integrations: Credentials[];
  readonly #initial: { throttle: ThrottleConfig; tokenLifetimeSeconds: number };
  #throttleConfig: ThrottleConfig;
  #tokenLifetimeSeconds: number;

  constructor(options: Partial<PowerOfficeOptions> = {}) {
    const parsed = parseOptions(OptionsSchema, options, "options");
    super(mergeFaults(NO_FAULTS, parsed.faults, "options.faults"));
    const defaults = SANDBOX_CREDENTIALS.poweroffice;
    this.#integrations = [
      {
        applicationKey: parsed.applicationKey ?? defaults.applicationKey,
        clientKey: parsed.clientKey ?? defaults.clientKey,
        subscriptionKey: parsed.subscriptionKey ?? defaults.subscriptionKey,
      },
      ...(parsed.integrations ?? []),
    ];
    this.#initial = {
      throttle: { ...DEFAULT_THROTTLE, ...stripUndefined(parsed.throttle ?? {}) },
      tokenLifetimeSeconds: parsed.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
    };
    this.#throttleConfig = { ...this.#initial.throttle };
    this.#tokenLifetimeSeconds = this.#initial.tokenLifetimeSeconds;

    const v2 = new V2Api(this.store);
    this.#route("POST", "/OAuth/Token", "token", (ctx) => {
      // The gate has checked the subscription key: the integration it belongs to holds the client credentials.
      const integration = this.#integration(subscriptionKey(ctx)) ?? this.#primary;
      return issueToken(ctx, this.#tokens, integration, this.#tokenLifetimeSeconds, integration.subscriptionKey);
    });
    this.#route("POST", "/v1/OAuth/Token", "v1-token", (ctx) =>
      issueToken(ctx, this.#tokens, this.#primary, this.#tokenLifetimeSeconds, this.#v1Key(ctx)),
    );
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
    for (const path of ["/PartyContactPerson", "/v1/PartyContactPerson"]) {
      this.#route("GET", path, "v1", (ctx) => listPartyContactPersons(this.store, ctx));
    }
  }

  get throttle(): ThrottleConfig {
    return { ...this.#throttleConfig };
  }

  setThrottle(throttle: Partial<ThrottleConfig>): void {
    const parsed = parseOptions(ThrottleSchema, throttle, "throttle");
    this.#throttleConfig = { ...this.#throttleConfig, ...stripUndefined(parsed) };
  }

  get tokenLifetimeSeconds(): number {
    return this.#tokenLifetimeSeconds;
  }

  setTokenLifetime(seconds: number): void {
    this.#tokenLifetimeSeconds = parseOptions(LifetimeSchema, seconds, "tokenLifetimeSeconds");
  }

  #route(method: string, path: string, gate: Gate, handler: Handler): void {
    this.router.add(method, path, handler, { caseInsensitive: true });
    this.#gates.set(path, gate);
  }

  protected override gate(ctx: RequestContext, route: string): Reply | null {
    const gate = this.#gates.get(route);
    if (gate === "token" || gate === "v2") {
      const key = subscriptionKey(ctx);
      if (key === undefined || key === "") return apimErrors.missingKey();
      if (!this.#integration(key)) return apimErrors.invalidKey();
      const throttled = this.#admit(key);
      if (throttled) return throttled;
      return gate === "v2" ? this.#bearer(ctx) : null;
    }
    if (gate === "v1-token") return this.#admit(this.#v1Key(ctx));
    const check = this.#tokens.check(ctx.headers.authorization);
    if (!check.ok) return v1Unauthorized();
    return this.#admit(check.token.subscriptionKey);
  }

  get #primary(): Credentials {
    return this.#integrations[0] as Credentials;
  }

  #integration(key: string | undefined): Credentials | undefined {
    return this.#integrations.find((integration) => integration.subscriptionKey === key);
  }

  #admit(key: string): Reply | null {
    const result = this.#throttle.admit(key, this.#throttleConfig);
    if (result.ok) return null;
    this.recordFault("throttled");
    return apimErrors.rateLimited(result.retryAfterSeconds);
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

  /** v1 calls carry no subscription key; they are throttled per application key. */
  #v1Key(ctx: RequestContext): string {
    return `v1:${basicCredentials(ctx.headers.authorization)?.id ?? ""}`;
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

  protected internalErrorReply(): Reply {
    return problem(500, "An unexpected error occurred.");
  }

  protected storeSnapshot(): unknown {
    return this.store.snapshot();
  }

  protected resetState(): void {
    this.store.clear();
    this.#throttle.clear();
    this.#throttleConfig = { ...this.#initial.throttle };
    this.#tokenLifetimeSeconds = this.#initial.tokenLifetimeSeconds;
  }

  protected override configSnapshot(): Record<string, unknown> {
    return { ...super.configSnapshot(), throttle: this.throttle, tokenLifetimeSeconds: this.#tokenLifetimeSeconds };
  }

  protected override applyConfig(input: unknown): void {
    const parsed = parseOptions(ConfigSchema, input ?? {}, "config");
    // Validate everything before changing anything, so a bad PUT changes nothing.
    const faults = parsed.faults === undefined ? undefined : mergeFaults(this.faults, parsed.faults);
    if (faults) this.setFaults(faults);
    if (parsed.throttle) this.setThrottle(parsed.throttle);
    if (parsed.tokenLifetimeSeconds !== undefined) this.setTokenLifetime(parsed.tokenLifetimeSeconds);
  }
}

/** API Management takes the key from the header or from the `subscription-key` query parameter. */
function subscriptionKey(ctx: RequestContext): string | undefined {
  const header = ctx.headers[SUBSCRIPTION_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value ?? ctx.query.get("subscription-key") ?? undefined;
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
