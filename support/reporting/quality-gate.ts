import type { ChecklistReport } from "./checklist-report.ts";
import type { AllureGateResult } from "./allure-gate.ts";

/** The row-based quality gate of `npm run report`: how many checklist rows may fail, how many must pass. */
export interface RowGateLimits {
  maxFailedRows: number;
  minPassedRows: number;
}

export interface RowGateVerdict {
  passed: boolean;
  limits: RowGateLimits;
  rows: { passed: number; failed: number; skipped: number; notRun: number };
  /** One line per broken limit; empty when the gate passed. */
  problems: string[];
  /** Allure's own gate over the same results (allurerc.mjs rules), when the report was built. */
  allure: { passed: boolean; results: { rule: string; success: boolean; message: string }[] } | null;
}

/** Judges the merged checklist report's rows against the limits. */
export function judgeRows(report: ChecklistReport, limits: RowGateLimits): RowGateVerdict {
  const counts = report.gateCounts;
  const problems: string[] = [];
  if (counts.failed > limits.maxFailedRows) {
    problems.push(`${counts.failed} failed row(s) > ${limits.maxFailedRows} allowed`);
  }
  if (counts.passed < limits.minPassedRows) {
    problems.push(`${counts.passed} passed row(s) < ${limits.minPassedRows} required`);
  }
  return {
    passed: problems.length === 0,
    limits,
    rows: { passed: counts.passed, failed: counts.failed, skipped: counts.skipped, notRun: counts["not run"] },
    problems,
    allure: null,
  };
}

/**
 * Adds Allure's verdict. The two read different files (cases.json, allure-results) and group rows differently
 * (the checklist-case annotation, the epic/feature/story labels); when they disagree a row was mislabelled, and
 * the gate fails rather than pick one.
 */
export function withAllureVerdict(verdict: RowGateVerdict, results: readonly AllureGateResult[]): RowGateVerdict {
  const allure = {
    passed: results.every((result) => result.success),
    results: results.map((result) => ({ rule: result.rule, success: result.success, message: result.message })),
  };
  const problems = [...verdict.problems];
  if (allure.passed !== verdict.passed) {
    problems.push(
      `Allure's gate (${allure.passed ? "passed" : "failed"}: ${allure.results.map((r) => r.message).join("; ")}) ` +
        `disagrees with the checklist rows (${verdict.passed ? "passed" : "failed"}): a test's row labels do not match its checklist case`,
    );
  }
  return { ...verdict, passed: problems.length === 0, problems, allure };
}

/** One line for the report header and the console. */
export function gateLine(verdict: RowGateVerdict): string {
  const { rows, limits } = verdict;
  const limitsText = `at most ${limits.maxFailedRows} failed, at least ${limits.minPassedRows} passed`;
  const rowsText = `${rows.failed} failed, ${rows.passed} passed`;
  return verdict.passed
    ? `PASSED: ${rowsText} (${limitsText})`
    : `FAILED: ${verdict.problems.join("; ")} (${limitsText})`;
}

/** The gate as a Markdown section: appended to checklist.md, put first in the CI job summary. */
export function renderGateMarkdown(verdict: RowGateVerdict): string {
  const out = [`## Quality gate: ${verdict.passed ? "✅ PASSED" : "❌ FAILED"}`, ""];
  out.push(
    `Rows: ${verdict.rows.passed} passed, ${verdict.rows.failed} failed, ${verdict.rows.skipped} skipped, ` +
      `${verdict.rows.notRun} not run. Limits: at most ${verdict.limits.maxFailedRows} failed row(s), ` +
      `at least ${verdict.limits.minPassedRows} passed row(s).`,
  );
  if (verdict.problems.length) out.push("", ...verdict.problems.map((problem) => `- ${problem}`));
  if (verdict.allure) {
    out.push("", `Allure's gate (allurerc.mjs): ${verdict.allure.passed ? "passed" : "failed"}`);
    out.push(...verdict.allure.results.map((r) => `- ${r.success ? "✅" : "❌"} \`${r.rule}\`: ${r.message}`));
  }
  return `${out.join("\n")}\n`;
}
