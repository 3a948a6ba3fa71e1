// `npm run report [-- <reports dir>...] [--max-failed-rows N] [--min-passed-rows N]`
// Rebuilds the reports from one run's results or merges the shards of a sharded run (each shard run with its own
// TALK_QA_REPORTS_DIR): the checklist report from every `cases.json`, the Allure report from every
// `allure-results`. Then the quality gate: exit 1 when more rows failed (or fewer passed) than allowed.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadChecklist } from "../checklist/load.ts";
import { ConfigError, loadConfig } from "../config/index.ts";
import { buildChecklistReport } from "../reporting/checklist-report.ts";
import type { CaseResult } from "../reporting/checklist-report.ts";
import { readCasesFile, writeChecklistReport } from "../reporting/write.ts";
import { generateAllureReport } from "./allure-report.ts";

const USAGE = "usage: npm run report [-- <reports dir>...] [--max-failed-rows N] [--min-passed-rows N]";

function parseArgs(argv: string[]): { dirs: string[]; maxFailed: number; minPassed: number } | string {
  const dirs: string[] = [];
  let maxFailed = 0;
  let minPassed = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--max-failed-rows" || arg === "--min-passed-rows") {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0) return `${arg} needs a whole number >= 0`;
      if (arg === "--max-failed-rows") maxFailed = value;
      else minPassed = value;
    } else if (arg.startsWith("-")) {
      return `unknown option ${arg}`;
    } else {
      dirs.push(arg);
    }
  }
  return { dirs, maxFailed, minPassed };
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === "string") {
    console.error(`talk-qa report: ${args}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const out = config.reportsDir;
  const dirs = args.dirs.length > 0 ? args.dirs : [out];
  const results: CaseResult[] = [];
  const runs = [];
  for (const dir of dirs) {
    const file = join(dir, "cases.json");
    if (!existsSync(file)) {
      console.error(`talk-qa report: ${file} does not exist (run npm run qa first)`);
      return 2;
    }
    const cases = readCasesFile(file);
    results.push(...cases.results);
    runs.push(cases.run);
  }
  const first = runs[0];
  if (!first) return 2;
  const checklists = config.checklists.map((file) => loadChecklist(file));
  const report = buildChecklistReport(checklists, results, {
    ...first,
    durationMs: Math.max(...runs.map((run) => run.durationMs)),
  });
  writeChecklistReport(out, report, results);
  const problem = await generateAllureReport(
    dirs.map((dir) => join(dir, "allure-results")),
    join(out, "allure-report"),
    `talk-qa: ${checklists.map((c) => c.title).join(", ")}`,
  );
  if (problem) console.error(`talk-qa report: the Allure report was not generated: ${problem}`);
  const { counts } = report;
  console.log(
    `rows: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped, ${counts["not run"]} not run ` +
      `(${dirs.length} result folder(s)); reports in ${out}`,
  );
  const gate: string[] = [];
  if (counts.failed > args.maxFailed) gate.push(`${counts.failed} failed rows > ${args.maxFailed} allowed`);
  if (counts.passed < args.minPassed) gate.push(`${counts.passed} passed rows < ${args.minPassed} required`);
  if (gate.length) console.error(`quality gate: FAILED: ${gate.join("; ")}`);
  return gate.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`talk-qa report: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
