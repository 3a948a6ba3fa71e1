import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { RecordRef } from "../adapters/types.ts";

// Every record the harness creates is written here before the test goes on, and struck off when removed, so a
// run that dies half-way (worker crash, SIGKILL) leaves an exact list for the teardown or the sweeper.
const EntrySchema = z.strictObject({
  op: z.enum(["created", "removed"]),
  ref: z.strictObject({ adapter: z.string(), id: z.string(), parentId: z.string().optional() }),
  at: z.string(),
});
type Entry = z.infer<typeof EntrySchema>;

export const ledgerDir = (reportsDir: string) => join(reportsDir, ".ledger");
const ledgerFile = (reportsDir: string, runId: string) => join(ledgerDir(reportsDir), `${runId}.jsonl`);
const key = (ref: RecordRef) => `${ref.adapter}/${ref.parentId ?? ""}/${ref.id}`;

export function recordInLedger(reportsDir: string, runId: string, op: Entry["op"], ref: RecordRef): void {
  mkdirSync(ledgerDir(reportsDir), { recursive: true });
  // Synchronous on purpose: the line must be on disk before the process can be killed.
  appendFileSync(ledgerFile(reportsDir, runId), `${JSON.stringify({ op, ref, at: new Date().toISOString() })}\n`);
}

/** The ledger's entries in the order written; a line cut short by a kill is left out. */
function entries(reportsDir: string, runId: string): Entry[] {
  const file = ledgerFile(reportsDir, runId);
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line) => {
      const parsed = EntrySchema.safeParse(parseJson(line));
      return parsed.success ? [parsed.data] : [];
    });
}

/** Adapter -> the ids of every record of it the run created (every worker's, removed ones too). */
export function createdIds(reportsDir: string, runId: string): Map<string, Set<string>> {
  const ids = new Map<string, Set<string>>();
  for (const { op, ref } of entries(reportsDir, runId)) {
    if (op === "created") ids.set(ref.adapter, (ids.get(ref.adapter) ?? new Set<string>()).add(ref.id));
  }
  return ids;
}

/** Records created and not struck off, in creation order (children after their parents). */
export function outstandingRecords(reportsDir: string, runId: string): RecordRef[] {
  const open = new Map<string, RecordRef>();
  for (const { op, ref } of entries(reportsDir, runId)) {
    if (op === "created") open.set(key(ref), ref);
    else open.delete(key(ref));
  }
  return [...open.values()];
}

/** Run ids that have a ledger in this reports folder. */
export function ledgerRunIds(reportsDir: string): string[] {
  const dir = ledgerDir(reportsDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".jsonl"))
    .map((name) => name.replace(/\.jsonl$/, ""));
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
