// `npm run report [-- <reports dir>...] [--max-failed-rows N] [--min-passed-rows N] [--summary <file>]`
// Rebuilds the reports from one run's results or merges the shards of a sharded run (each shard run with its own
// TALK_QA_REPORTS_DIR): the checklist report from every `cases.json`, the Allure report from every
// `allure-results`. Then the quality gate: exit 1 when more rows failed (or fewer passed) than allowed. The
// verdict goes into checklist.md, quality-gate.json and the Allure report; `--summary` appends the gate and the
// ticked checklist to a file (CI: "$GITHUB_STEP_SUMMARY").
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadChecklist } from "../checklist/load.ts";
import { loadConfig } from "../config/index.ts";
import { buildChecklistReport } from "../reporting/checklist-report.ts";
import type { CaseResult } from "../reporting/checklist-report.ts";
import { gateLine, judgeRows, renderGateMarkdown, withAllureVerdict } from "../reporting/quality-gate.ts";
import { readCasesFile, writeChecklistReport } from "../reporting/write.ts";
import { buildAllureReport } from "./allure-report.ts";
import { parseCommandLine, runCli, UsageError } from "./run-cli.ts";

const USAGE =
  "usage: npm run report [-- <reports dir>...] [--max-failed-rows N] [--min-passed-rows N] [--summary <file>]";

function parse(
  argv: string[],
): { dirs: string[]; maxFailed: number; minPassed: number; summary: string | null } | "help" {
  const { values, positionals } = parseCommandLine({
    args: argv,
    allowPositionals: true,
    options: {
      summary: { type: "string" },
      "max-failed-rows": { type: "string", default: "0" },
      "min-passed-rows": { type: "string", default: "0" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  const count = (flag: "max-failed-rows" | "min-passed-rows") => {
    const value = Number(values[flag]);
    if (!/^\d+$/.test(values[flag]))
      throw new UsageError(`--${flag} needs a whole number >= 0 (got "${values[flag]}")`);
    return value;
  };
  if (values.summary === "") throw new UsageError('--summary needs a file (in CI: "$GITHUB_STEP_SUMMARY")');
  return {
    dirs: positionals,
    maxFailed: count("max-failed-rows"),
    minPassed: count("min-passed-rows"),
    summary: values.summary ?? null,
  };
}

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args === "help") {
    console.log(USAGE);
    return 0;
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
  // Each shard has its own run id (and its own records' tag); the merged report names them all.
  const runIds = [...new Set(runs.map((run) => run.runId).filter((id): id is string => id !== null))];
  const report = buildChecklistReport(checklists, results, {
    ...first,
    runId: runIds.length > 0 ? runIds.join(", ") : null,
    startedAt: runs.map((run) => run.startedAt).sort()[0] ?? first.startedAt,
    durationMs: Math.max(...runs.map((run) => run.durationMs)),
  });
  writeChecklistReport(out, report, results);
  const limits = { maxFailedRows: args.maxFailed, minPassedRows: args.minPassed };
  let verdict = judgeRows(report, limits);
  const allure = await buildAllureReport(
    dirs.map((dir) => join(dir, "allure-results")),
    join(out, "allure-report"),
    `talk-qa: ${checklists.map((c) => c.title).join(", ")}`,
    { gate: limits, variables: { "Quality gate (checklist rows)": gateLine(verdict) } },
  );
  if (allure.problem) console.error(`talk-qa report: the Allure report was not generated: ${allure.problem}`);
  else verdict = withAllureVerdict(verdict, allure.gate);
  const gateMarkdown = renderGateMarkdown(verdict);
  const ticked = readFileSync(join(out, "checklist.md"), "utf8");
  // The summary opens with the verdict; checklist.md keeps the document's order and ends with it.
  if (args.summary) appendFileSync(args.summary, `${gateMarkdown}\n${ticked}`);
  writeFileSync(join(out, "checklist.md"), `${ticked}\n${gateMarkdown}`);
  writeFileSync(join(out, "quality-gate.json"), `${JSON.stringify(verdict, null, 2)}\n`);
  const { counts } = report;
  console.log(
    `rows: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped, ${counts["not run"]} not run ` +
      `(${dirs.length} result folder(s)); reports in ${out}`,
  );
  if (verdict.passed) console.log(`quality gate: ${gateLine(verdict)}`);
  else console.error(`quality gate: ${gateLine(verdict)}`);
  return verdict.passed ? 0 : 1;
}

runCli("talk-qa report", USAGE, main);
