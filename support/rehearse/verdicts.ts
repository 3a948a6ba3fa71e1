import { readFileSync } from "node:fs";
import { z } from "zod";
import { InputError } from "../input-error.ts";

// Row verdicts of a checklist.json, to tell whether shards merged say what one unsharded run says. Only what the
// comparison needs is read (objects not strict: the report's row model may grow).
const RowSchema = z.object({
  kind: z.string(),
  line: z.number(),
  text: z.string(),
  verdict: z.string(),
  tests: z.array(z.object({ title: z.string(), status: z.string() })),
});
const ReportSchema = z.object({
  counts: z.record(z.string(), z.number()),
  documents: z.array(z.object({ file: z.string(), flows: z.array(z.object({ rows: z.array(RowSchema) })) })),
});

export interface RowVerdict {
  key: string;
  verdict: string;
  /** `status title` of each test, sorted: which tests ran and how they ended. */
  tests: string[];
}

export function readRowVerdicts(file: string): RowVerdict[] {
  const parsed = ReportSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success)
    throw new InputError(`${file}: not a talk-qa checklist report (${parsed.error.issues[0]?.message ?? "invalid"})`);
  return parsed.data.documents.flatMap((document) =>
    document.flows.flatMap((flow) =>
      flow.rows.map((row) => ({
        key: `${document.file}:${row.line} ${row.kind} ${row.text}`,
        verdict: row.verdict,
        tests: row.tests.map((test) => `${test.status} ${test.title}`).sort(),
      })),
    ),
  );
}

/** One line per row whose verdict or tests differ between the two reports; empty when they agree. */
export function verdictDifferences(expected: readonly RowVerdict[], actual: readonly RowVerdict[]): string[] {
  const byKey = new Map(actual.map((row) => [row.key, row]));
  const differences: string[] = [];
  for (const row of expected) {
    const other = byKey.get(row.key);
    byKey.delete(row.key);
    if (!other) differences.push(`${row.key}: only in the unsharded run (${row.verdict})`);
    else if (other.verdict !== row.verdict)
      differences.push(`${row.key}: unsharded ${row.verdict}, merged ${other.verdict}`);
    else if (other.tests.join("\n") !== row.tests.join("\n")) {
      differences.push(
        `${row.key}: same verdict, other tests (unsharded ${row.tests.length}, merged ${other.tests.length})`,
      );
    }
  }
  for (const row of byKey.values()) differences.push(`${row.key}: only in the merged shards (${row.verdict})`);
  return differences;
}
