import { stripVTControlCharacters } from "node:util";
import type { FullResult, Reporter, TestCase } from "@playwright/test/reporter";
import { loadChecklist } from "../checklist/load.ts";
import type { Checklist } from "../checklist/model.ts";
import { loadConfig } from "../config/index.ts";
import { readCaseRef } from "./case-annotation.ts";
import {
  DEADLINE_ANNOTATION,
  formatEvidence,
  PASSES_ANNOTATION,
  PROOF_ANNOTATION,
  readEvidence,
  VALUES_ANNOTATION,
} from "./evidence.ts";
import { buildChecklistReport } from "./checklist-report.ts";
import { writeChecklistReport } from "./write.ts";
import type { CaseResult } from "./checklist-report.ts";
import { targetsLabel } from "./targets-label.ts";

/** Writes `checklist.json` and `checklist.md`: the document itself with a verdict on every row. */
export default class ChecklistReporter implements Reporter {
  private readonly outputDir: string | undefined;
  private startedAt = new Date();
  private tests: TestCase[] = [];

  constructor(options: { outputDir?: string } = {}) {
    this.outputDir = options.outputDir;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(_config: unknown, suite: { allTests(): TestCase[] }): void {
    this.startedAt = new Date();
    this.tests = suite.allTests();
  }

  onEnd(result: FullResult): void {
    const config = loadConfig();
    const outputDir = this.outputDir ?? config.reportsDir;
    const results = this.tests.flatMap((test) => caseResult(test) ?? []);
    const checklists: Checklist[] = config.checklists.map((file) => loadChecklist(file));
    const report = buildChecklistReport(checklists, results, {
      runId: process.env.TALK_QA_RUN_ID ?? null,
      seed: config.seed ?? null,
      release: config.release,
      targets: targetsLabel(config),
      startedAt: this.startedAt.toISOString(),
      durationMs: result.duration,
    });
    writeChecklistReport(outputDir, report, results);
  }
}

/**
 * A failed test's line in the report: what its check saw (a failed check left it as data), else its error's first
 * line (an API error, a timeout); then the deadline hint, when the test has one. Undefined when there is neither.
 */
export function failureDetail(
  annotations: readonly { type: string; description?: string }[],
  errorMessage: string,
): string | undefined {
  const evidence = readEvidence(annotations);
  const firstLine = stripVTControlCharacters(errorMessage)
    .split("\n")
    .map((line) => line.trim())
    .find(Boolean);
  const deadline = annotations.find((a) => a.type === DEADLINE_ANNOTATION)?.description;
  return [evidence ? formatEvidence(evidence) : firstLine, deadline].filter(Boolean).join("; ") || undefined;
}

function caseResult(test: TestCase): CaseResult | undefined {
  const ref = readCaseRef(test.annotations);
  if (!ref) return undefined;
  const last = test.results.at(-1);
  // No result: the test never ran (filtered out or the run was interrupted); its row says "not run".
  if (!last) return undefined;
  const status = last.status;
  const annotations = [...last.annotations, ...test.annotations];
  const skipReason = annotations.find((a) => a.type === "skip")?.description;
  const failure = failureDetail(annotations, last.error?.message ?? "");
  const proofs = [...new Set(annotations.filter((a) => a.type === PROOF_ANNOTATION).map((a) => a.description))].filter(
    (proof): proof is "tenants" | "node" => proof === "tenants" || proof === "node",
  );
  const passes = Number(annotations.find((a) => a.type === PASSES_ANNOTATION)?.description ?? NaN);
  const values = annotations
    .filter((a) => a.type === VALUES_ANNOTATION && a.description)
    .map((a) => a.description as string);
  return {
    ref,
    title: test.title,
    proofs,
    ...(values.length > 0 ? { values: [...new Set(values)] } : {}),
    ...(Number.isInteger(passes) ? { passes } : {}),
    status,
    durationMs: last.duration,
    detail: status === "skipped" ? (skipReason ?? null) : status === "passed" ? null : (failure ?? status),
    retries: Math.max(0, test.results.length - 1),
  };
}
