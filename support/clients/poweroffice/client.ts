// The PowerOffice Go client: customers and contact persons (v2), contact persons as v1 exposes them. v2 and the
// legacy v1 API are separate hosts, each with its own token, its own limit and its own throttle here.
import { z } from "zod";
import { ApiClient } from "../http/api-client.ts";
import { commonOptionsShape, parseClientOptions } from "../http/options.ts";
import { Redactor } from "../http/redact.ts";
import { retryPolicy, type RetryPolicy } from "../http/retry.ts";
import { sharedThrottle, type ThrottleLease } from "../http/throttle.ts";
import { Transport } from "../http/transport.ts";
import { ReplicaLooks } from "../http/replica.ts";
import type { RequestLogHook } from "../http/request-log.ts";
import { SUBSCRIPTION_KEY_HEADER, TokenProvider } from "./auth.ts";
import { createContactPersonsResource, type ContactPersonsResource } from "./contact-persons.ts";
import { createCustomersResource, type CustomersResource } from "./customers.ts";
import { DEFAULT_READ_LAG_MS, v1BaseUrlFor } from "./hosts.ts";
import { createPartyContactPersonsResource, type PartyContactPersonsResource } from "./party-contact-persons.ts";

const ThrottleOptionSchema = z.union([z.literal(false), z.strictObject({ perSecond: z.number().min(1) })]);

export const PowerOfficeClientOptionsSchema = z.strictObject({
  /** e.g. https://goapi.poweroffice.net or https://goapi.poweroffice.net/Demo (the path is kept). */
  baseUrl: z.url(),
  /**
   * The legacy v1 host, e.g. https://api.poweroffice.net. Derived from `baseUrl` for PowerOffice's own production
   * and demo hosts (hosts.ts); for any other `baseUrl` the v1 reads fail, saying it is missing.
   */
  v1BaseUrl: z.url().optional(),
  applicationKey: z.string().min(1),
  clientKey: z.string().min(1),
  subscriptionKey: z.string().min(1),
  /** v2 requests per second for this subscription key, shared by every client using it in this process (10). */
  throttle: ThrottleOptionSchema.optional(),
  /**
   * v1 requests per second for this application key, shared likewise (v1 allows 50). Default: the same share of
   * v1's 50 as `throttle` takes of v2's 10 (a worker given 5 of 10 takes 25 of 50); off when `throttle` is false.
   */
  v1Throttle: ThrottleOptionSchema.optional(),
  /**
   * The run's rate-limit hub (http/throttle-hub.ts): `throttle` and `v1Throttle` are then shared by every process of
   * the run, not only by this one's clients.
   */
  throttleHub: z.url().optional(),
  /** How long after a write a read may still miss it (2000: PowerOffice advises waiting 1-2 s). */
  readLagMs: z.number().int().min(0).optional(),
  /** Page size of listAll/findByEmail (1000; the API's own default is 5000). */
  pageSize: z.number().int().min(1).optional(),
  ...commonOptionsShape,
});
export type PowerOfficeClientOptions = z.input<typeof PowerOfficeClientOptionsSchema>;

export interface PowerOfficeClient {
  customers: CustomersResource;
  contactPersons: ContactPersonsResource;
  partyContactPersons: PartyContactPersonsResource;
  /** How long after a write a read may still miss it (the `readLagMs` option). */
  readLagMs: number;
  /** Looks at the harness's own writes across that lag, learning how far the replica lags (one per client). */
  replica: ReplicaLooks;
  /** Masks this client's secrets, the access tokens it obtained included. */
  redactor: Redactor;
  close(): Promise<void>;
}

export const DEFAULT_THROTTLE_PER_SECOND = 10;
export const DEFAULT_V1_THROTTLE_PER_SECOND = 50;
const DEFAULT_PAGE_SIZE = 1000;

interface Host {
  api: ApiClient;
  close(): Promise<void>;
}

export function createPowerOfficeClient(options: PowerOfficeClientOptions): PowerOfficeClient {
  const config = parseClientOptions("createPowerOfficeClient", PowerOfficeClientOptionsSchema, options);
  const basic = Buffer.from(`${config.applicationKey}:${config.clientKey}`).toString("base64");
  const redactor = new Redactor([config.applicationKey, config.clientKey, config.subscriptionKey, basic]);
  const policy = retryPolicy(config.retry);
  const common = { redactor, policy, basic, config };

  const v2PerSecond =
    config.throttle === false ? undefined : (config.throttle?.perSecond ?? DEFAULT_THROTTLE_PER_SECOND);
  const v2 = host(common, {
    baseUrl: config.baseUrl,
    throttle:
      v2PerSecond === undefined ? undefined : sharedThrottle(config.subscriptionKey, v2PerSecond, config.throttleHub),
    subscriptionKey: config.subscriptionKey,
  });
  const v1BaseUrl = config.v1BaseUrl ?? v1BaseUrlFor(config.baseUrl);
  const v1PerSecond = v1ThrottlePerSecond(config.v1Throttle, config.throttle);
  const v1 =
    v1BaseUrl === undefined
      ? undefined
      : host(common, {
          baseUrl: v1BaseUrl,
          // Keyed apart from any subscription key: v1 counts per application (integration) key.
          throttle:
            v1PerSecond === undefined
              ? undefined
              : sharedThrottle(`v1:${config.applicationKey}`, v1PerSecond, config.throttleHub),
        });
  const pageSize = config.pageSize ?? DEFAULT_PAGE_SIZE;
  const readLagMs = config.readLagMs ?? DEFAULT_READ_LAG_MS;
  return {
    customers: createCustomersResource(v2.api, pageSize, readLagMs),
    contactPersons: createContactPersonsResource(v2.api, pageSize, readLagMs),
    partyContactPersons: v1 ? createPartyContactPersonsResource(v1.api) : noV1(config.baseUrl),
    readLagMs,
    replica: new ReplicaLooks(readLagMs),
    redactor,
    close: async () => {
      await Promise.all([v2.close(), v1?.close()]);
    },
  };
}

/** One host: its transport (and throttle), a Basic-authenticated client for its token endpoint, its token. */
function host(
  common: {
    redactor: Redactor;
    policy: RetryPolicy;
    basic: string;
    config: { onRequest?: RequestLogHook; timeoutMs?: number; connectTimeoutMs?: number };
  },
  spec: { baseUrl: string; throttle: ThrottleLease | undefined; subscriptionKey?: string },
): Host {
  const { redactor, policy, basic, config } = common;
  const transport = new Transport({
    service: "poweroffice",
    baseUrl: spec.baseUrl,
    redactor,
    onRequest: config.onRequest,
    timeoutMs: config.timeoutMs,
    connectTimeoutMs: config.connectTimeoutMs,
    throttle: spec.throttle?.throttle,
  });
  const keyHeader: Record<string, string> = spec.subscriptionKey
    ? { [SUBSCRIPTION_KEY_HEADER]: spec.subscriptionKey }
    : {};
  const tokenApi = new ApiClient(transport, policy, {
    headers: async () => ({ authorization: `Basic ${basic}`, ...keyHeader }),
  });
  const api = new ApiClient(
    transport,
    policy,
    new TokenProvider({ tokenApi, subscriptionKey: spec.subscriptionKey, redactor }),
  );
  return {
    api,
    close: async () => {
      spec.throttle?.release();
      await api.close();
    },
  };
}

/** The v1 rate this client keeps to (undefined: none): as given, or the same share of v1's limit as of v2's. */
export function v1ThrottlePerSecond(
  v1Throttle: false | { perSecond: number } | undefined,
  v2Throttle: false | { perSecond: number } | undefined,
): number | undefined {
  if (v1Throttle !== undefined) return v1Throttle === false ? undefined : v1Throttle.perSecond;
  if (v2Throttle === false) return undefined;
  if (v2Throttle === undefined) return DEFAULT_V1_THROTTLE_PER_SECOND;
  const share = v2Throttle.perSecond / DEFAULT_THROTTLE_PER_SECOND;
  return Math.max(1, Math.floor(DEFAULT_V1_THROTTLE_PER_SECOND * Math.min(1, share)));
}

function noV1(baseUrl: string): PartyContactPersonsResource {
  const missing = () =>
    Promise.reject(
      new TypeError(
        `createPowerOfficeClient: no v1BaseUrl, and ${new URL(baseUrl).origin} is not a PowerOffice host it can be derived from`,
      ),
    );
  return { list: missing, get: missing };
}
