// `npm run bench`: the harness's costs, measured, printed as a table and written to reports/bench.json.
//  - checklist parsing at 1,000 and 10,000 flows;
//  - overhead over Playwright's own floor: the default checklist's run vs. the same number of empty tests;
//  - requests per test, per service, against the sandbox;
//  - cost per row at 1,000 rows: planning and collecting a 1,000-row document, and running a sample of its rows.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startSandbox } from "../../emulators/sandbox.ts";
import type { Sandbox } from "../../emulators/sandbox.ts";
import { parseChecklist } from "../../support/checklist/parse.ts";
import { buildPlan } from "../../support/plan/index.ts";
import { readCasesFile } from "../../support/reporting/write.ts";
import { benchChecklistParse } from "./checklist-parse.ts";
import { rowsDocument } from "./rows-document.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const WORKERS = "2";

interface Timed {
  ms: number;
  code: number | null;
  output: string;
}

function run(command: string, args: string[], env: Record<string, string>): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, "node_modules/.bin", command), args, {
      cwd: ROOT,
      env: { ...process.env, CI: "1", TALK_QA_DOTENV: "none", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ ms: performance.now() - started, code, output }));
  });
}

async function stats(sandbox: Sandbox): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const service of ["youtrack", "poweroffice", "sesam"] as const) {
    const body = (await (await fetch(`${sandbox.urls[service]}/__admin/stats`)).json()) as { requests: number };
    out[service] = body.requests;
  }
  return out;
}

/** Playwright's own floor: `tests` empty tests in a config with no global setup, the same workers. */
async function floor(tests: number): Promise<number> {
  // Inside the project, so the spec resolves @playwright/test as the harness's specs do.
  const dir = join(ROOT, "reports", "bench-floor");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "floor.spec.ts"),
    `import { test, expect } from "@playwright/test";\nfor (let i = 0; i < ${tests}; i++) test("t" + i, () => expect(i).toBe(i));\n`,
  );
  writeFileSync(join(dir, "playwright.config.ts"), `export default { testDir: ".", workers: ${WORKERS}, reporter: "dot" };\n`);
  const result = await run("playwright", ["test", "-c", join(dir, "playwright.config.ts")], {});
  if (result.code !== 0) throw new Error(`floor run failed: ${result.output}`);
  return result.ms;
}

async function checklistRun(env: Record<string, string>, args: string[] = []) {
  const reports = mkdtempSync(join(tmpdir(), "talk-qa-bench-"));
  const result = await run("playwright", ["test", "-c", "playwright.config.ts", "--workers", WORKERS, ...args], {
    ...env,
    TALK_QA_REPORTS_DIR: reports,
  });
  const cases = readCasesFile(join(reports, "cases.json")).results.filter((c) => c.status !== "skipped");
  if (result.code !== 0) throw new Error(`checklist run failed:\n${result.output.slice(-3000)}`);
  return { ...result, tests: cases.length };
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {};
  const parse = await benchChecklistParse();
  results.parse = parse;

  // Overhead over the floor, and requests per test, on the default checklist.
  {
    const sandbox = await startSandbox({ poweroffice: { throttle: { enabled: false } } });
    try {
      const before = await stats(sandbox);
      const harness = await checklistRun({ ...sandbox.env, SYNC_TIMEOUT_MS: "10000" });
      const after = await stats(sandbox);
      const floorMs = await floor(harness.tests);
      const requests = Object.fromEntries(
        Object.entries(after).map(([service, n]) => [service, Math.round(((n - (before[service] ?? 0)) / harness.tests) * 10) / 10]),
      );
      results.defaultChecklist = {
        tests: harness.tests,
        harnessMs: Math.round(harness.ms),
        floorMs: Math.round(floorMs),
        overheadMsPerTest: Math.round((harness.ms - floorMs) / harness.tests),
        requestsPerTest: requests,
      };
    } finally {
      await sandbox.close();
    }
  }

  // 1,000 rows: plan + collection for all of them; execution of a sample of rows.
  {
    const dir = mkdtempSync(join(tmpdir(), "talk-qa-rows-"));
    const file = join(dir, "rows-1000.rst");
    const text = rowsDocument(1000);
    writeFileSync(file, text);
    const planStarted = performance.now();
    const plan = buildPlan([parseChecklist(text, file)]);
    const planMs = performance.now() - planStarted;
    const tests = plan.flatMap((flow) => flow.cases).length;
    const list = await run("playwright", ["test", "-c", "playwright.config.ts", "--list"], { CHECKLIST: file });
    if (list.code !== 0) throw new Error(`--list failed: ${list.output.slice(-2000)}`);
    const sandbox = await startSandbox({
      poweroffice: { throttle: { enabled: false } },
      sesam: { checklists: [parseChecklist(text, file)] },
    });
    try {
      const sampleRows = 20;
      const lines = plan[0]?.flow.syncedProperties.slice(0, sampleRows).map((row) => row.line) ?? [];
      const sample = await checklistRun(
        { ...sandbox.env, CHECKLIST: file, SYNC_TIMEOUT_MS: "20000" },
        ["--grep", `\\(line (${lines.join("|")})\\): an edit`],
      );
      results.thousandRows = {
        rows: 1000,
        tests,
        planMs: Math.round(planMs),
        listMs: Math.round(list.ms),
        listMsPerRow: Math.round((list.ms / 1000) * 100) / 100,
        sampledRows: lines.length,
        sampledTests: sample.tests,
        runMsPerTest: Math.round(sample.ms / sample.tests),
        runMsPerRow: Math.round(sample.ms / lines.length),
      };
    } finally {
      await sandbox.close();
    }
  }

  mkdirSync(join(ROOT, "reports"), { recursive: true });
  writeFileSync(join(ROOT, "reports", "bench.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
