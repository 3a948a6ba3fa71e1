// The harness does not flake: repeated runs with parallel workers give the same verdicts, and so does a run
// against tenants that inject latency, 429s, 5xx answers, dropped connections and lost answers, with
// PowerOffice's rate limit on.
import { expect, test } from "@playwright/test";
import type { CaseResult } from "../../support/reporting/checklist-report.ts";
import {
  DEFAULT_CHECKLIST,
  adminStats,
  caseKey,
  failedTests,
  runSpecs,
  syncing,
  taggedRecords,
  withSandbox,
  type AdminStats,
} from "./harness.ts";
import { fullTrust, heavy, trustModes } from "./modes.ts";
import { loadChecklist } from "../../support/checklist/load.ts";
import { buildPlan } from "../../support/plan/index.ts";

// `npm test` repeats the checklist 3 times; `npm run trust` 20 times, in every node mode.
const REPEAT = heavy() ? 20 : 3;

test.describe.configure({ mode: "parallel" });

function verdicts(cases: CaseResult[]): Map<string, string[]> {
  const byCase = new Map<string, string[]>();
  for (const c of cases) byCase.set(caseKey(c), [...(byCase.get(caseKey(c)) ?? []), c.status]);
  return byCase;
}

// Repeats, heavy chaos and the wait driver are `npm run trust`'s: `npm test` must stay short.
const STABILITY_MODES = fullTrust() ? trustModes() : [];
/** Every test of the default checklist runs and passes (none is skipped). */
const PASSING = buildPlan([loadChecklist(DEFAULT_CHECKLIST)])
  .flatMap((flow) => flow.cases)
  .filter((c) => c.skip === null).length;

for (const mode of STABILITY_MODES)
  test(`the default checklist repeated ${REPEAT} times with parallel workers gives the same verdicts every time (${mode.label})`, async () => {
    test.setTimeout(REPEAT * 100_000);
    await withSandbox(syncing([DEFAULT_CHECKLIST], [], mode.sesam), async (sandbox) => {
      const run = await runSpecs(
        { ...sandbox.env, CHECKLIST: DEFAULT_CHECKLIST, SYNC_TIMEOUT_MS: "10000", ...mode.env },
        ["--repeat-each", String(REPEAT), "--workers", "3"],
      );
      // Each repeat is a test of its own in cases.json, under the same checklist case.
      const statuses = [...verdicts(run.cases)].filter(([, all]) => new Set(all).size > 1);
      // What went wrong in the repeats that did not pass, so a flake can be diagnosed from the report.
      const odd = run.cases.filter((c) => c.status !== "passed").map((c) => `${caseKey(c)} ${c.status}: ${c.detail}`);
      expect(statuses, `tests whose verdict changed between repeats:\n${odd.join("\n")}`).toEqual([]);
      expect(run.code, run.output.slice(-3000)).toBe(0);
      const ran = run.cases.filter((c) => c.status !== "skipped");
      expect(ran.length).toBe(PASSING * REPEAT);
      expect(ran.every((c) => c.status === "passed")).toBe(true);
      expect(await taggedRecords(sandbox)).toEqual([]);
    });
  });

// One tenant request in ten fails in `npm test`, in every way a network and a service can fail; a third of them in
// `npm run trust` (429, 5xx and drops at 10% each, 5% answers lost).
const FAULTS = heavy()
  ? { latencyMs: 3, rate429: 0.1, retryAfterSeconds: 0, rate5xx: 0.1, dropRate: 0.1, lostResponseRate: 0.05, seed: 11 }
  : {
      latencyMs: 3,
      rate429: 0.03,
      retryAfterSeconds: 0,
      rate5xx: 0.03,
      dropRate: 0.02,
      lostResponseRate: 0.02,
      seed: 7,
    };
const share = Math.round((FAULTS.rate429 + FAULTS.rate5xx + FAULTS.dropRate + FAULTS.lostResponseRate) * 100);

for (const mode of fullTrust() ? trustModes() : trustModes().slice(0, 1))
  test(`with ${share}% of tenant requests failing (429, 5xx, dropped, answer lost) and rate limiting on, every verdict is unchanged (${mode.label})`, async () => {
    test.setTimeout(300_000);
    await withSandbox(
      {
        ...syncing([DEFAULT_CHECKLIST], [], mode.sesam),
        faults: FAULTS,
        poweroffice: { throttle: { enabled: true, perSecond: 10 } },
      },
      async (sandbox) => {
        const run = await runSpecs(
          {
            ...sandbox.env,
            CHECKLIST: DEFAULT_CHECKLIST,
            SYNC_TIMEOUT_MS: "30000",
            POWEROFFICE_RATE_LIMIT: "10",
            ...mode.env,
          },
          ["--workers", "2"],
        );
        expect(failedTests(run), run.output.slice(-3000)).toEqual([]);
        expect(run.cases.filter((c) => c.status === "passed")).toHaveLength(PASSING);
        const stats = await adminStats(sandbox.urls.poweroffice);
        // The faults did happen: the verdicts held despite them, not for want of them.
        expect(stats.faults.rate5xx ?? 0).toBeGreaterThan(0);
        expect(stats.faults.drop ?? 0).toBeGreaterThan(0);
        expect(await taggedRecords(sandbox)).toEqual([]);
      },
    );
  });

if (fullTrust())
  test("the wait driver: against a node that syncs on its own schedule, starting nothing, every verdict is the same", async () => {
    test.setTimeout(180_000);
    await withSandbox(
      { sesam: { ...syncing([DEFAULT_CHECKLIST]).sesam, schedule: { intervalMs: 200 } } },
      async (sandbox) => {
        const before = await adminStats(sandbox.urls.sesam);
        const run = await runSpecs({ ...sandbox.env, CHECKLIST: DEFAULT_CHECKLIST, SYNC_DRIVER: "wait" }, [
          "--workers",
          "2",
        ]);
        expect(failedTests(run), run.output.slice(-3000)).toEqual([]);
        expect(run.cases.filter((c) => c.status === "passed")).toHaveLength(PASSING);
        const after = await adminStats(sandbox.urls.sesam);
        const pumps = (stats: AdminStats) =>
          Object.entries(stats.byRoute)
            .filter(([route]) => route.startsWith("POST ") && route.includes("/pump"))
            .reduce((n, [, c]) => n + c, 0);
        expect(pumps(after) - pumps(before), "the wait driver starts no pipe").toBe(0);
      },
    );
  });
