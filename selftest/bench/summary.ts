// Figures over repeated runs: the median with the range, and how many runs it stands on (the bench prints all
// three, so a reader sees how much a figure moved between runs).
import { median } from "../../support/median.ts";

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function round(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export { median };

export function summarize(values: readonly number[], digits = 0): Summary {
  if (values.length === 0) throw new Error("summary of no values");
  return {
    median: round(median(values), digits),
    min: round(Math.min(...values), digits),
    max: round(Math.max(...values), digits),
    runs: values.length,
  };
}

/** "1234 (1200-1300, 5 runs)" for the table. */
export function describeSummary(summary: Summary, unit = ""): string {
  const range = summary.runs > 1 ? ` (${summary.min}-${summary.max}${unit}, ${summary.runs} runs)` : " (1 run)";
  return `${summary.median}${unit}${range}`;
}
