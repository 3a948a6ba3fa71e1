// What the sandbox (emulators/sandbox.ts, emulators/cli.ts) needs to run the Sesam node next to the tenant
// emulators: the node built from the tenants' URLs and credentials and the checklists to sync, and the pipes to
// pump in order for one full pass (the default SESAM_PIPES).
import { fileURLToPath } from "node:url";
import { loadChecklist } from "../../support/checklist/load.ts";
import { SesamNodeEmulator, type SesamNodeOptions } from "./server.ts";

export { SesamNodeEmulator } from "./server.ts";
export type { SesamNodeOptions } from "./server.ts";
export { describeDefects, DEFECT_NAMES } from "./defects.ts";

/** The checklist the node syncs when none is named (the harness's own default). */
export const DEFAULT_SESAM_CHECKLISTS = [
  fileURLToPath(new URL("../../checklists/youtrack-powerofficego.rst", import.meta.url)),
];

export interface SesamServiceInput {
  youtrack: { url: string; token?: string };
  poweroffice: { url: string; applicationKey?: string; clientKey?: string; subscriptionKey?: string };
  /** Checklist files whose flows the pipes sync (DEFAULT_SESAM_CHECKLISTS when absent or empty). */
  checklistPaths?: readonly string[];
  /** Any other node option (jwt, defects, schedule, lateWriteDelayMs, faults, log). */
  options?: Omit<Partial<SesamNodeOptions>, "youtrack" | "poweroffice" | "checklists">;
}

/** A node (not yet listening) for the given tenants; its `pipes` are the ones to pump, in order. */
export function createSesamNode(input: SesamServiceInput): SesamNodeEmulator {
  const paths =
    input.checklistPaths && input.checklistPaths.length > 0 ? input.checklistPaths : DEFAULT_SESAM_CHECKLISTS;
  return new SesamNodeEmulator({
    ...input.options,
    youtrack: input.youtrack,
    poweroffice: input.poweroffice,
    checklists: paths.map((path) => loadChecklist(path)),
  });
}
