// `/api/datasets`: every dataset the node holds (the pipes' sinks and the pump execution logs), and their
// entities with `since` (exclusive, on `_updated`), `limit`, `reverse`, `history`, `deleted`.
import { json } from "../../http/reply.ts";
import type { Router } from "../../http/router.ts";
import type { RequestContext } from "../../http/types.ts";
import type { Dataset, DatasetQuery } from "../dataset.ts";
import { nodeError } from "../errors.ts";
import { booleanParam, integerParam } from "./params.ts";
import type { NodeView } from "./node-view.ts";

export function addDatasetRoutes(router: Router, node: NodeView): void {
  const dataset = (ctx: RequestContext): Dataset => {
    const id = ctx.params.dataset ?? "";
    const found = node.datasets().find((d) => d.id === id);
    if (!found) throw nodeError.noSuchDataset(id);
    return found;
  };
  router
    .add("GET", "/api/datasets", () => json(200, node.datasets().map(datasetJson)))
    .add("GET", "/api/datasets/:dataset", (ctx) => json(200, datasetJson(dataset(ctx))))
    .add("GET", "/api/datasets/:dataset/entities", (ctx) => {
      const found = dataset(ctx);
      const query: DatasetQuery = {};
      const since = ctx.query.get("since");
      if (since !== null && since !== "") query.since = integerParam("since", since, 0, Number.MIN_SAFE_INTEGER);
      const limit = ctx.query.get("limit");
      if (limit !== null && limit !== "") query.limit = integerParam("limit", limit, 0);
      for (const name of ["reverse", "history"] as const) {
        if (ctx.query.get(name)) query[name] = booleanParam(name, ctx.query.get(name), false);
      }
      if (ctx.query.get("deleted")) query.deleted = booleanParam("deleted", ctx.query.get("deleted"), true);
      return json(200, found.query(query));
    });
}

function datasetJson(dataset: Dataset): Record<string, unknown> {
  const size = dataset.size;
  return {
    _id: dataset.id,
    type: "dataset",
    runtime: { "count-log": size.log, "count-index": size.index, "last-sequence": dataset.lastSequence },
  };
}
