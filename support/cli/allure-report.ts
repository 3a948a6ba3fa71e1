import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { AllureReport, readConfig } from "@allurereport/core";
import { evaluateAllureGate } from "../reporting/allure-gate.ts";
import type { AllureGateResult } from "../reporting/allure-gate.ts";

export interface AllureReportOptions {
  /** The row gate's limits (`npm run report`); default: allurerc.mjs's own (no failed row). */
  gate?: { maxFailedRows: number; minPassedRows: number };
  /** Shown in the report's header (Allure "variables"), e.g. the gate's verdict. */
  variables?: Record<string, string>;
  /** The history file; default `allure-history.jsonl` beside the report folder (as allurerc.mjs says). */
  historyPath?: string;
}

export interface AllureReportOutcome {
  /** Why no report was written; null when it was. */
  problem: string | null;
  /** Allure's own quality-gate results (allurerc.mjs rules), as the report shows them. */
  gate: AllureGateResult[];
}

/** Renders the Allure 3 HTML report from one or more results folders (shards merge here). */
export async function generateAllureReport(
  resultsDirs: readonly string[],
  outputDir: string,
  name: string,
  options: AllureReportOptions = {},
): Promise<string | null> {
  return (await buildAllureReport(resultsDirs, outputDir, name, options)).problem;
}

/**
 * What `allure generate` does with allurerc.mjs, plus what only `allure run` does: the quality gate is evaluated
 * and its results go into the report (`allure generate` does not evaluate gates). History is read from and
 * appended to `historyPath`. Shards' environment files are merged into one (Allure keeps the last it reads).
 */
export async function buildAllureReport(
  resultsDirs: readonly string[],
  outputDir: string,
  name: string,
  options: AllureReportOptions = {},
): Promise<AllureReportOutcome> {
  const present = resultsDirs.filter((dir) => existsSync(dir));
  if (present.length === 0) return { problem: `no Allure results in ${resultsDirs.join(", ")}`, gate: [] };
  rmSync(outputDir, { recursive: true, force: true });
  const merged = present.length > 1 ? mergedEnvironmentDir(present) : undefined;
  try {
    const config = await readConfig(process.cwd(), undefined, {
      name,
      output: outputDir,
      historyPath: options.historyPath ?? join(dirname(outputDir), "allure-history.jsonl"),
    });
    const qualityGate =
      config.qualityGate && options.gate
        ? { ...config.qualityGate, rules: [{ id: "checklist", ...rowRules(options.gate) }] }
        : config.qualityGate;
    const report = new AllureReport({
      ...config,
      qualityGate,
      variables: { ...config.variables, ...options.variables },
      realTime: false,
    });
    await report.start();
    for (const dir of present) await report.readDirectory(dir);
    if (merged) await report.readDirectory(merged);
    let gate: AllureGateResult[] = [];
    if (qualityGate) {
      gate = await evaluateAllureGate(qualityGate, await report.store.allTestResults({ includeRetries: false }));
      report.realtimeDispatcher.sendQualityGateResults(gate);
    }
    await report.done();
    if (!existsSync(join(outputDir, "index.html"))) return { problem: `no index.html in ${outputDir}`, gate };
    return { problem: null, gate };
  } catch (error) {
    return { problem: error instanceof Error ? (error.message.split("\n")[0] ?? error.name) : String(error), gate: [] };
  } finally {
    if (merged) rmSync(merged, { recursive: true, force: true });
  }
}

/** The row rules as an Allure ruleset: "at least 0 passed rows" says nothing, so it is left out. */
const rowRules = ({ maxFailedRows, minPassedRows }: NonNullable<AllureReportOptions["gate"]>) =>
  minPassedRows > 0 ? { maxFailedRows, minPassedRows } : { maxFailedRows };

/**
 * One `environment.properties` for a merged report: each key once, the shards' values joined when they differ
 * (each shard has its own run id; targets and checklist are the same).
 */
function mergedEnvironmentDir(dirs: readonly string[]): string | undefined {
  const values = new Map<string, string[]>();
  for (const dir of dirs) {
    const file = join(dir, "environment.properties");
    if (!existsSync(file)) continue;
    for (const [key, value] of parseProperties(readFileSync(file, "utf8"))) {
      const seen = values.get(key) ?? [];
      if (!seen.includes(value)) seen.push(value);
      values.set(key, seen);
    }
  }
  if (values.size === 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "talk-qa-environment-"));
  writeFileSync(
    join(dir, "environment.properties"),
    [...values].map(([key, seen]) => `${escapeKey(key)}=${escapeValue(seen.join("; "))}`).join("\n") + "\n",
  );
  return dir;
}

const escapeKey = (key: string) => escapeValue(key).replace(/([ =:])/g, "\\$1");
const escapeValue = (text: string) => text.replace(/\\/g, "\\\\").replace(/\r?\n/g, " ");

/** `key=value` lines of a Java properties file, as global-setup writes them (escaped spaces, `\\`). */
export function parseProperties(text: string): [string, string][] {
  const entries: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || /^\s*[#!]/.test(line)) continue;
    const split = /^((?:\\.|[^\\=:])*)[=:](.*)$/.exec(line);
    if (!split) continue;
    const unescape = (part: string) => part.replace(/\\(.)/g, "$1").trim();
    entries.push([unescape(split[1] ?? ""), unescape(split[2] ?? "")]);
  }
  return entries;
}
