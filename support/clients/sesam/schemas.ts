// What a Sesam node answers about pipes. Loose: the node reports far more than the harness reads.
// (The execution log's entity shapes live in execution-log.ts, Sesam documents them as subject to change.)
import { z } from "zod";

export const PipeRuntimeSchema = z.looseObject({
  "is-running": z.boolean().optional(),
  "is-valid-config": z.boolean().optional(),
  "is-disabled": z.boolean().optional(),
  dependencies: z.array(z.unknown()).optional(),
});

export const PipeSchema = z.looseObject({
  _id: z.string().min(1),
  config: z.unknown().optional(),
  runtime: PipeRuntimeSchema.optional(),
});
export type Pipe = z.infer<typeof PipeSchema>;

/** The pump object `POST /pipes/{id}/pump` answers with. */
export const PumpSchema = z.looseObject({
  _id: z.string().optional(),
  runtime: z.looseObject({}).optional(),
});
export type Pump = z.infer<typeof PumpSchema>;
