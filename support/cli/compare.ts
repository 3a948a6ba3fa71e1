// `npm run compare -- <old.rst> <new.rst> [--markdown | --json | --grep] [--run [-- qa options]]`
// What changed between two generations of a dataflow document: flows and rows added, removed and changed (data
// type, merge property, flags, renamed systems and flows), as text (default), Markdown or JSON; `--grep` prints
// only the Playwright grep that selects the new document's changed rows; `--run` runs them (`npm run qa`).
import { loadChecklist } from "../checklist/load.ts";
import { compareChecklists } from "../compare/diff.ts";
import { grepForLines } from "../compare/grep.ts";
import { renderMarkdown, renderText } from "../compare/render.ts";
import { parseCommandLine, runCli, splitAtDashDash, UsageError } from "./run-cli.ts";
import { runTool } from "./spawn.ts";

const USAGE = `usage: npm run compare -- <old.rst> <new.rst> [--markdown | --json | --grep] [--run [-- qa options]]
  (default)   the changes as text, and the command that runs the changed rows
  --markdown  the same as Markdown (for a pull request or a job summary)
  --json      the changes as JSON
  --grep      only the Playwright grep selecting the new document's changed rows (empty when none)
  --run       run those tests now: npm run qa with CHECKLIST=<new.rst> and the grep (options after -- go to qa)`;

function parse(argv: string[]) {
  const { own, passed: qaOptions } = splitAtDashDash(argv);
  const parsed = parseCommandLine({
    args: own,
    allowPositionals: true,
    options: {
      markdown: { type: "boolean" },
      json: { type: "boolean" },
      grep: { type: "boolean" },
      run: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const { values, positionals } = parsed;
  if (values.help) return "help" as const;
  if (positionals.length !== 2) throw new UsageError(`expected two documents, got ${positionals.length}`);
  const formats = [values.markdown, values.json, values.grep].filter(Boolean).length;
  if (formats > 1) throw new UsageError("choose one of --markdown, --json, --grep");
  if (qaOptions.length > 0 && !values.run) throw new UsageError("options after -- go to qa, with --run only");
  const format = values.markdown ? "markdown" : values.json ? "json" : values.grep ? "grep" : "text";
  return {
    oldFile: positionals[0] as string,
    newFile: positionals[1] as string,
    format,
    run: values.run ?? false,
    qaOptions,
  };
}

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args === "help") {
    console.log(USAGE);
    return 0;
  }
  const diff = compareChecklists(loadChecklist(args.oldFile), loadChecklist(args.newFile));
  const grep = grepForLines(diff.new.file, diff.changedLines);
  if (args.format === "json") console.log(JSON.stringify({ ...diff, grep }, null, 2));
  else if (args.format === "markdown") process.stdout.write(renderMarkdown(diff));
  else if (args.format === "grep") console.log(grep ?? "");
  else process.stdout.write(renderText(diff));
  if (!args.run) return 0;
  if (!grep) {
    console.error("talk-qa compare: nothing to run (no row of the new document checks anything that changed)");
    return 0;
  }
  return runTool("tsx", ["support/cli/qa.ts", "--grep", grep, ...args.qaOptions], {
    ...process.env,
    CHECKLIST: args.newFile,
  });
}

runCli("talk-qa compare", USAGE, main);
