import type { Flow } from "../checklist/model.ts";
import type { PlannedFlow } from "./types.ts";

/** What of each flow the harness cannot run, one line per reason with the checklist lines it concerns. */
export function untestableByFlow(plan: readonly PlannedFlow[]): (flow: Flow) => string[] {
  return (flow) => {
    const cases = plan.find((planned) => planned.flow === flow)?.cases ?? [];
    const byReason = new Map<string, number[]>();
    for (const c of cases) if (c.skip !== null) byReason.set(c.skip, [...(byReason.get(c.skip) ?? []), c.line]);
    return [...byReason].map(([reason, lines]) => `line ${[...new Set(lines)].join(", ")}: ${reason}`);
  };
}
