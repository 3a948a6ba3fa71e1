// `npm run qa [-- --dry-run] [playwright options]`: the main job. Validates the configuration and the
// checklists (one-line errors, exit 2, nothing written anywhere), runs the checklist specs (against the
// embedded sandbox unless the service URLs are set), then renders the reports. Exit 1 when a row failed.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { loadChecklist } from "../checklist/load.ts";
import { loadConfig } from "../config/index.ts";
import { buildPlan } from "../plan/index.ts";
import { assertInScope } from "../plan/scope.ts";
import { timeoutForNode } from "../preflight/pass-time.ts";
import { preflight } from "../preflight/preflight.ts";
import { parseCommandLine, runCli } from "./run-cli.ts";
import { runTool } from "./spawn.ts";

const USAGE = `usage: npm run qa [-- --dry-run] [playwright test options, e.g. --grep @sync --workers 4 --shard 1/3]
  --dry-run   validate the configuration and the checklists, list the tests and why any is skipped,
              check the configured targets read-only; start nothing, write nothing`;

async function main(argv: string[]): Promise<number> {
  // Its own options; every other goes to playwright test as given.
  const { values, tokens } = parseCommandLine({
    args: argv,
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: { "dry-run": { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const dryRun = values["dry-run"] === true;
  const own = new Set(
    tokens
      .filter((token) => token.kind === "option" && (token.name === "dry-run" || token.name === "help"))
      .map((token) => token.index),
  );
  const passThrough = argv.filter((_arg, index) => !own.has(index));

  const config = loadConfig();
  const checklists = config.checklists.map((file) => loadChecklist(file));
  for (const checklist of checklists) assertInScope(checklist);
  const plan = buildPlan(checklists);

  if (dryRun) {
    for (const planned of plan) {
      console.log(`${planned.checklist.file}:${planned.flow.line}: ${planned.flow.title}`);
      for (const c of planned.cases)
        console.log(`  ${c.skip ? "skip" : "run "}  ${c.title}${c.skip ? `\n          because ${c.skip}` : ""}`);
    }
    const cases = plan.flatMap((planned) => planned.cases);
    const runnable = cases.filter((c) => c.skip === null).length;
    console.log(`\n${cases.length} tests: ${runnable} to run, ${cases.length - runnable} skipped with a reason.`);
    if (config.targets) {
      const profile = await preflight(config.targets);
      console.log("preflight: every target answered, credentials accepted, every pipe present.");
      const chosen = await timeoutForNode(
        config,
        config.targets,
        profile.pipes.map((pipe) => pipe.id),
      );
      if (chosen) console.log(chosen.line);
    } else {
      console.log("targets: none configured; `npm run qa` would start the embedded sandbox.");
    }
    return 0;
  }

  // Configured targets are checked here too (global setup checks again), so a refusal is one line, not a stack.
  if (config.targets) await preflight(config.targets);

  const reports = config.reportsDir;
  const sharded = passThrough.some((arg) => arg.startsWith("--shard"));
  if (!sharded) {
    for (const name of [
      "allure-results",
      "allure-report",
      "test-results",
      "checklist.md",
      "checklist.json",
      "cases.json",
      "junit.xml",
    ]) {
      rmSync(join(reports, name), { recursive: true, force: true });
    }
  }
  const code = await runTool("playwright", ["test", "-c", "playwright.config.ts", ...passThrough]);
  const title = `talk-qa: ${checklists.map((c) => c.title).join(", ")}`;
  // Loaded only here: Allure's modules take most of the CLI's start-up, which a bad input (one line, exit 2) or a
  // dry run never needs.
  const { generateAllureReport } = await import("./allure-report.ts");
  const problem = await generateAllureReport([join(reports, "allure-results")], join(reports, "allure-report"), title);
  if (problem) console.error(`talk-qa: the Allure report was not generated: ${problem}`);
  console.log(
    `\nReports: ${join(reports, "checklist.md")} (the checklist, ticked), ${join(reports, "allure-report", "index.html")}, ${join(reports, "junit.xml")}`,
  );
  return code;
}

runCli("talk-qa", USAGE, main);
