import { loadChecklist } from "../checklist/load.ts";
import { loadConfig } from "../config/index.ts";
import { buildPlan } from "./build.ts";
import type { CaseKind, CaseOf, PlannedFlow, SkippedCase } from "./types.ts";

let cached: PlannedFlow[] | undefined;

/** The plan of the configured checklists (CHECKLIST); specs build their tests from it at collection time. */
export function configuredPlan(): PlannedFlow[] {
  cached ??= buildPlan(loadConfig().checklists.map((file) => loadChecklist(file)));
  return cached;
}

export interface CaseGroup<K extends CaseKind> {
  /** The describe block: the flow, and the document it comes from. */
  title: string;
  cases: (CaseOf<K> | (SkippedCase & { kind: K }))[];
}

/** The configured plan's cases of one kind, grouped by flow, in document order; flows without such cases are left out. */
export function casesOf<K extends CaseKind>(kind: K): CaseGroup<K>[] {
  return configuredPlan()
    .map((planned) => ({
      title: `${planned.flow.title} (${planned.checklist.file.replace(/^.*\//, "")})`,
      cases: planned.cases.filter((c): c is CaseGroup<K>["cases"][number] => c.kind === kind),
    }))
    .filter((group) => group.cases.length > 0);
}
