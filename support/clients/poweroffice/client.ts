// The PowerOffice Go client: customers and contact persons (v2), contact persons as v1 exposes them, behind
// one cached token and one per-key throttle.
import { z } from "zod";
import { ApiClient } from "../http/api-client.ts";
import { commonOptionsShape, parseOptions } from "../http/options.ts";
import { Redactor } from "../http/redact.ts";
import { retryPolicy } from "../http/retry.ts";
import { sharedThrottle } from "../http/throttle.ts";
import { Transport } from "../http/transport.ts";
import { SUBSCRIPTION_KEY_HEADER, TokenProvider } from "./auth.ts";
import { createContactPersonsResource, type ContactPersonsResource } from "./contact-persons.ts";
import { createCustomersResource, type CustomersResource } from "./customers.ts";
import { createPartyContactPersonsResource, type PartyContactPersonsResource } from "./party-contact-persons.ts";

export const PowerOfficeClientOptionsSchema = z.strictObject({
  /** e.g. https://goapi.poweroffice.net or https://goapi.poweroffice.net/Demo (the path is kept). */
  baseUrl: z.url(),
  applicationKey: z.string().min(1),
  clientKey: z.string().min(1),
  subscriptionKey: z.string().min(1),
  /** Requests per second for this subscription key, shared by every client using it in this process (10). */
  throttle: z.union([z.literal(false), z.strictObject({ perSecond: z.number().min(1) })]).optional(),
  /** Page size of listAll/findByEmail (1000; the API's own default is 5000). */
  pageSize: z.number().int().min(1).optional(),
  ...commonOptionsShape,
});
export type PowerOfficeClientOptions = z.input<typeof PowerOfficeClientOptionsSchema>;

export interface PowerOfficeClient {
  customers: CustomersResource;
  contactPersons: ContactPersonsResource;
  partyContactPersons: PartyContactPersonsResource;
  /** Masks this client's secrets, the access tokens it obtained included. */
  redactor: Redactor;
  close(): Promise<void>;
}

export const DEFAULT_THROTTLE_PER_SECOND = 10;
const DEFAULT_PAGE_SIZE = 1000;

export function createPowerOfficeClient(options: PowerOfficeClientOptions): PowerOfficeClient {
  const config = parseOptions("createPowerOfficeClient", PowerOfficeClientOptionsSchema, options);
  const basic = Buffer.from(`${config.applicationKey}:${config.clientKey}`).toString("base64");
  const redactor = new Redactor([config.applicationKey, config.clientKey, config.subscriptionKey, basic]);
  const perSecond = config.throttle === false ? undefined : (config.throttle?.perSecond ?? DEFAULT_THROTTLE_PER_SECOND);
  const lease = perSecond === undefined ? undefined : sharedThrottle(config.subscriptionKey, perSecond);
  const transport = new Transport({
    service: "poweroffice",
    baseUrl: config.baseUrl,
    redactor,
    onRequest: config.onRequest,
    timeoutMs: config.timeoutMs,
    connectTimeoutMs: config.connectTimeoutMs,
    throttle: lease?.throttle,
  });
  const policy = retryPolicy(config.retry);
  const tokenApi = new ApiClient(transport, policy, {
    headers: async () => ({ authorization: `Basic ${basic}`, [SUBSCRIPTION_KEY_HEADER]: config.subscriptionKey }),
  });
  const api = new ApiClient(
    transport,
    policy,
    new TokenProvider({ tokenApi, subscriptionKey: config.subscriptionKey, redactor }),
  );
  const pageSize = config.pageSize ?? DEFAULT_PAGE_SIZE;
  return {
    customers: createCustomersResource(api, pageSize),
    contactPersons: createContactPersonsResource(api, pageSize),
    partyContactPersons: createPartyContactPersonsResource(api),
    redactor,
    close: async () => {
      lease?.release();
      await api.close();
    },
  };
}
