import type { PlannedCase } from "./types.ts";

/** A part a runnable case must have; a case that lacks one should have been skipped by the plan. */
export function need<T>(value: T | undefined | null, what: string, planned: PlannedCase): T {
  if (value === undefined || value === null) throw new Error(`${planned.title}: no ${what} (the plan should have skipped it)`);
  return value;
}
