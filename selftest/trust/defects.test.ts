// The harness catches every defect of the reference sync, on the rows the defect concerns, with a message that
// names the row, the direction and both values; and the correct sync passes every row.
import { expect, test } from "@playwright/test";
import { recordDetection } from "./detection-table.ts";
import type { DetectionRow } from "./detection-table.ts";
import { loadChecklist } from "../../support/checklist/load.ts";
import { buildPlan } from "../../support/plan/index.ts";
import type { PlannedCase } from "../../support/plan/index.ts";
import type { CaseResult } from "../../support/reporting/checklist-report.ts";
import {
  DEFAULT_CHECKLIST,
  EXTENDED_CHECKLIST,
  RULE_CHECKLISTS as CHECKLISTS,
  caseKey,
  failedTests,
  grepFor,
  runSpecs,
  syncing,
  taggedRecords,
  withSandbox,
} from "./harness.ts";
import { fullTrust, NODE_MODES, QUICK_DEFECTS, trustModes, trustWorkers, type NodeMode } from "./modes.ts";
import { ORACLES } from "./oracle.ts";
import type { CaseInfo, DefectOracle } from "./oracle.ts";

const COMPANION = "checklists/powerofficego-youtrack.rst";
// Short deadlines: a correct in-process sync propagates in one pass (well under a second; longer with several
// sandboxes sharing two cores, when a check goes on past a slow pass until its own deadline); a late write comes
// after the deadline.
const RUN_ENV = { CHECKLIST: CHECKLISTS.join(","), SYNC_TIMEOUT_MS: "3000", SYNC_MAX_PASSES: "2" };
const LATE_WRITE_MS = 8_000;

test.describe.configure({ mode: "parallel" });

const ALL_DOCUMENTS = [...CHECKLISTS, COMPANION];

/**
 * The whole-checklist runs: with TRUST_MODES set (`npm run trust`), every document in every mode with every worker
 * count; otherwise (`npm test`, which must stay short) the default document with one worker and, with two, in each
 * other mode, and the other documents together in the real default with several workers.
 */
function correctRuns(): { mode: NodeMode; workers: number; files: string[] }[] {
  if (process.env.TRUST_MODES) {
    return trustModes().flatMap((mode) => trustWorkers().map((workers) => ({ mode, workers, files: ALL_DOCUMENTS })));
  }
  const [real, ...others] = NODE_MODES as [NodeMode, ...NodeMode[]];
  return [
    { mode: real, workers: 3, files: ALL_DOCUMENTS.filter((file) => file !== DEFAULT_CHECKLIST) },
    { mode: real, workers: 1, files: [DEFAULT_CHECKLIST] },
    ...others.map((mode) => ({ mode, workers: 2, files: [DEFAULT_CHECKLIST] })),
  ];
  // (npm run trust: every mode x every worker count x every document.)
}

for (const { mode, workers, files } of correctRuns()) {
  const documents = files.map((file) => file.replace(/^.*\//, "")).join(", ");
  test(`the correct sync passes every row of ${documents} (${mode.label}, ${workers} worker(s)), leaving no tagged record`, async () => {
    test.setTimeout(600_000);
    await withSandbox(syncing(files, [], mode.sesam), async (sandbox) => {
      // `npm test` leaves the values suite to the defect runs that need it; `npm run trust` runs everything.
      const only = fullTrust() ? [] : ["--grep-invert", "@values"];
      const run = await runSpecs({ ...sandbox.env, ...RUN_ENV, CHECKLIST: files.join(","), ...mode.env }, [
        "--workers",
        String(workers),
        ...only,
      ]);
      expect(failedTests(run), run.output.slice(-3000)).toEqual([]);
      expect(run.code).toBe(0);
      // Every test the plan can run, each passed (the values suite only when it ran).
      const runnable = plan.filter(
        (c) => files.includes(c.checklist.file) && c.skip === null && (fullTrust() || c.kind !== "values"),
      );
      expect(run.cases.filter((c) => c.status === "passed").length).toBe(runnable.length);
      for (const skipped of run.cases.filter((c) => c.status === "skipped"))
        expect(skipped.detail, caseKey(skipped)).toBeTruthy();
      expect(await taggedRecords(sandbox)).toEqual([]);
    });
  });
}

const plan = buildPlan([...CHECKLISTS, COMPANION].map((file) => loadChecklist(file))).flatMap((flow) => flow.cases);
const docOf = (file: string): CaseInfo["doc"] =>
  file.endsWith("extended.rst") ? "extended" : file.endsWith(COMPANION) ? "companion" : "default";
const FILE_OF: Record<CaseInfo["doc"], string> = {
  default: DEFAULT_CHECKLIST,
  extended: EXTENDED_CHECKLIST,
  companion: COMPANION,
};
const info = (c: PlannedCase): CaseInfo => ({
  doc: docOf(c.checklist.file),
  kind: c.kind,
  line: c.line,
  edited: c.edited ?? null,
});

/**
 * The tests a defect run executes: one per checklist row the defect concerns (each must fail), and
 * a few it does not concern (each must pass). A subset keeps the 13 runs within the time `npm test` has.
 */
function selection(oracle: DefectOracle): { concerned: PlannedCase[]; untouched: PlannedCase[] } {
  const documents = oracle.documents ?? ["default", "extended"];
  const runnable = plan.filter((c) => c.skip === null && documents.includes(info(c).doc));
  const seen = new Set<string>();
  const concerned = runnable.filter((c) => {
    const key = `${c.checklist.file}:${c.line}`;
    if (!oracle.fails(info(c)) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // `npm test` checks a few of the rows a defect concerns (one per kind of test first); `npm run trust` all of them.
  const kinds = new Set<string>();
  const untouched = runnable
    .filter((c) => !oracle.fails(info(c)) && oracle.passes(info(c)))
    .filter((c) => !kinds.has(c.kind) && kinds.add(c.kind))
    .slice(0, 3);
  if (fullTrust()) return { concerned, untouched };
  const firstOfKind = new Set<string>();
  const sample = [
    ...concerned.filter((c) => !firstOfKind.has(c.kind) && firstOfKind.add(c.kind)),
    ...concerned.filter((c) => !firstOfKind.has(`${c.kind}:${c.line}`) && firstOfKind.add(`${c.kind}:${c.line}`)),
  ];
  return { concerned: [...new Set(sample)].slice(0, QUICK_ROWS), untouched };
}

/** How many concerned rows `npm test` runs per defect. */
const QUICK_ROWS = 4;

for (const mode of trustModes())
  for (const oracle of ORACLES.filter((o) => fullTrust() || QUICK_DEFECTS.includes(o.defect))) {
    test(`defect ${oracle.defect} is caught on the rows it concerns (${mode.label})`, async () => {
      test.setTimeout(180_000);
      const started = Date.now();
      const { concerned, untouched } = selection(oracle);
      expect(concerned.length, "the oracle names tests this defect breaks").toBeGreaterThan(0);
      const grep = grepFor([...concerned, ...untouched].map((c) => ({ file: c.checklist.file, title: c.title })));
      const files = oracle.documents?.map((doc) => FILE_OF[doc]) ?? CHECKLISTS;
      const sandboxOptions = {
        ...syncing(files, [oracle.defect], { lateWriteDelayMs: LATE_WRITE_MS, ...mode.sesam }),
        lag: false,
      };
      await withSandbox(sandboxOptions, async (sandbox) => {
        const run = await runSpecs({ ...sandbox.env, ...RUN_ENV, CHECKLIST: files.join(","), ...mode.env }, [
          "--workers",
          "3",
          "--grep",
          grep,
        ]);
        const byId = new Map(run.cases.map((c) => [c.ref.id, c]));
        expect(run.cases.map((c) => c.ref.id).sort(), run.output.slice(-2000)).toEqual(
          [...concerned, ...untouched].map((c) => c.id).sort(),
        );
        expect(run.code, "a run with a defect must exit non-zero").not.toBe(0);

        const result = (c: PlannedCase) => byId.get(c.id) as CaseResult;
        const missed = concerned.filter((c) => result(c).status === "passed").map((c) => caseKey(result(c)));
        expect(missed, `${oracle.defect}: tests that should have caught it but passed`).toEqual([]);
        const falseAlarms = untouched
          .filter((c) => result(c).status !== "passed")
          .map((c) => `${caseKey(result(c))}: ${result(c).detail}`);
        expect(falseAlarms, `${oracle.defect}: tests it does not concern that failed anyway`).toEqual([]);

        for (const c of concerned) {
          const detail = result(c).detail ?? "";
          const name = caseKey(result(c));
          expect(detail, `${name} names its row`).toContain(`line ${c.line}`);
          expect(detail, `${name} names both sides`).toContain(`${c.flow.source.system} ${c.flow.source.datatype}`);
          expect(detail, `${name} names both sides`).toContain(`${c.flow.target.system} ${c.flow.target.datatype}`);
          expect(detail, `${name} shows what was expected`).toMatch(/Expected\b/);
          expect(detail, `${name} shows what was seen`).toMatch(/Received\b/);
        }

        const caughtBy: Record<string, number> = {};
        for (const c of concerned) {
          const row = `${c.checklist.file.replace(/^.*\//, "")} line ${c.line}`;
          caughtBy[row] = (caughtBy[row] ?? 0) + 1;
        }
        const row: DetectionRow = {
          defect: oracle.defect,
          mode: mode.name,
          caughtBy,
          failed: concerned.length - missed.length,
          expectedToFail: concerned.length,
          stillPassing: untouched.length - falseAlarms.length,
          ran: run.cases.length,
          seconds: (Date.now() - started) / 1000,
        };
        console.log(
          recordDetection(row)
            .split("\n")
            .find((line) => line.includes(`\`${oracle.defect}\` | ${mode.name} |`)),
        );
        // Teardown removed the records even of failed tests.
        expect(await taggedRecords(sandbox)).toEqual([]);
      });
    });
  }
