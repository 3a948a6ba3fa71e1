import { parseJson, BodyError } from "./body.ts";
import { OptionsError } from "./options.ts";
import { json } from "./reply.ts";
import type { Reply, RequestContext } from "./types.ts";

/** What the `/__admin` routes read and change of an emulator (EmulatorServer hands its own). */
export interface AdminApi {
  service(): string;
  config(): Record<string, unknown>;
  applyConfig(input: unknown): void;
  reset(): void;
  store(): unknown;
  stats(): unknown;
}

const ROUTES: Record<string, string[]> = {
  "/__admin/health": ["GET"],
  "/__admin/config": ["GET", "PUT"],
  "/__admin/reset": ["POST"],
  "/__admin/store": ["GET"],
  "/__admin/stats": ["GET"],
};

/** The `/__admin` routes: no auth, never faulted, never throttled, never counted in stats. */
export async function adminReply(ctx: RequestContext, api: AdminApi): Promise<Reply> {
  const allowed = ROUTES[ctx.path];
  if (!allowed) return json(404, { error: `No admin route ${ctx.path}`, routes: Object.keys(ROUTES) });
  if (!allowed.includes(ctx.method)) {
    return json(405, { error: `${ctx.method} is not allowed on ${ctx.path}` }, { Allow: allowed.join(", ") });
  }
  switch (`${ctx.method} ${ctx.path}`) {
    case "GET /__admin/health":
      return json(200, { status: "ok", service: api.service() });
    case "GET /__admin/config":
      return json(200, api.config());
    case "PUT /__admin/config":
      return putConfig(ctx, api);
    case "POST /__admin/reset":
      api.reset();
      return json(200, { status: "reset" });
    case "GET /__admin/store":
      return json(200, api.store());
    default:
      return json(200, api.stats());
  }
}

async function putConfig(ctx: RequestContext, api: AdminApi): Promise<Reply> {
  try {
    const input = parseJson(await ctx.body());
    if (input === undefined || typeof input !== "object" || input === null || Array.isArray(input)) {
      return json(400, { error: "config: expected a JSON object" });
    }
    api.applyConfig(input);
  } catch (error) {
    if (error instanceof OptionsError || error instanceof BodyError) return json(400, { error: error.message });
    throw error;
  }
  return json(200, api.config());
}
