import { expect, test } from "@playwright/test";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { buildAllureReport, parseProperties } from "../../support/cli/allure-report.ts";
import { categoriesByTest, DOCUMENT, FLOW, readTree, treePaths, writeResults } from "./allure-results.ts";
import type { FakeTest } from "./allure-results.ts";

// The Allure report as allurerc.mjs configures it, built from results written by hand: the tree, the categories,
// the quality gate in the report, the merged environment, and the history across two reports.

const ROW_23 = "line 23: profile.email.email <-> emailAddress";
const ROW_36 = "line 36: profile.email <-> emailAddress";
const ROW_39 = "line 39: profile.email.email <-> emailAddress";
const ASSERTION =
  'Error: line 36 profile.email <-> emailAddress, YouTrack Users -> Powerofficego Contactperson: expected YouTrack Users #1 profile.email to become "A@x.com" within 30000 ms of sync passes\n\nexpect(received).toEqualAs(expected)\n\nExpected (string): "A@x.com"\nReceived (string): "a@x.com"\n\nCall Log:\n- Timeout 30000ms exceeded while waiting on the predicate';

const tmp = () => mkdtempSync(join(tmpdir(), "talk-qa-allure-"));

test("the tree is document > flow > row, and each failure's category tells a sync defect from a harness or target problem", async () => {
  const dir = tmp();
  const tests: FakeTest[] = [
    { name: "equal values are linked", story: ROW_23, status: "passed" },
    { name: "an edit in YouTrack reaches PowerOffice", story: ROW_36, status: "failed", message: ASSERTION },
    {
      name: "a pass that never ends",
      story: ROW_36,
      status: "failed",
      message:
        "SyncTimeoutError: sync: pipe global-person did not finish a run that started after the edit within 8000 ms (no run started yet)",
    },
    {
      name: "a failed pipe run",
      story: ROW_39,
      status: "failed",
      message: "SyncRunFailedError: sync: pipe youtrack-users-share run failed: boom",
    },
    {
      name: "a refused request",
      story: ROW_39,
      status: "failed",
      message: "ApiError: POST http://127.0.0.1:9/hub/api/rest/users failed: connect ECONNREFUSED 127.0.0.1:9",
    },
    { name: "a test out of time", story: ROW_39, status: "broken", message: "Test timeout of 150000ms exceeded." },
    {
      name: "a harness bug",
      story: ROW_39,
      status: "failed",
      message: "TypeError: Cannot read properties of undefined (reading 'id')",
    },
  ];
  writeResults(join(dir, "allure-results"), tests);
  const outcome = await buildAllureReport([join(dir, "allure-results")], join(dir, "allure-report"), "talk-qa: test");
  expect(outcome.problem).toBeNull();
  const tree = readTree(join(dir, "allure-report"));
  expect(treePaths(tree)).toEqual([
    `${DOCUMENT} > ${FLOW} > ${ROW_23}`,
    `${DOCUMENT} > ${FLOW} > ${ROW_36}`,
    `${DOCUMENT} > ${FLOW} > ${ROW_39}`,
  ]);
  expect(categoriesByTest(tree)).toEqual({
    "equal values are linked": "",
    "an edit in YouTrack reaches PowerOffice": "Sync defect: a row's assertion failed",
    "a pass that never ends": "Harness or target: a sync pass did not end in time",
    "a failed pipe run": "Harness or target: a pipe run failed",
    "a refused request": "Harness or target: a request was refused or failed",
    "a test out of time": "Harness or target: the test ran out of time",
    "a harness bug": "Harness or target: another error",
  });
  // The gate is in the report: two rows failed (36 and 39), none may.
  expect(outcome.gate.map((r) => [r.rule, r.success, r.actual])).toEqual([["checklist/maxFailedRows", false, 2]]);
  const shown = z.record(
    z.string(),
    z.array(z.object({ rule: z.string(), success: z.boolean(), message: z.string() })),
  );
  expect(
    shown.parse(JSON.parse(readFileSync(join(dir, "allure-report", "widgets", "quality-gate.json"), "utf8"))),
  ).toMatchObject({
    default: [
      { rule: "checklist/maxFailedRows", success: false, message: "2 checklist row(s) failed; at most 0 allowed" },
    ],
  });
});

test("the row gate's limits reach Allure's rules: a skipped row neither fails nor passes, a row with one failed test fails", async () => {
  const dir = tmp();
  writeResults(join(dir, "allure-results"), [
    { name: "a", story: ROW_23, status: "passed" },
    { name: "b", story: ROW_23, status: "failed", message: ASSERTION },
    { name: "c", story: ROW_36, status: "passed" },
    { name: "d", story: ROW_39, status: "skipped" },
  ]);
  const gate = { maxFailedRows: 1, minPassedRows: 2 };
  const outcome = await buildAllureReport([join(dir, "allure-results")], join(dir, "allure-report"), "t", { gate });
  expect(outcome.gate.map((r) => [r.rule, r.success, r.actual])).toEqual([
    ["checklist/maxFailedRows", true, 1],
    ["checklist/minPassedRows", false, 1],
  ]);
});

test("shards' environment files merge into one: the same value once, differing values together", async () => {
  const dir = tmp();
  const shared = { Release: "2026.11", Checklist: `${DOCUMENT} (checklists/youtrack-powerofficego.rst)` };
  writeResults(join(dir, "shard-1"), [{ name: "a", story: ROW_23, status: "passed" }], {
    ...shared,
    "Run id": "tqa261201120000aaaa",
  });
  writeResults(join(dir, "shard-2"), [{ name: "b", story: ROW_36, status: "passed" }], {
    ...shared,
    "Run id": "tqa261201120001bbbb",
  });
  const outcome = await buildAllureReport(
    [join(dir, "shard-1"), join(dir, "shard-2")],
    join(dir, "allure-report"),
    "t",
  );
  expect(outcome.problem).toBeNull();
  const environment = z
    .array(z.object({ name: z.string(), values: z.array(z.string()) }))
    .parse(JSON.parse(readFileSync(join(dir, "allure-report", "widgets", "allure_environment.json"), "utf8")));
  expect(Object.fromEntries(environment.map((item) => [item.name, item.values.join("|")]))).toEqual({
    ...shared,
    "Run id": "tqa261201120000aaaa; tqa261201120001bbbb",
  });
  expect(parseProperties("Run\\ id=a=b\n# comment\nRelease: 1\n")).toEqual([
    ["Run id", "a=b"],
    ["Release", "1"],
  ]);
});

test("history: the second report knows the first run, and a row that failed since passing is a regression", async () => {
  const dir = tmp();
  const history = join(dir, "allure-history.jsonl");
  writeResults(join(dir, "run-1"), [
    { name: "a", story: ROW_23, status: "passed" },
    { name: "b", story: ROW_36, status: "passed" },
  ]);
  writeResults(join(dir, "run-2"), [
    { name: "a", story: ROW_23, status: "passed" },
    { name: "b", story: ROW_36, status: "failed", message: ASSERTION },
  ]);
  await buildAllureReport([join(dir, "run-1")], join(dir, "allure-report"), "t");
  expect(readFileSync(history, "utf8").trim().split("\n")).toHaveLength(1);
  const second = await buildAllureReport([join(dir, "run-2")], join(dir, "allure-report"), "t");
  expect(second.problem).toBeNull();
  expect(readFileSync(history, "utf8").trim().split("\n")).toHaveLength(2);
  const leaves = Object.values(readTree(join(dir, "allure-report")).leavesById);
  expect(Object.fromEntries(leaves.map((leaf) => [leaf.name, leaf.transition ?? ""]))).toEqual({
    a: "",
    b: "regressed",
  });
  expect(existsSync(join(dir, "allure-report", "data", "history"))).toBe(true);
});
