// Pipes: read their runtime state and drive their pump.
import { z } from "zod";
import type { ApiClient, CallOptions } from "../http/api-client.ts";
import { jsonResponse } from "../http/response.ts";
import { sesam } from "./paths.ts";
import { PipeSchema, PumpSchema, type Pipe, type Pump } from "./schemas.ts";

export type PumpOperation = "start" | "stop" | "enable" | "disable";

export interface PipesResource {
  list(options?: CallOptions): Promise<Pipe[]>;
  get(id: string, options?: CallOptions): Promise<Pipe>;
  pump(id: string, operation: PumpOperation, options?: CallOptions): Promise<Pump>;
}

export function createPipesResource(api: ApiClient): PipesResource {
  return {
    list: (options = {}) =>
      api.call({
        method: "GET",
        path: sesam.pipes(),
        safety: "read",
        response: jsonResponse(z.array(PipeSchema)),
        signal: options.signal,
      }),

    get: (id, options = {}) =>
      api.call({
        method: "GET",
        path: sesam.pipe(id),
        safety: "read",
        response: jsonResponse(PipeSchema),
        signal: options.signal,
      }),

    pump: (id, operation, options = {}) =>
      api.call({
        method: "POST",
        path: sesam.pump(id),
        body: { kind: "form", value: { operation } },
        // Starting twice may run the pipe twice (the first run can finish before the repeat arrives); stopping,
        // enabling and disabling end in the same state however often they are sent.
        safety: operation === "start" ? "unsafe" : "idempotent",
        response: jsonResponse(PumpSchema, { empty: () => ({}) }),
        signal: options.signal,
      }),
  };
}
