// One measured run of the checklist specs as a user runs them (`playwright test -c playwright.config.ts`, a
// subprocess) against targets the bench hosts, and the empty-test floor to compare it with.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CaseResult } from "../../support/reporting/checklist-report.ts";
import { readCasesFile } from "../../support/reporting/write.ts";
import { ROOT } from "../trust/harness.ts";
import { runTimed, tail, type TimedRun } from "./proc.ts";

export interface ChecklistRun extends TimedRun {
  cases: CaseResult[];
  /** From the first test's start to the last test's end (Allure's per-test times); null when no test ran. */
  executionMs: number | null;
  /** Tests that neither passed nor were skipped. */
  failedTests: number;
  /** Where the tests' time went: the top-level steps' time, summed over all tests, by what the step does. */
  stepMs: Record<StepKind, number>;
}

export const STEP_KINDS = [
  "setup",
  "seedAndLink",
  "edit",
  "awaitArrival",
  "settle",
  "findSingle",
  "nodeLinks",
  "observe",
  "teardown",
  "other",
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** What a top-level step of a checklist test does, from the names fixtures/scenario.ts and Playwright give them. */
export function stepKind(name: string): StepKind {
  if (name === "Before Hooks") return "setup";
  if (name === "After Hooks") return "teardown";
  if (name.startsWith("seed ")) return "seedAndLink";
  if (name.startsWith("edit ")) return "edit";
  if (name.startsWith("expect exactly one ")) return "findSingle";
  if (name.startsWith("expect the node to ")) return "nodeLinks";
  if (/^expect .* to become /.test(name)) return "awaitArrival";
  if (/^expect .* to stay /.test(name)) return "settle";
  if (name.startsWith("let the sync see ")) return "observe";
  return "other";
}

export interface ChecklistRunOptions {
  /** The targets' and the run's variables (the sandbox's `.env` lines, CHECKLIST, SYNC_TIMEOUT_MS, ...). */
  env: Record<string, string>;
  workers: number;
  args?: string[];
  capMs?: number;
  rss?: boolean;
  /**
   * A run with failed tests is still measured (its failures counted) instead of ending the bench: a flaky test
   * should not cost a long bench; the table shows the count.
   */
  allowFailures?: boolean;
}

export async function runChecklist(options: ChecklistRunOptions): Promise<ChecklistRun> {
  const reports = mkdtempSync(join(tmpdir(), "talk-qa-bench-"));
  try {
    const run = await runTimed(
      "playwright",
      ["test", "-c", "playwright.config.ts", "--workers", String(options.workers), ...(options.args ?? [])],
      { env: { ...options.env, TALK_QA_REPORTS_DIR: reports }, capMs: options.capMs, rss: options.rss },
    );
    const casesFile = join(reports, "cases.json");
    const cases = existsSync(casesFile) ? readCasesFile(casesFile).results : [];
    if (!run.capped && !options.allowFailures && run.code !== 0) {
      throw new Error(`checklist run failed (exit ${run.code}):\n${tail(run.output)}`);
    }
    if (!run.capped && cases.length === 0)
      throw new Error(`checklist run wrote no cases.json results:\n${tail(run.output)}`);
    const failedTests = cases.filter((result) => result.status !== "passed" && result.status !== "skipped").length;
    return { ...run, cases, failedTests, ...fromAllure(join(reports, "allure-results")) };
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
}

interface AllureTimed {
  name?: string;
  start?: number;
  stop?: number;
  steps?: AllureTimed[];
}

function fromAllure(dir: string): Pick<ChecklistRun, "executionMs" | "stepMs"> {
  const stepMs = Object.fromEntries(STEP_KINDS.map((kind) => [kind, 0])) as Record<StepKind, number>;
  let start = Infinity;
  let stop = -Infinity;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    if (!name.endsWith("-result.json")) continue;
    const result = JSON.parse(readFileSync(join(dir, name), "utf8")) as AllureTimed;
    if (typeof result.start === "number") start = Math.min(start, result.start);
    if (typeof result.stop === "number") stop = Math.max(stop, result.stop);
    for (const step of result.steps ?? []) {
      if (typeof step.start === "number" && typeof step.stop === "number")
        stepMs[stepKind(step.name ?? "")] += step.stop - step.start;
    }
  }
  return { executionMs: Number.isFinite(start) && Number.isFinite(stop) ? stop - start : null, stepMs };
}

/**
 * Playwright's own floor: `tests` trivial tests with the checklist config's workers, parallelism and reporters
 * (line, Allure, JUnit) and no global setup. Inside the project, so the spec resolves @playwright/test as the
 * harness's specs do; reports go to a temporary folder.
 */
export async function runFloor(tests: number, workers: number): Promise<TimedRun> {
  const dir = join(ROOT, "reports", "bench-floor");
  const out = mkdtempSync(join(tmpdir(), "talk-qa-bench-floor-"));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "floor.spec.ts"),
    `import { test, expect } from "@playwright/test";\nfor (let i = 0; i < ${tests}; i++) test("t" + i, () => expect(i).toBe(i));\n`,
  );
  const reporters = [
    ["line"],
    ["allure-playwright", { resultsDir: join(out, "allure-results"), suiteTitle: true }],
    ["junit", { outputFile: join(out, "junit.xml") }],
  ];
  writeFileSync(
    join(dir, "playwright.config.ts"),
    `export default ${JSON.stringify({ testDir: ".", fullyParallel: true, workers, retries: 0, outputDir: join(out, "test-results"), reporter: reporters })};\n`,
  );
  try {
    const run = await runTimed("playwright", ["test", "-c", join(dir, "playwright.config.ts")]);
    if (run.code !== 0) throw new Error(`floor run failed:\n${tail(run.output)}`);
    return run;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
