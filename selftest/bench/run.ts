// `npm run bench` (full) and `npm run bench:quick`: the harness's costs as issue 14 asks for them, printed as a
// table and written to reports/bench.json (report.ts lists the keys). Timings are never asserted anywhere; the
// targets in the table are the issue's, for a reader to compare.
//  - parse: checklist parsing at 1,000 and 10,000 flows;
//  - default: the default checklist beside its floor (same tests, workers, reporters), repeated; requests per
//    test by service and kind; sync passes per test against what each needs, and per run;
//  - syncWait: a pass with nothing to sync on a node with realistic pipe run times, and how long after the last
//    run's end the driver returns;
//  - realistic: the default checklist against that node, beside the lower bound;
//  - scale: time per row at 50, 200 and 1,000 rows with 1 and 2 workers, and peak RSS at 1,000.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ROOT } from "../trust/harness.ts";
import { benchChecklistParse } from "./checklist-parse.ts";
import { benchDefaultChecklist } from "./default-run.ts";
import { parseBenchArgs, type BenchOptions } from "./options.ts";
import { benchRealisticNode } from "./realistic.ts";
import { buildReport, type BenchMeta, type Measured } from "./report.ts";
import { benchScale } from "./scale.ts";
import { measureSyncWait } from "./sync-wait.ts";
import { benchRows, renderTable } from "./table.ts";

const log = (line: string) => console.log(`bench: ${line}`);

function commit(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return "unknown";
  }
}

/** Measures the sections asked for, in order; `done` after each, so a long bench leaves what it measured so far. */
async function measure(options: BenchOptions, done: (measured: Measured) => void): Promise<Measured> {
  const measured: Measured = {};
  const wants = (section: BenchOptions["sections"][number]) => options.sections.includes(section);
  if (wants("parse")) measured.parse = await benchChecklistParse();
  if (wants("default")) {
    measured.defaultChecklist = await benchDefaultChecklist(options.runs, options.workers, log);
    done(measured);
  }
  // The realistic node's lower bound stands on the pass time measured here.
  if (wants("syncWait") || wants("realistic")) {
    measured.syncWait = [];
    for (const { runDurationMs, passes } of options.realistic) {
      const result = await measureSyncWait(runDurationMs, passes);
      log(
        `sync wait at ${runDurationMs} ms per pipe: a pass ${result.passMs.median} ms, overhead ${result.overheadMs.median} ms`,
      );
      measured.syncWait.push(result);
    }
    done(measured);
  }
  if (wants("realistic")) {
    measured.realistic = [];
    for (const [i, { runs }] of options.realistic.entries()) {
      const pass = measured.syncWait?.[i];
      if (!pass) throw new Error("bench: no pass time for the realistic node");
      measured.realistic.push(
        await benchRealisticNode(pass, { runs, workers: options.realisticWorkers, capFactor: options.capFactor }, log),
      );
      done(measured);
    }
  }
  if (wants("scale")) measured.scale = await benchScale(options.scale, log);
  return measured;
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  // The plan's case ids carry the checklist path as the harness is given it (relative to the project).
  process.chdir(ROOT);
  const startedAt = new Date();
  const started = performance.now();
  log(
    `${options.mode} bench of ${options.sections.join(", ")} (${cpus().length} CPUs); figures follow as they are measured`,
  );
  const file = join(ROOT, "reports", "bench.json");
  const write = (measured: Measured, complete: boolean) => {
    const meta: BenchMeta = {
      mode: options.mode,
      command: ["npm run bench", ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : [])].join(" "),
      commit: commit(),
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      complete,
      node: process.version,
      cpus: cpus().length,
    };
    const report = buildReport(meta, measured);
    mkdirSync(join(ROOT, "reports"), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    return report;
  };
  const report = write(await measure(options, (so) => write(so, false)), true);
  const { meta } = report;
  rmSync(join(ROOT, "reports", "bench-floor"), { recursive: true, force: true });
  console.log(`\n${renderTable(benchRows(report))}\n`);
  console.log(
    `bench: ${meta.command} at ${meta.commit} took ${Math.round(meta.durationMs / 1000)} s; written to ${file}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error && error.message.startsWith("bench: ") ? error.message : error);
  process.exit(1);
});
