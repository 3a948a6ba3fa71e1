// The harness's own requests to each service, by kind, from the sandbox's counters: each emulator counts every
// request per route (`/__admin/stats` byRoute); the tenants' counts also hold what the Sesam node's sync asked them,
// which the node counts itself (its stats' tenantRequests), so the harness's share is the difference, route by route.
import type { Sandbox } from "../../emulators/sandbox.ts";

export const SERVICES = ["youtrack", "poweroffice", "sesam"] as const;
export type Service = (typeof SERVICES)[number];

export const KINDS = ["token", "seed", "edit", "read", "cleanup", "syncStart", "poll", "other"] as const;
export type RequestKind = (typeof KINDS)[number];

/** Request counts per service, each per route (`METHOD /path/:id`, ids spelled `:id`). */
export type RouteCounts = Record<Service, Record<string, number>>;

export interface StatsReading {
  /** Everything each service answered (PowerOffice: both its hosts). */
  served: RouteCounts;
  /** What the node's sync asked the tenants. */
  sync: RouteCounts;
  /** Calls PowerOffice refused for the rate limit (HTTP 429), both hosts, whoever made them. */
  throttled: number;
  /** Of those, the node's sync's own. */
  syncThrottled: number;
  /** The node's pump runs per pipe. */
  runs: Record<string, number>;
  /**
   * The most calls each PowerOffice host admitted in any one second, per rate-limit key (v2: the subscription key;
   * v1: `app:<application key>`): the hosts are limited apart (v2 10 per second, v1 50).
   */
  powerofficeBusiest: { v2: Record<string, number>; v1: Record<string, number> };
}

/** Route parameters, whatever the router named them (`:contactId`), as the node's counter spells them (`:id`). */
export function normalizeRoute(route: string): string {
  return route.replace(/:[A-Za-z_]\w*/g, ":id");
}

/** What a request was for, from its service, method and route (the kinds issue 14 names). */
export function classify(service: Service, route: string): RequestKind {
  const [method = "", path = ""] = route.split(" ", 2);
  if (/\/OAuth\/Token$/i.test(path)) return "token";
  if (service === "sesam") {
    if (method === "GET") return "poll";
    if (method === "POST" && (/\/pump$/.test(path) || /\/run-all-pipes$/.test(path))) return "syncStart";
    return "other";
  }
  switch (method) {
    case "GET":
      return "read";
    case "DELETE":
      return "cleanup";
    case "PATCH":
    case "PUT":
      return "edit";
    case "POST":
      // Hub updates a user with POST to the user's own URL; every other tenant POST creates a record.
      return service === "youtrack" && /\/:id$/.test(path) ? "edit" : "seed";
    default:
      return "other";
  }
}

async function adminStats(url: string | undefined): Promise<Record<string, unknown> | null> {
  if (!url) return null;
  const response = await fetch(`${url}/__admin/stats`);
  if (!response.ok) throw new Error(`${url}/__admin/stats: HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

function byRoute(stats: Record<string, unknown> | null, prefix = ""): Record<string, number> {
  const routes = (stats?.byRoute ?? {}) as Record<string, number>;
  return Object.fromEntries(Object.entries(routes).map(([route, n]) => [`${prefix}${normalizeRoute(route)}`, n]));
}

function busiestByKey(stats: Record<string, unknown> | null): Record<string, number> {
  return (stats?.busiestSecondByKey ?? {}) as Record<string, number>;
}

function add(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
  return into;
}

export async function readStats(sandbox: Sandbox): Promise<StatsReading> {
  const [youtrack, poweroffice, powerofficeV1, sesam] = await Promise.all([
    adminStats(sandbox.urls.youtrack),
    adminStats(sandbox.urls.poweroffice),
    adminStats(sandbox.urls.powerofficeV1),
    adminStats(sandbox.urls.sesam),
  ]);
  // Both hosts have a token route (POST /OAuth/Token): counted together here; each host's rate is read apart, per key
  // (`powerofficeBusiest`).
  const served: RouteCounts = {
    youtrack: byRoute(youtrack),
    poweroffice: add(byRoute(poweroffice), byRoute(powerofficeV1)),
    sesam: byRoute(sesam),
  };
  const tenantRequests = (sesam?.tenantRequests ?? { byRoute: {} }) as {
    byRoute: Record<string, number>;
    throttled?: Record<string, number>;
  };
  const sync: RouteCounts = { youtrack: {}, poweroffice: {}, sesam: {} };
  for (const [key, n] of Object.entries(tenantRequests.byRoute)) {
    const [service, ...route] = key.split(" ");
    if (service === "youtrack" || service === "poweroffice")
      add(sync[service], { [normalizeRoute(route.join(" "))]: n });
  }
  const throttled = [poweroffice, powerofficeV1].reduce(
    (sum, stats) => sum + (((stats?.faults ?? {}) as Record<string, number>).throttled ?? 0),
    0,
  );
  const syncThrottled = tenantRequests.throttled?.poweroffice ?? 0;
  return {
    served,
    sync,
    throttled,
    syncThrottled,
    runs: (sesam?.runs ?? {}) as Record<string, number>,
    powerofficeBusiest: { v2: busiestByKey(poweroffice), v1: busiestByKey(powerofficeV1) },
  };
}

/** The harness's requests between two readings: what was served minus what the node's sync asked, per route. */
export function harnessRequests(before: StatsReading, after: StatsReading): RouteCounts {
  const out: RouteCounts = { youtrack: {}, poweroffice: {}, sesam: {} };
  for (const service of SERVICES) {
    const routes = new Set([...Object.keys(after.served[service]), ...Object.keys(after.sync[service])]);
    for (const route of routes) {
      const served = (after.served[service][route] ?? 0) - (before.served[service][route] ?? 0);
      const synced = (after.sync[service][route] ?? 0) - (before.sync[service][route] ?? 0);
      const mine = served - synced;
      if (mine < 0) {
        throw new Error(
          `${service} ${route}: the node counts ${synced} sync requests but the tenant served ${served}; the counters disagree`,
        );
      }
      if (mine > 0) out[service][route] = mine;
    }
  }
  return out;
}

export type KindCounts = Record<RequestKind, number>;

const noKinds = (): KindCounts => Object.fromEntries(KINDS.map((kind) => [kind, 0])) as KindCounts;

/** Counts per service and kind, and the totals. */
export function byKind(requests: RouteCounts): {
  services: Record<Service, KindCounts>;
  kinds: KindCounts;
  total: number;
} {
  const services = Object.fromEntries(SERVICES.map((service) => [service, noKinds()])) as Record<Service, KindCounts>;
  const kinds = noKinds();
  let total = 0;
  for (const service of SERVICES) {
    for (const [route, n] of Object.entries(requests[service])) {
      const kind = classify(service, route);
      services[service][kind] += n;
      kinds[kind] += n;
      total += n;
    }
  }
  return { services, kinds, total };
}
