// Base URLs may carry a path (PowerOffice's demo host is https://goapi.poweroffice.net/Demo, YouTrack may live
// under /youtrack): joining must keep it, which `new URL(path, base)` does not.

export type QueryValue = string | number | boolean | Date | null | undefined | ReadonlyArray<string | number>;
export type Query = Readonly<Record<string, QueryValue>>;

export function joinUrl(baseUrl: string, path: string, query?: Query): string {
  const url = new URL(baseUrl);
  const basePath = url.pathname.replace(/\/+$/, "");
  const relative = path.replace(/^\/+/, "");
  const search = query ? encodeQuery(query) : "";
  return `${url.origin}${basePath}/${relative}${search ? `?${search}` : ""}`;
}

/** One path segment: encoded, but keeping `:` and `@` readable (Sesam dataset ids are `system:pump_execution:x`). */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value)).replace(/%3A/gi, ":").replace(/%40/gi, "@");
}

// Undefined and null parameters are left out; arrays become comma lists (PowerOffice's `customerNos=1,2`);
// `$` and `,` stay literal so Hub's `$skip`/`$top` read as documented.
function encodeQuery(query: Query): string {
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined || raw === null) continue;
    const value =
      raw instanceof Date ? raw.toISOString() : Array.isArray(raw) ? raw.join(",") : String(raw as string | number);
    parts.push(`${encodeComponent(key)}=${encodeComponent(value)}`);
  }
  return parts.join("&");
}

function encodeComponent(value: string): string {
  return encodeURIComponent(value).replace(/%24/g, "$").replace(/%2C/gi, ",");
}
