// The tenants as the reference sync reaches them: its own HTTP calls (tenant/), written from the APIs'
// documentation, never the harness's clients and never an emulator's store; every request counted.
import type { TenantRequestCounter } from "./tenant/counter.ts";
import { PowerOfficeApi, type PowerOfficeOptions } from "./tenant/poweroffice.ts";
import { HubApi } from "./tenant/youtrack.ts";

export { TenantRequestCounter, type TenantRequestStats } from "./tenant/counter.ts";

export interface TenantOptions {
  youtrack: { url: string; token: string };
  poweroffice: PowerOfficeOptions;
}

/** The calls the sync makes (an interface, so a test can stand in a tenant that is less kind still). */
export type HubCalls = Pick<HubApi, "list" | "get" | "update" | "findByLogin" | "create">;
export type PowerOfficeCalls = Pick<PowerOfficeApi, "list" | "get" | "patch" | "create">;

export interface Tenants {
  youtrack: HubCalls;
  poweroffice: PowerOfficeCalls;
  close(): Promise<void>;
}

export function createTenantClients(options: TenantOptions, counter: TenantRequestCounter): Tenants {
  const youtrack = new HubApi({ url: options.youtrack.url, token: options.youtrack.token }, counter);
  const poweroffice = new PowerOfficeApi(
    {
      url: options.poweroffice.url,
      applicationKey: options.poweroffice.applicationKey,
      clientKey: options.poweroffice.clientKey,
      subscriptionKey: options.poweroffice.subscriptionKey,
      ...(options.poweroffice.throttle === undefined ? {} : { throttle: options.poweroffice.throttle }),
    },
    counter,
  );
  return {
    youtrack,
    poweroffice,
    close: async () => {
      await Promise.all([youtrack.close(), poweroffice.close()]);
    },
  };
}
