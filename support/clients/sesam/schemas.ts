// What a Sesam node answers about pipes. Loose: the node reports far more than the harness reads.
// (The execution log's entity shapes live in execution-log.ts, Sesam documents them as subject to change.)
import { z } from "zod";

/**
 * A pump's runtime as sesamclient reads it (`is-running`, `last-run`, `next-run`, `last-message`, ...). `last-run`
 * changes with every run a node makes, logged or not: the one sign of a no-op run on a node that does not log
 * those.
 */
export const PumpRuntimeSchema = z.looseObject({
  "is-running": z.boolean(),
  "is-disabled": z.boolean().optional(),
  "last-run": z.string().nullish(),
  "next-run": z.string().nullish(),
  "last-message": z.string().nullish(),
  "last-original-error-message": z.string().nullish(),
});
export type PumpRuntime = z.infer<typeof PumpRuntimeSchema>;

export const PipeRuntimeSchema = z.looseObject({
  "is-running": z.boolean().optional(),
  "is-valid-config": z.boolean().optional(),
  "is-disabled": z.boolean().optional(),
  dependencies: z.array(z.unknown()).optional(),
});

/** The parts of a pipe's effective config the harness reads: what it reads, where it writes, its pump. */
export const PipeEffectiveConfigSchema = z.looseObject({
  source: z
    .looseObject({
      type: z.string().optional(),
      dataset: z.string().optional(),
      datasets: z.array(z.unknown()).optional(),
      system: z.string().optional(),
    })
    .optional(),
  sink: z
    .looseObject({ type: z.string().optional(), dataset: z.string().optional(), system: z.string().optional() })
    .nullish(),
  pump: z.looseObject({}).optional(),
});

export const PipeSchema = z.looseObject({
  _id: z.string().min(1),
  config: z
    .looseObject({ original: z.unknown().optional(), effective: PipeEffectiveConfigSchema.optional() })
    .optional(),
  runtime: PipeRuntimeSchema.optional(),
});
export type Pipe = z.infer<typeof PipeSchema>;

/** The pump object `GET /pipes/{id}/pump` answers with. */
export const PumpSchema = z.looseObject({
  _id: z.string().optional(),
  runtime: PumpRuntimeSchema,
});

/** What a pump operation answers (the pump, as far as the harness needs it: nothing). */
export const PumpOperationAnswerSchema = z.looseObject({
  _id: z.string().optional(),
  runtime: z.looseObject({}).optional(),
});
export type PumpOperationAnswer = z.infer<typeof PumpOperationAnswerSchema>;

/** What `run-all-pipes` and `get-pipe-runner-status` answer (sesam-py reads `status`, `token`, `additional_info`). */
export const RunnerStateSchema = z.looseObject({
  status: z.string(),
  token: z.string().optional(),
  additional_info: z.string().nullish(),
});
export type RunnerState = z.infer<typeof RunnerStateSchema>;
