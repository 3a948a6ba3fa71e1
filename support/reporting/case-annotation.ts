import { z } from "zod";
import type { PlannedCase } from "../plan/index.ts";
import { jsonAnnotation, readJsonAnnotation } from "./json-annotation.ts";

// Each generated test carries the checklist case it stands for, so reporters can tick the document row by row
// without matching on titles.
export const CASE_ANNOTATION = "checklist-case";

export const CaseRefSchema = z.strictObject({
  id: z.string(),
  file: z.string(),
  flowLine: z.number().int(),
  line: z.number().int(),
  /** Every line of the document the case proves or refutes. */
  ticks: z.array(z.number().int()).default([]),
  kind: z.string(),
  edited: z.enum(["source", "target"]).nullable(),
});
export type CaseRef = z.infer<typeof CaseRefSchema>;

export function caseAnnotation(planned: PlannedCase): { type: string; description: string } {
  const ref: CaseRef = {
    id: planned.id,
    file: planned.checklist.file,
    flowLine: planned.flow.line,
    line: planned.line,
    ticks: planned.ticks,
    kind: planned.kind,
    edited: planned.edited ?? null,
  };
  return jsonAnnotation(CASE_ANNOTATION, ref);
}

export function readCaseRef(annotations: readonly { type: string; description?: string }[]): CaseRef | undefined {
  return readJsonAnnotation(annotations, CASE_ANNOTATION, CaseRefSchema);
}
