// The tenants as the sync sees them: the project's API clients (never an emulator's store, never hand-made
// HTTP), with every request they make counted for `/__admin/stats`.
import { TENANT_RETRY } from "../../../support/clients/http/retry.ts";
import { createPowerOfficeClient } from "../../../support/clients/poweroffice/client.ts";
import type { RequestLogEntry } from "../../../support/clients/http/request-log.ts";
import { createYouTrackClient } from "../../../support/clients/youtrack/client.ts";
import type { TenantClients } from "./resources.ts";

export interface TenantOptions {
  youtrack: { url: string; token: string };
  poweroffice: {
    url: string;
    applicationKey: string;
    clientKey: string;
    subscriptionKey: string;
    throttle?: { perSecond: number } | false;
  };
}

export interface TenantRequestStats {
  requests: number;
  byService: Record<string, number>;
  /** `<service> <METHOD> <path>` with ids replaced by `:id`. */
  byRoute: Record<string, number>;
}

export class TenantRequestCounter {
  #requests = 0;
  readonly #byService = new Map<string, number>();
  readonly #byRoute = new Map<string, number>();

  record(entry: RequestLogEntry): void {
    this.#requests++;
    this.#byService.set(entry.service, (this.#byService.get(entry.service) ?? 0) + 1);
    const route = `${entry.service} ${entry.method} ${routeOf(entry.url)}`;
    this.#byRoute.set(route, (this.#byRoute.get(route) ?? 0) + 1);
  }

  snapshot(): TenantRequestStats {
    return {
      requests: this.#requests,
      byService: Object.fromEntries(this.#byService),
      byRoute: Object.fromEntries(this.#byRoute),
    };
  }

  clear(): void {
    this.#requests = 0;
    this.#byService.clear();
    this.#byRoute.clear();
  }
}

function routeOf(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split("?")[0] ?? url;
  }
  return path
    .split("/")
    .map((segment) => (/^\d+$/.test(segment) || /^[0-9a-f]{8}-[0-9a-f-]{27,}$/i.test(segment) ? ":id" : segment))
    .join("/");
}

export function createTenantClients(
  options: TenantOptions,
  counter: TenantRequestCounter,
): TenantClients & { close(): Promise<void> } {
  const onRequest = (entry: RequestLogEntry) => counter.record(entry);
  const retry = TENANT_RETRY;
  const youtrack = createYouTrackClient({ baseUrl: options.youtrack.url, token: options.youtrack.token, onRequest, retry });
  const poweroffice = createPowerOfficeClient({
    baseUrl: options.poweroffice.url,
    applicationKey: options.poweroffice.applicationKey,
    clientKey: options.poweroffice.clientKey,
    subscriptionKey: options.poweroffice.subscriptionKey,
    ...(options.poweroffice.throttle === undefined ? {} : { throttle: options.poweroffice.throttle }),
    onRequest,
    retry,
  });
  return {
    youtrack,
    poweroffice,
    close: async () => {
      await Promise.all([youtrack.close(), poweroffice.close()]);
    },
  };
}
