import { statSync } from "node:fs";
import { ChecklistError } from "./errors.ts";
import { loadChecklist } from "./load.ts";
import { buildPlan } from "../plan/build.ts";
import { untestableByFlow } from "../plan/untestable.ts";
import type { Checklist } from "./model.ts";
import { formatChecklistSummary } from "./summary.ts";
import { parseCommandLine, runCli, UsageError } from "../cli/run-cli.ts";

// `npm run -s checklist -- <file.rst> [more.rst ...] [--json]`. Exit 0: parsed (warnings on stderr); 1: a document
// is malformed (one `file:line: what` per bad file on stderr, nothing on stdout); 2: bad usage. Every file is
// parsed before anything is printed, so stdout is never a partial answer.

const USAGE = "usage: npm run -s checklist -- <file.rst> [more.rst ...] [--json] [--help]";

function main(args: string[]): number {
  const { values, positionals: files } = parseCommandLine({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    process.stdout.write(
      `${USAGE}\n  Parses Sesam Talk dataflow documents; --json prints the model (an array for several files).\n`,
    );
    return 0;
  }
  const json = values.json;
  if (files.length === 0) throw new UsageError("no checklist file given");
  for (const file of files) {
    const problem = unreadable(file);
    if (problem) throw new UsageError(`${file}: ${problem}`);
  }

  const checklists: Checklist[] = [];
  const failures: string[] = [];
  for (const file of files) {
    try {
      checklists.push(loadChecklist(file));
    } catch (error) {
      if (error instanceof ChecklistError) failures.push(error.message);
      else if (isErrno(error)) throw new UsageError(`${file}: cannot read (${error.code ?? "unknown error"})`);
      else throw error;
    }
  }
  if (failures.length > 0) {
    process.stderr.write(failures.map((failure) => `${failure}\n`).join(""));
    return 1;
  }

  process.stderr.write(
    checklists.flatMap((c) => c.warnings.map((w) => `${c.file}:${w.line}: warning: ${w.message}\n`)).join(""),
  );
  if (json) {
    const document = checklists.length === 1 ? checklists[0] : checklists;
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    process.stdout.write(
      checklists
        .map((checklist) => formatChecklistSummary(checklist, untestableByFlow(buildPlan([checklist]))))
        .join("\n"),
    );
  }
  return 0;
}

function unreadable(file: string): string | null {
  try {
    return statSync(file).isFile() ? null : "not a file";
  } catch (error) {
    if (!isErrno(error)) throw error;
    return error.code === "ENOENT" ? "no such file" : `cannot read (${error.code ?? "unknown error"})`;
  }
}

function isErrno(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "code" in error;
}

runCli("checklist", USAGE, main);
