// PowerOffice Go's hosts and what is documented about reading them. The two API generations live on different
// hosts: v2 (and its token endpoint) on goapi.poweroffice.net behind API Management, the legacy v1 API on
// api.poweroffice.net with its own token endpoint (go-api-documentation docs/api/rest/urls.md: production
// https://api.poweroffice.net/, demo https://api-demo.poweroffice.net/; paths at the root). For the known v2 bases
// the v1 base follows; for any other (a sandbox, a proxy) it must be given.

/**
 * How long after a write a read may still miss it: GETs come from a replica "typically below 1 second" behind, and
 * PowerOffice recommends "waiting 1-2 seconds after a POST/DELETE ... before calling a subsequent GET"
 * (go-api-documentation docs/api/common/limitations.md, "Live data").
 */
export const DEFAULT_READ_LAG_MS = 2_000;

const KNOWN: ReadonlyArray<{ host: string; path: string; v1: string }> = [
  { host: "goapi.poweroffice.net", path: "", v1: "https://api.poweroffice.net" },
  { host: "goapi.poweroffice.net", path: "/demo", v1: "https://api-demo.poweroffice.net" },
  // Third-party code also reaches the v2 demo as its own host.
  { host: "goapi-demo.poweroffice.net", path: "", v1: "https://api-demo.poweroffice.net" },
];

/** The v1 base URL for a known production or demo v2 base URL; undefined for any other. */
export function v1BaseUrlFor(v2BaseUrl: string): string | undefined {
  if (!URL.canParse(v2BaseUrl)) return undefined;
  const url = new URL(v2BaseUrl);
  const path = url.pathname.replace(/\/+$/, "").toLowerCase();
  return KNOWN.find((known) => known.host === url.hostname.toLowerCase() && known.path === path)?.v1;
}
