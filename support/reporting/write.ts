import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { InputError } from "../input-error.ts";
import { CaseRefSchema } from "./case-annotation.ts";
import type { CaseResult, ChecklistReport } from "./checklist-report.ts";
import { renderMarkdown } from "./render-markdown.ts";

/** `checklist.json`, `checklist.md`, and `cases.json`: the raw results, which `npm run report` merges across shards. */
export function writeChecklistReport(dir: string, report: ChecklistReport, results: readonly CaseResult[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "checklist.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, "checklist.md"), renderMarkdown(report));
  writeFileSync(join(dir, "cases.json"), `${JSON.stringify({ run: report.run, results }, null, 2)}\n`);
}

const CasesFileSchema = z.strictObject({
  run: z.strictObject({
    runId: z.string().nullable(),
    release: z.string().nullable(),
    targets: z.string(),
    startedAt: z.string(),
    durationMs: z.number(),
    seed: z.number().nullable().optional(),
  }),
  results: z.array(
    z.strictObject({
      ref: CaseRefSchema,
      title: z.string(),
      status: z.enum(["passed", "failed", "skipped", "timedOut", "interrupted"]),
      durationMs: z.number(),
      detail: z.string().nullable(),
      retries: z.number(),
      proofs: z.array(z.enum(["tenants", "node"])).optional(),
      values: z.array(z.string()).optional(),
      passes: z.number().int().optional(),
    }),
  ),
});

export function readCasesFile(file: string): z.infer<typeof CasesFileSchema> {
  const parsed = CasesFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success)
    throw new InputError(`${file}: not a talk-qa cases file (${parsed.error.issues[0]?.message ?? "invalid"})`);
  return parsed.data;
}
