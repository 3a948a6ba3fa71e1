// Items 4 and 6 of issue 14: time per row of generated documents with more and more synced rows, with 1 and 2
// workers, PowerOffice's rate limit off (the emulator's and the clients'). A whole 1,000-row run would take hours
// at today's cost per test, so each run executes a fixed sample: every test of the same first rows of each flow
// (`sampleRows` in all), while Playwright still collects and plans the whole document. The whole run is estimated
// as the sample run with its test execution (first test's start to last test's end) scaled from the sampled rows
// to all of them:
//   estimatedRunMs = sampleRunMs + executionMs x (rows / sampleRows - 1);  msPerRow = estimatedRunMs / rows
// so start-up, collection, planning, global setup and teardown count once per run, as in a real one. Tests that
// stand for no row (merge rules, Talk rules, the flow statements) are left out of the sample.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startSandbox } from "../../emulators/sandbox.ts";
import { parseChecklist } from "../../support/checklist/parse.ts";
import { buildPlan } from "../../support/plan/index.ts";
import { runChecklist } from "./checklist-run.ts";
import { runTimed, tail, type PeakRss } from "./proc.ts";
import { rowsDocument } from "./rows-document.ts";
import { round, summarize, type Summary } from "./summary.ts";

export interface ScaleCell {
  msPerRow: Summary;
  sampleRunMs: Summary;
  executionMs: Summary;
  estimatedRunMs: Summary;
  sampledTests: number;
  /** Sampled tests that failed (the most over the runs). */
  failedTests: number;
}

export interface ScaleSize {
  rows: number;
  tests: number;
  sampledRows: number;
  /** Planning the whole document in process, and `playwright test --list` of it (start-up, collection). */
  planMs: number;
  listMs: number;
  workers: Record<string, ScaleCell>;
}

export interface ScaleResult {
  method: string;
  sizes: ScaleSize[];
  /** At the largest size: the `--list` run's runner, and the sample run's runner and largest worker. */
  peakRss: (PeakRss & { rows: number }) | null;
}

const METHOD =
  "each run executes every test of a fixed sample of rows (the first rows of each flow) while collecting the whole " +
  "document; estimatedRunMs = sampleRunMs + executionMs x (rows / sampledRows - 1); msPerRow = estimatedRunMs / rows";

export async function benchScale(
  options: { sizes: number[]; workers: number[]; sampleRows: number; runs: number },
  log: (line: string) => void,
): Promise<ScaleResult> {
  const dir = mkdtempSync(join(tmpdir(), "talk-qa-bench-rows-"));
  const sizes: ScaleSize[] = [];
  let peakRss: ScaleResult["peakRss"] = null;
  const largest = Math.max(...options.sizes);
  try {
    for (const rows of options.sizes) {
      const file = join(dir, `rows-${rows}.rst`);
      const text = rowsDocument(rows);
      writeFileSync(file, text);
      const planStarted = performance.now();
      const checklist = parseChecklist(text, file);
      const plan = buildPlan([checklist]);
      const planMs = performance.now() - planStarted;
      const tests = plan.reduce((sum, flow) => sum + flow.cases.length, 0);
      const list = await runTimed("playwright", ["test", "-c", "playwright.config.ts", "--list"], {
        env: { CHECKLIST: file },
        rss: rows === largest,
      });
      if (list.code !== 0) throw new Error(`--list of ${rows} rows failed:\n${tail(list.output)}`);
      const perFlow = Math.max(1, Math.floor(options.sampleRows / plan.length));
      const lines = plan.flatMap((flow) => flow.flow.syncedProperties.slice(0, perFlow).map((row) => row.line));
      const grep = `\\(line (${lines.join("|")})\\): `;
      const size: ScaleSize = {
        rows,
        tests,
        sampledRows: lines.length,
        planMs: Math.round(planMs),
        listMs: Math.round(list.ms),
        workers: {},
      };
      for (const workers of options.workers) {
        const samples: { ms: number; executionMs: number; tests: number; failed: number }[] = [];
        for (let i = 0; i < options.runs; i++) {
          const sandbox = await startSandbox({
            poweroffice: { throttle: { enabled: false } },
            sesam: { checklists: [checklist], log: () => {} },
          });
          try {
            const rss = rows === largest && workers === Math.max(...options.workers);
            const run = await runChecklist({
              env: { ...sandbox.env, CHECKLIST: file },
              workers,
              args: ["--grep", grep],
              rss,
              allowFailures: true,
            });
            if (run.executionMs === null) throw new Error(`${rows} rows: the sample run left no Allure results`);
            samples.push({
              ms: run.ms,
              executionMs: run.executionMs,
              tests: run.cases.length,
              failed: run.failedTests,
            });
            if (rss && run.rss) {
              peakRss = {
                rows,
                runnerMb: Math.max(run.rss.runnerMb, list.rss?.runnerMb ?? 0),
                largestWorkerMb: run.rss.largestWorkerMb,
              };
            }
            log(
              `scale ${rows} rows, ${workers} worker(s), run ${i + 1}/${options.runs}: ${run.cases.length} tests in ${Math.round(run.ms)} ms` +
                (run.failedTests ? `, ${run.failedTests} FAILED` : ""),
            );
          } finally {
            await sandbox.close();
          }
        }
        const estimated = samples.map((s) => s.ms + s.executionMs * (rows / lines.length - 1));
        size.workers[String(workers)] = {
          msPerRow: summarize(
            estimated.map((ms) => ms / rows),
            1,
          ),
          sampleRunMs: summarize(samples.map((s) => s.ms)),
          executionMs: summarize(samples.map((s) => s.executionMs)),
          estimatedRunMs: summarize(estimated),
          sampledTests: samples[0]?.tests ?? 0,
          failedTests: Math.max(...samples.map((s) => s.failed)),
        };
      }
      log(`scale ${rows} rows: ${tests} tests, --list ${Math.round(list.ms)} ms, plan ${round(planMs)} ms`);
      sizes.push(size);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { method: METHOD, sizes, peakRss };
}
