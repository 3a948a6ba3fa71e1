// `npm run rehearse [-- --shards N] [--out DIR] [--max-failed-rows N] [--min-passed-rows N] [--check-unsharded]
//  [-- qa options]`: the release workflow's steps (.github/workflows/talk-qa.yml) on one machine, so a user can try
// the CI before pushing it: one `npm run sandbox` on free ports standing for the sandbox tenants, the shards as
// parallel `npm run qa -- --shard i/N` with their own reports folders, the merge and the gate (`npm run report`),
// the job summary (a file standing for $GITHUB_STEP_SUMMARY) and the sweep. The Allure history stays in the
// output folder between rehearsals, as the workflow's cache carries it between runs.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { npmRun, startSandbox } from "../rehearse/processes.ts";
import type { NpmRun, RunningSandbox } from "../rehearse/processes.ts";
import { checkChecklist, sandboxFlags, shardEnvironment } from "../rehearse/environment.ts";
import { readRowVerdicts, verdictDifferences } from "../rehearse/verdicts.ts";
import { parseCommandLine, runCli, splitAtDashDash, UsageError } from "./run-cli.ts";

const USAGE = `usage: npm run rehearse [-- --shards N] [--out DIR] [--max-failed-rows N] [--min-passed-rows N]
                        [--check-unsharded] [-- qa options, e.g. --grep @sync]
  --shards N          shards run in parallel (default 2)
  --out DIR           where everything goes (default reports/rehearsal); its allure-history.jsonl is kept
  --max-failed-rows   the gate (default 0), --min-passed-rows (default 0)
  --check-unsharded   also run once unsharded and check that the merged shards give the same rows and verdicts
SANDBOX_* variables become npm run sandbox flags (e.g. SANDBOX_DEFECTS=lowercase-values); .env is not read.`;

const HISTORY = "allure-history.jsonl";
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function parse(argv: string[]) {
  const { own, passed: qaOptions } = splitAtDashDash(argv);
  const { values } = parseCommandLine({
    args: own,
    options: {
      shards: { type: "string", default: "2" },
      out: { type: "string", default: join("reports", "rehearsal") },
      "max-failed-rows": { type: "string", default: "0" },
      "min-passed-rows": { type: "string", default: "0" },
      "check-unsharded": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help" as const;
  const count = (flag: string, raw: string, least: number) => {
    if (!/^\d+$/.test(raw) || Number(raw) < least)
      throw new UsageError(`--${flag}: expected a whole number >= ${least}, got "${raw}"`);
    return Number(raw);
  };
  return {
    shards: count("shards", values.shards, 1),
    out: values.out,
    maxFailedRows: count("max-failed-rows", values["max-failed-rows"], 0),
    minPassedRows: count("min-passed-rows", values["min-passed-rows"], 0),
    checkUnsharded: values["check-unsharded"],
    qaOptions,
  };
}

/** Empties the output folder but for the Allure history, which the next report reads and extends. */
function prepare(out: string): void {
  mkdirSync(join(out, "logs"), { recursive: true });
  for (const entry of readdirSync(out)) {
    if (entry !== HISTORY && entry !== "logs") rmSync(join(out, entry), { recursive: true, force: true });
  }
  for (const entry of readdirSync(join(out, "logs"))) rmSync(join(out, "logs", entry), { force: true });
}

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args === "help") {
    console.log(USAGE);
    return 0;
  }
  checkChecklist(process.env);
  const flags = sandboxFlags(process.env);
  const { out, shards } = args;
  prepare(out);
  const started = Date.now();
  const steps: Record<string, { exit: number; ms: number }> = {};
  // Every child (sandbox, shards, merge, sweep) runs in its own process group: stopping the rehearsal stops them.
  const running = new Set<NpmRun>();
  const abort = (signal: NodeJS.Signals) => {
    for (const run of running) run.stop(signal);
    void Promise.all([...running].map((run) => run.done)).finally(() => process.exit(130));
  };
  process.once("SIGINT", () => abort("SIGINT"));
  process.once("SIGTERM", () => abort("SIGTERM"));

  const step = async (name: string, script: string, scriptArgs: string[], env: NodeJS.ProcessEnv): Promise<number> => {
    const begun = Date.now();
    const run = npmRun(script, scriptArgs, env, join(out, "logs", `${name.replace(/\W+/g, "-")}.log`));
    running.add(run);
    const exit = await run.done;
    running.delete(run);
    steps[name] = { exit, ms: Date.now() - begun };
    console.log(
      `  ${name.padEnd(12)} npm run ${script}${scriptArgs.length ? ` -- ${scriptArgs.join(" ")}` : ""}: exit ${exit} in ${seconds(Date.now() - begun)}`,
    );
    return exit;
  };

  console.log(`talk-qa rehearse: the CI workflow's steps on this machine, ${shards} shard(s), into ${out}`);
  const sandboxStarted = Date.now();
  const sandbox: RunningSandbox = await startSandbox(flags, join(out, "logs", "sandbox.log"), running);
  console.log(
    `  sandbox      npm run sandbox -- <free ports>${flags.length ? ` ${flags.join(" ")}` : ""}: ready in ${seconds(Date.now() - sandboxStarted)}`,
  );
  let code: number;
  try {
    // The shards share the sandbox's PowerOffice subscription key, as CI's shards share the real one: each gets its part.
    const limit = Number(process.env.POWEROFFICE_RATE_LIMIT ?? 10);
    const env = (reports: string, share = 1) =>
      shardEnvironment(process.env, sandbox.env, {
        TALK_QA_REPORTS_DIR: reports,
        POWEROFFICE_RATE_LIMIT: String(Math.max(1, Math.floor(limit / share))),
      });
    const shardDirs = Array.from({ length: shards }, (_, i) => join(out, `shard-${i + 1}`));
    await Promise.all(
      shardDirs.map((dir, i) =>
        step(`shard ${i + 1}/${shards}`, "qa", [`--shard=${i + 1}/${shards}`, ...args.qaOptions], env(dir, shards)),
      ),
    );
    const summary = join(out, "step-summary.md");
    writeFileSync(summary, "");
    const gate = [`--max-failed-rows`, String(args.maxFailedRows), `--min-passed-rows`, String(args.minPassedRows)];
    code = await step("merge+gate", "report", [...shardDirs, ...gate, "--summary", summary], env(out));

    // The sweep job: every shard's ledger in one place, then the run's leftovers by ledger and by tag.
    mkdirSync(join(out, ".ledger"), { recursive: true });
    for (const dir of shardDirs) {
      const ledger = join(dir, ".ledger");
      if (!existsSync(ledger)) continue;
      for (const file of readdirSync(ledger)) copyFileSync(join(ledger, file), join(out, ".ledger", file));
    }
    const swept = await step("sweep", "sweep", ["--older-than", "0m"], env(out));
    if (swept !== 0 && code === 0) code = 1;

    let identical: boolean | null = null;
    if (args.checkUnsharded) {
      await step("unsharded", "qa", args.qaOptions, env(join(out, "unsharded")));
      const differences = verdictDifferences(
        readRowVerdicts(join(out, "unsharded", "checklist.json")),
        readRowVerdicts(join(out, "checklist.json")),
      );
      identical = differences.length === 0;
      if (identical) console.log("  verdicts     the merged shards and the unsharded run agree on every row and test");
      else
        console.error(
          `  verdicts     the merged shards differ from the unsharded run:\n    ${differences.join("\n    ")}`,
        );
      if (!identical && code === 0) code = 1;
    }
    const wallMs = Date.now() - started;
    writeFileSync(
      join(out, "rehearsal.json"),
      `${JSON.stringify({ shards, wallMs, steps, identical, exit: code }, null, 2)}\n`,
    );
    console.log(
      `talk-qa rehearse: ${code === 0 ? "passed" : "FAILED"} in ${seconds(wallMs)}; job summary ${summary}, ` +
        `report ${join(out, "allure-report", "index.html")}, history ${join(out, HISTORY)}, logs ${join(out, "logs")}`,
    );
  } finally {
    await sandbox.stop();
  }
  return code;
}

runCli("talk-qa rehearse", USAGE, main);
