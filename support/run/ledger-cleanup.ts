import type { Targets } from "../config/index.ts";
import { tenantAdapters } from "./clients.ts";
import { outstandingRecords, recordInLedger } from "./ledger.ts";

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
        result.failed.push(`${ref.adapter} #${ref.id}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      }
    }
  } finally {
    await close();
  }
  return result;
}
