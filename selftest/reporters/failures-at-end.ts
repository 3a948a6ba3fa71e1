// Repeats each failed test's error at the very end of the output. The line reporter CI uses prints a failure when
// it happens, among a long run's progress lines, and a CI log is often read from its tail: there the failure should
// be, not only its title.
import { stripVTControlCharacters } from "node:util";
import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";

const LINES_PER_FAILURE = 80;

export default class FailuresAtEnd implements Reporter {
  readonly #failed: { test: TestCase; result: TestResult }[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== "passed" && result.status !== "skipped" && test.outcome() === "unexpected")
      this.#failed.push({ test, result });
  }

  onEnd(result: FullResult): void {
    if (this.#failed.length === 0) return;
    const out = [`\n${this.#failed.length} failed test(s) of this ${result.status} run, each with its error:`];
    for (const [index, { test, result: run }] of this.#failed.entries()) {
      out.push(`\n${index + 1}) ${test.titlePath().filter(Boolean).join(" › ")} (${run.status})`);
      const text = run.errors.map((error) => stripVTControlCharacters(error.message ?? error.value ?? "")).join("\n");
      const lines = text.split("\n");
      out.push(...lines.slice(0, LINES_PER_FAILURE).map((line) => `   ${line}`));
      if (lines.length > LINES_PER_FAILURE) out.push(`   ... ${lines.length - LINES_PER_FAILURE} more line(s)`);
    }
    console.log(out.join("\n"));
  }

  printsToStdio(): boolean {
    return true;
  }
}
