// The Sesam node client: pipes and their pump execution log, behind the node's JWT.
import { z } from "zod";
import { ApiClient } from "../http/api-client.ts";
import { commonOptionsShape, parseClientOptions } from "../http/options.ts";
import { Redactor } from "../http/redact.ts";
import { retryPolicy } from "../http/retry.ts";
import { Transport } from "../http/transport.ts";
import { createExecutionLogResource, type ExecutionLogResource } from "./execution-log.ts";
import { createDatasetsResource, type DatasetsResource } from "./datasets.ts";
import { createPipesResource, type PipesResource } from "./pipes.ts";
import { createSchedulerResource, type SchedulerResource } from "./scheduler.ts";

export const SesamClientOptionsSchema = z.strictObject({
  /** The node's API base, `https://<node>/api`; a URL without a path gets `/api`. */
  baseUrl: z.url(),
  jwt: z.string().min(1),
  ...commonOptionsShape,
});
export type SesamClientOptions = z.input<typeof SesamClientOptionsSchema>;

export interface SesamClient {
  pipes: PipesResource;
  executionLog: ExecutionLogResource;
  scheduler: SchedulerResource;
  datasets: DatasetsResource;
  redactor: Redactor;
  close(): Promise<void>;
}

export function createSesamClient(options: SesamClientOptions): SesamClient {
  const config = parseClientOptions("createSesamClient", SesamClientOptionsSchema, options);
  const redactor = new Redactor([config.jwt]);
  const transport = new Transport({
    service: "sesam",
    baseUrl: apiBase(config.baseUrl),
    redactor,
    onRequest: config.onRequest,
    timeoutMs: config.timeoutMs,
    connectTimeoutMs: config.connectTimeoutMs,
  });
  const authorization = { authorization: `Bearer ${config.jwt}` };
  const api = new ApiClient(transport, retryPolicy(config.retry), { headers: async () => authorization });
  return {
    pipes: createPipesResource(api),
    executionLog: createExecutionLogResource(api),
    scheduler: createSchedulerResource(api),
    datasets: createDatasetsResource(api),
    redactor,
    close: () => api.close(),
  };
}

// A bare node URL has no API at its root; Sesam's own tools call the API base the "node URL".
function apiBase(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname === "/" || parsed.pathname === "" ? `${parsed.origin}/api` : url;
}
