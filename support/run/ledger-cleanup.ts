import type { AdapterRegistry } from "../adapters/registry.ts";
import type { RecordRef, TenantAdapter } from "../adapters/types.ts";
import type { Targets } from "../config/index.ts";
import { SWEEP_ORDER } from "../datatypes/index.ts";
import { tenantAdapters } from "./clients.ts";
import { outstandingRecords, recordInLedger } from "./ledger.ts";

/** One line for a record that could not be removed: the datatype, the id, the error's first line. */
export function removalFailure(label: string, ref: RecordRef, error: unknown): string {
  return `${label} #${ref.id}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
}

/** Records carrying `pattern` (changed since `since`, when given), datatype by datatype, children first. */
export async function* taggedRecords(
  adapters: AdapterRegistry,
  pattern: RegExp,
  since?: Date,
): AsyncGenerator<{ adapter: TenantAdapter; ref: RecordRef; text: string }> {
  for (const entry of SWEEP_ORDER) {
    const adapter = adapters.for(entry);
    for (const found of await adapter.findTagged(pattern, since)) yield { adapter, ...found };
  }
}

/** Removes what a run's ledger says it created and did not remove; children (created later) first. */
export async function removeOutstanding(
  targets: Targets,
  reportsDir: string,
  runId: string,
): Promise<{ removed: number; gone: number; failed: string[] }> {
  const outstanding = outstandingRecords(reportsDir, runId).reverse();
  const result = { removed: 0, gone: 0, failed: [] as string[] };
  if (outstanding.length === 0) return result;
  const { adapters, close } = tenantAdapters(targets);
  try {
    for (const ref of outstanding) {
      try {
        const existed = await adapters.byKey(ref.adapter).remove(ref);
        recordInLedger(reportsDir, runId, "removed", ref);
        if (existed) result.removed++;
        else result.gone++;
      } catch (error) {
        result.failed.push(removalFailure(ref.adapter, ref, error));
      }
    }
  } finally {
    await close();
  }
  return result;
}

/**
 * Removes every record still carrying the run's tag: what the sync made from the tests' values (a partner it
 * created, a duplicate), which no ledger lists. One scan per datatype at the end of the run, children first, rather
 * than one per test: a test's copies are unique to it and harm no other. `since`: when the run began.
 */
export async function removeTagged(
  targets: Targets,
  runId: string,
  since: Date,
): Promise<{ removed: number; failed: string[] }> {
  const result = { removed: 0, failed: [] as string[] };
  const { adapters, close } = tenantAdapters(targets);
  const tag = new RegExp(runId.replace(/[^A-Za-z0-9]/g, "\\$&"));
  try {
    for await (const { adapter, ref } of taggedRecords(adapters, tag, since)) {
      try {
        if (await adapter.remove(ref)) result.removed++;
      } catch (error) {
        result.failed.push(removalFailure(adapter.label, ref, error));
      }
    }
  } finally {
    await close();
  }
  return result;
}
