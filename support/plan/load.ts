import { loadChecklist } from "../checklist/load.ts";
import { loadConfig } from "../config/index.ts";
import { buildPlan } from "./build.ts";
import type { CaseKind, PlannedCase, PlannedFlow } from "./types.ts";

let cached: PlannedFlow[] | undefined;

/** The plan of the configured checklists (CHECKLIST); specs build their tests from it at collection time. */
export function configuredPlan(): PlannedFlow[] {
  cached ??= buildPlan(loadConfig().checklists.map((file) => loadChecklist(file)));
  return cached;
}

export interface CaseGroup {
  /** The describe block: the flow, and the document it comes from. */
  title: string;
  cases: PlannedCase[];
}

/** The configured plan's cases of some kinds, grouped by flow, in document order; flows without such cases are left out. */
export function casesOf(kinds: readonly CaseKind[]): CaseGroup[] {
  return configuredPlan()
    .map((planned) => ({
      title: `${planned.flow.title} (${planned.checklist.file.replace(/^.*\//, "")})`,
      cases: planned.cases.filter((c) => kinds.includes(c.kind)),
    }))
    .filter((group) => group.cases.length > 0);
}
