// `/api/pipes`: the pipes, their pumps and the pump operations (hub/swagger_public.yaml, `/pipes/{pipe_id}/pump`).
import { isJsonMediaType, mediaType, parseForm, parseJson } from "../../http/body.ts";
import { json } from "../../http/reply.ts";
import type { Router } from "../../http/router.ts";
import type { RequestContext } from "../../http/types.ts";
import { nodeError } from "../errors.ts";
import type { NodeView } from "./node-view.ts";

type Operation = "start" | "stop" | "enable" | "disable";

export function addPipeRoutes(router: Router, node: NodeView): void {
  router
    .add("GET", "/api/pipes", () =>
      json(
        200,
        node.pumps().map((pump) => node.pipeJson(pump)),
      ),
    )
    .add("GET", "/api/pipes/:pipe", (ctx) => json(200, node.pipeJson(node.pump(ctx.params.pipe ?? ""))))
    .add("GET", "/api/pipes/:pipe/pump", (ctx) => json(200, node.pumpJson(node.pump(ctx.params.pipe ?? ""))))
    .add("POST", "/api/pipes/:pipe/pump", async (ctx) => {
      const id = ctx.params.pipe ?? "";
      const pump = node.pump(id);
      const operation = await operationOf(ctx);
      if (operation === null) throw nodeError.missingOperation();
      switch (operation as Operation) {
        case "start":
          // A pump that is running is not started again: 409 with the pump (sesamclient: PumpIsAlreadyRunning).
          if (!pump.start(node.user)) return json(409, node.pumpJson(pump));
          break;
        case "stop":
          pump.stop();
          break;
        case "enable":
          pump.disabled = false;
          break;
        case "disable":
          pump.disabled = true;
          break;
        default:
          throw nodeError.unsupportedOperation(id, operation);
      }
      return json(200, node.pumpJson(pump));
    });
}

async function operationOf(ctx: RequestContext): Promise<string | null> {
  const raw = await ctx.body();
  const type = mediaType(ctx.headers["content-type"]);
  if (isJsonMediaType(type)) {
    const body = parseJson(raw);
    const operation =
      body !== null && typeof body === "object" ? (body as Record<string, unknown>).operation : undefined;
    return typeof operation === "string" ? operation : null;
  }
  return parseForm(raw).get("operation") ?? ctx.query.get("operation");
}
