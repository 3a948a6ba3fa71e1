// Pipes: read their config and runtime, and drive their pump.
import { z } from "zod";
import type { ApiClient, CallOptions } from "../http/api-client.ts";
import { ApiError } from "../http/errors.ts";
import { jsonResponse } from "../http/response.ts";
import { sesam } from "./paths.ts";
import {
  PipeSchema,
  PumpOperationAnswerSchema,
  PumpSchema,
  type Pipe,
  type PumpOperationAnswer,
  type PumpRuntime,
} from "./schemas.ts";

export type PumpOperation = "stop" | "enable" | "disable";

export interface PipesResource {
  list(options?: CallOptions): Promise<Pipe[]>;
  get(id: string, options?: CallOptions): Promise<Pipe>;
  /** The pump's runtime now (`GET /pipes/{id}/pump`). */
  runtime(id: string, options?: CallOptions): Promise<PumpRuntime>;
  /**
   * Starts a run: "started" when the node started one for this request, "already-running" when it answered 409
   * because a run is going on (no second run is started).
   */
  start(id: string, options?: CallOptions): Promise<"started" | "already-running">;
  pump(id: string, operation: PumpOperation, options?: CallOptions): Promise<PumpOperationAnswer>;
}

const pumpAnswer = jsonResponse(PumpSchema);

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

    runtime: async (id, options = {}) =>
      (
        await api.call({
          method: "GET",
          path: sesam.pump(id),
          safety: "read",
          response: pumpAnswer,
          signal: options.signal,
        })
      ).runtime,

    start: async (id, options = {}) => {
      try {
        await api.call({
          method: "POST",
          path: sesam.pump(id),
          body: { kind: "form", value: { operation: "start" } },
          // Starting twice may run the pipe twice; a start whose answer was lost is not repeated: the driver
          // reads the pump's runtime instead.
          safety: "unsafe",
          response: () => undefined,
          signal: options.signal,
        });
        return "started";
      } catch (error) {
        // 409: the pump is running (sesamclient's PumpIsAlreadyRunning).
        if (error instanceof ApiError && error.status === 409) return "already-running";
        throw error;
      }
    },

    pump: (id, operation, options = {}) =>
      api.call({
        method: "POST",
        path: sesam.pump(id),
        body: { kind: "form", value: { operation } },
        // Stopping, enabling and disabling end in the same state however often they are sent.
        safety: "idempotent",
        response: jsonResponse(PumpOperationAnswerSchema, { empty: () => ({}) }),
        signal: options.signal,
      }),
  };
}
