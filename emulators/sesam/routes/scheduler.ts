// The internal scheduler's endpoints as sesam-py calls them (sesam.py: run_internal_scheduler and friends):
// `POST /api/pipes/run-all-pipes` (parameters in the query string), `GET /api/pipes/get-pipe-runner-status?token=`,
// `POST /api/pipes/stop-run-all-pipes`, `GET /api/pipes/get-run-all-pipes-log?since=`.
import { json } from "../../http/reply.ts";
import type { Router } from "../../http/router.ts";
import type { RequestContext } from "../../http/types.ts";
import { nodeError } from "../errors.ts";
import type { RunAllParams } from "../scheduler.ts";
import { booleanParam, integerParam } from "./params.ts";
import type { NodeView } from "./node-view.ts";

export function addSchedulerRoutes(router: Router, node: NodeView): void {
  router
    .add("POST", "/api/pipes/run-all-pipes", async (ctx) => {
      const started = await node.scheduler.start(runAllParams(ctx));
      if (started === null) throw nodeError.runnerBusy();
      return json(200, started);
    })
    .add("GET", "/api/pipes/get-pipe-runner-status", (ctx) => json(200, node.scheduler.status(ctx.query.get("token"))))
    .add("POST", "/api/pipes/stop-run-all-pipes", async () => {
      await node.scheduler.stop();
      return json(200, { status: "stopped" });
    })
    .add("GET", "/api/pipes/get-run-all-pipes-log", (ctx) =>
      json(200, node.scheduler.logSince(ctx.query.get("since"))),
    );
}

/** The parameters with sesam-py's defaults; the two data-deleting flags default to true, as on a node. */
function runAllParams(ctx: RequestContext): RunAllParams {
  const q = (name: string) => ctx.query.get(name);
  const requestMode = q("request_mode") ?? "sync";
  const schedulerMode = q("scheduler_mode") ?? "active";
  if (requestMode !== "sync" && requestMode !== "async") throw nodeError.badParameter("request_mode", "sync or async");
  if (schedulerMode !== "active" && schedulerMode !== "poll") {
    throw nodeError.badParameter("scheduler_mode", "active or poll");
  }
  return {
    extraZeroRuns: integerParam("extra_zero_runs", q("extra_zero_runs"), 2),
    maxRuns: integerParam("max_runs", q("max_runs"), 100, 1),
    maxRunTimeSeconds: integerParam("max_run_time", q("max_run_time"), 15 * 60, 1),
    deleteInputDatasets: booleanParam("delete_input_datasets", q("delete_input_datasets"), true),
    resetPipesAndDeleteSinkDatasets: booleanParam(
      "reset_pipes_and_delete_sink_datasets",
      q("reset_pipes_and_delete_sink_datasets"),
      true,
    ),
    checkInputPipes: booleanParam("check_input_pipes", q("check_input_pipes"), false),
    requestMode,
    schedulerMode,
  };
}
