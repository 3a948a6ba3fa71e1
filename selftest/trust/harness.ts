// Runs the checklist specs as a user would (a Playwright subprocess) against a sandbox this process hosts, so a
// test can set the sandbox's defects and faults and look into its stores before, during and after the run.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../../emulators/sandbox.ts";
import type { Sandbox, SandboxOptions } from "../../emulators/sandbox.ts";
import { loadChecklist } from "../../support/checklist/load.ts";
import type { CaseResult } from "../../support/reporting/checklist-report.ts";
import { readCasesFile } from "../../support/reporting/write.ts";
import { RUN_TAG_PATTERN } from "../../support/run/run-id.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const DEFAULT_CHECKLIST = "checklists/youtrack-powerofficego.rst";
export const EXTENDED_CHECKLIST = "selftest/trust/fixtures/extended.rst";
/** The checklists the defect oracles cover: the default one and the extended fixture (more flows and types). */
export const RULE_CHECKLISTS = [DEFAULT_CHECKLIST, EXTENDED_CHECKLIST];
const OWNED = /^(YOUTRACK|POWEROFFICE|SESAM|SYNC|SANDBOX|TALK_QA|CHECKLIST|RELEASE)_?/;

/** The user's environment without any harness setting (a developer's .env or shell must not leak in). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OWNED.test(name)));
  // The sandboxes here do not rate-limit unless a test says so; the clients need not either.
  return { ...env, CI: "1", TALK_QA_DOTENV: "none", FORCE_COLOR: "0", POWEROFFICE_RATE_LIMIT: "1000", ...extra };
}

export interface SpecRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  reportsDir: string;
  cases: CaseResult[];
}

export interface StartedRun {
  child: ChildProcess;
  reportsDir: string;
  done: Promise<SpecRun>;
}

/** Starts `playwright test` on the checklist specs in its own process group (so a test can signal all of it). */
export function startSpecs(env: Record<string, string>, args: string[] = [], command = "playwright"): StartedRun {
  const reportsDir = mkdtempSync(join(tmpdir(), "talk-qa-trust-"));
  const argv = command === "playwright" ? ["test", "-c", "playwright.config.ts", ...args] : args;
  const child = spawn(join(ROOT, "node_modules/.bin", command), argv, {
    cwd: ROOT,
    env: cleanEnv({ TALK_QA_REPORTS_DIR: reportsDir, ...env }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<SpecRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const file = join(reportsDir, "cases.json");
      const cases = existsSync(file) ? readCasesFile(file).results : [];
      resolve({ code, signal, output, reportsDir, cases });
    });
  });
  return { child, reportsDir, done };
}

export const runSpecs = (env: Record<string, string>, args: string[] = []) => startSpecs(env, args).done;

/** Runs a harness CLI (`qa`, `sweep`, ...) through tsx, as `npm run <name>` would. */
export function runCli(script: string, args: string[], env: Record<string, string>): Promise<SpecRun> {
  return startSpecs(env, [join(ROOT, script), ...args], "tsx").done;
}

/**
 * A sandbox for one trust check. PowerOffice reads lag as the real replica does unless `lag: false` (a check that is
 * about the sync's rules, not the replica, runs faster without it; the whole-checklist runs and the chaos keep it).
 */
export async function withSandbox<T>(
  options: Partial<SandboxOptions> & { lag?: boolean },
  body: (sandbox: Sandbox) => Promise<T>,
): Promise<T> {
  const { lag = true, ...rest } = options;
  const sandbox = await startSandbox({
    ...rest,
    poweroffice: { throttle: { enabled: false }, ...(lag ? {} : { readLagMs: 0 }), ...rest.poweroffice },
  });
  try {
    return await body(sandbox);
  } finally {
    await sandbox.close();
  }
}

/** What the sandboxes' Sesam nodes logged (late writes that found their record gone, ...), kept out of the test output. */
export const nodeLog: string[] = [];

/** The sandbox options that sync a set of checklists. */
export function syncing(
  files: string[],
  defects: string[] = [],
  extra: Record<string, unknown> = {},
): Partial<SandboxOptions> {
  const checklists = files.map((file) => loadChecklist(join(ROOT, file)));
  return { sesam: { checklists, defects, log: (line: string) => nodeLog.push(line), ...extra } };
}

/** A `--grep` that selects exactly these tests of the plan (by document and title). */
export function grepFor(tests: { file: string; title: string }[]): string {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return tests.map((t) => `\\(${escape(basename(t.file))}\\) .*${escape(t.title)}`).join("|");
}

/** Records in the tenants' stores that carry a run tag. */
export async function taggedRecords(sandbox: Sandbox): Promise<string[]> {
  const found: string[] = [];
  for (const service of ["youtrack", "poweroffice"] as const) {
    const store = (await (await fetch(`${sandbox.urls[service]}/__admin/store`)).json()) as Record<string, unknown[]>;
    for (const [kind, records] of Object.entries(store)) {
      for (const record of records) {
        const text = JSON.stringify(record);
        if (RUN_TAG_PATTERN.test(text)) found.push(`${service} ${kind}: ${text.slice(0, 160)}`);
      }
    }
  }
  return found;
}

/** What an emulator counted: requests per route, faults applied. */
export interface AdminStats {
  byRoute: Record<string, number>;
  faults: Record<string, number>;
}

export async function adminStats(url: string | undefined): Promise<AdminStats> {
  if (!url) throw new Error("adminStats: the sandbox does not run that service");
  return (await (await fetch(`${url}/__admin/stats`)).json()) as AdminStats;
}

/** The run's tests that neither passed nor were skipped, each with what it said. */
export function failedTests(run: SpecRun): string[] {
  return run.cases
    .filter((c) => c.status !== "passed" && c.status !== "skipped")
    .map((c) => `${caseKey(c)}: ${c.detail}`);
}

/** Requests that change a tenant (anything but GET, the token request aside), by route. */
export async function tenantWrites(sandbox: Sandbox): Promise<string[]> {
  const writes: string[] = [];
  for (const service of ["youtrack", "poweroffice"] as const) {
    const stats = await adminStats(sandbox.urls[service]);
    for (const [route, count] of Object.entries(stats.byRoute)) {
      if (!route.startsWith("GET ") && !/OAuth\/Token/i.test(route)) writes.push(`${service} ${route} x${count}`);
    }
  }
  return writes;
}

/** A stable name for a test of the plan: document, kind, row line, edited side. */
export function caseKey(result: CaseResult): string {
  return `${basename(result.ref.file)}:${result.ref.kind}:${result.ref.line}:${result.ref.edited ?? "-"}`;
}

/** Every file under a folder, for a search for secrets. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
