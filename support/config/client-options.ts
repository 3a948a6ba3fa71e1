import { TENANT_RETRY } from "../clients/http/retry.ts";
import type { Targets } from "./load.ts";

/** The client factories' options for the configured targets (credentials included: never log the result). */
export function clientOptions(targets: Targets) {
  return {
    youtrack: { baseUrl: targets.youtrack.url, token: targets.youtrack.token, retry: TENANT_RETRY },
    poweroffice: {
      baseUrl: targets.poweroffice.url,
      v1BaseUrl: targets.poweroffice.v1Url,
      applicationKey: targets.poweroffice.applicationKey,
      clientKey: targets.poweroffice.clientKey,
      subscriptionKey: targets.poweroffice.subscriptionKey,
      readLagMs: targets.poweroffice.readLagMs,
      retry: TENANT_RETRY,
    },
    sesam: { baseUrl: targets.sesam.url, jwt: targets.sesam.jwt },
  };
}
