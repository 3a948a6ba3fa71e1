import type { AllureReport, FullConfig } from "@allurereport/core";

/** Allure's quality-gate result for one rule, as its report shows it. */
export type AllureGateResult = Awaited<ReturnType<AllureReport["validate"]>>["results"][number];
type TestResults = Parameters<AllureReport["validate"]>[0]["trs"];
type GateConfig = NonNullable<FullConfig["qualityGate"]>;

/**
 * Evaluates the configured quality-gate rules over the report's test results, as Allure's own `QualityGate.validate`
 * does (each ruleset's keys are rule names from `use`; the ruleset's `id` prefixes the result's rule name). Ours
 * because Allure 3.18's runs only on Node 22 (it calls `Iterator.prototype.toArray`), and this harness runs on 20.
 */
export async function evaluateAllureGate(gate: GateConfig, trs: TestResults): Promise<AllureGateResult[]> {
  const results: AllureGateResult[] = [];
  const use = gate.use ?? [];
  for (const ruleset of gate.rules ?? []) {
    const selected = ruleset.filter ? trs.filter(ruleset.filter) : trs;
    for (const [key, expected] of Object.entries(ruleset)) {
      if (key === "filter" || key === "id" || key === "fastFail") continue;
      const rule = use.filter((candidate) => candidate.rule === key).pop();
      if (!rule) throw new Error(`allurerc.mjs: quality-gate rule ${key} is not in qualityGate.use`);
      let state: unknown;
      const outcome = await rule.validate({
        trs: selected,
        expected,
        state: { getResult: () => state, setResult: (value) => (state = value) },
        metrics: [],
        previousHistory: [],
      });
      const message = outcome.success
        ? (rule.successMessage ?? defaultSuccess)({ expected, actual: outcome.actual })
        : rule.message({ expected, actual: outcome.actual });
      results.push({
        ...outcome,
        expected,
        rule: ruleset.id ? `${ruleset.id}/${rule.rule}` : rule.rule,
        message,
      });
    }
  }
  return results;
}

const defaultSuccess = ({ expected, actual }: { expected: unknown; actual: unknown }) =>
  `The rule has been passed; actual ${String(actual)}, expected ${String(expected)}`;
