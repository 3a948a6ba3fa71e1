// Every request the sync makes to a tenant, counted per service and per route (ids replaced by `:id`), for the
// node's `/__admin/stats`.
import { Tally } from "../../../http/tally.ts";

export interface TenantRequestStats {
  requests: number;
  byService: Record<string, number>;
  /** `<service> <METHOD> <path>` with ids replaced by `:id`. */
  byRoute: Record<string, number>;
  /** Answers that were 429 (the tenant's rate limit), per service: the sync's own share of what a tenant refused. */
  throttled: Record<string, number>;
}

export class TenantRequestCounter {
  #requests = 0;
  readonly #byService = new Tally();
  readonly #byRoute = new Tally();
  readonly #throttled = new Tally();

  record(entry: { service: string; method: string; url: string }): void {
    this.#requests++;
    this.#byService.add(entry.service);
    this.#byRoute.add(`${entry.service} ${entry.method} ${routeOf(entry.url)}`);
  }

  /** A request of `service` was answered 429. */
  throttled(service: string): void {
    this.#throttled.add(service);
  }

  snapshot(): TenantRequestStats {
    return {
      requests: this.#requests,
      byService: this.#byService.snapshot(),
      byRoute: this.#byRoute.snapshot(),
      throttled: this.#throttled.snapshot(),
    };
  }

  clear(): void {
    this.#requests = 0;
    this.#byService.clear();
    this.#byRoute.clear();
    this.#throttled.clear();
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
