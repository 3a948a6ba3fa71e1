// The bench's own arithmetic and bookkeeping (never its timings): how requests are told apart by kind and from the
// node's own, the passes each kind of test needs, the node's time stamps, the options, and the report's keys.
import { test, expect } from "@playwright/test";
import { startSandbox } from "../../emulators/sandbox.ts";
import { loadChecklist } from "../../support/checklist/load.ts";
import { createPowerOfficeClient } from "../../support/clients/poweroffice/client.ts";
import { createYouTrackClient } from "../../support/clients/youtrack/client.ts";
import { buildPlan } from "../../support/plan/index.ts";
import { stepKind } from "./checklist-run.ts";
import { planNeeds } from "./needs.ts";
import { WORKERS } from "../../support/config/index.ts";
import { parseBenchArgs } from "./options.ts";
import { buildReport } from "./report.ts";
import { byKind, classify, harnessRequests, normalizeRoute, readStats } from "./requests.ts";
import { summarize } from "./summary.ts";
import { epochMs } from "./sync-wait.ts";
import { benchRows, renderTable } from "./table.ts";
import { ROOT, DEFAULT_CHECKLIST } from "../trust/harness.ts";

test("requests are classified by service, method and route as issue 14 names the kinds", () => {
  expect(classify("poweroffice", "POST /OAuth/Token")).toBe("token");
  expect(classify("youtrack", "POST /hub/api/rest/users")).toBe("seed");
  expect(classify("youtrack", "POST /hub/api/rest/users/:id")).toBe("edit");
  expect(classify("poweroffice", "POST /v2/ContactPersons/:id")).toBe("seed");
  expect(classify("poweroffice", "PATCH /v2/Customers/:id")).toBe("edit");
  expect(classify("poweroffice", "GET /v2/ContactPersons")).toBe("read");
  expect(classify("youtrack", "DELETE /hub/api/rest/users/:id")).toBe("cleanup");
  expect(classify("sesam", "POST /api/pipes/:id/pump")).toBe("syncStart");
  expect(classify("sesam", "POST /api/pipes/run-all-pipes")).toBe("syncStart");
  expect(classify("sesam", "GET /api/datasets/:id/entities")).toBe("poll");
  expect(normalizeRoute("GET /v2/ContactPersons/:contactId/:id")).toBe("GET /v2/ContactPersons/:id/:id");
});

test("the harness's requests are what the tenants served minus what the node's sync asked them", async () => {
  const sandbox = await startSandbox({
    poweroffice: { throttle: { enabled: false }, readLagMs: 0 },
    sesam: { log: () => {} },
  });
  const yt = createYouTrackClient({
    baseUrl: sandbox.urls.youtrack as string,
    token: sandbox.credentials.youtrack.token,
  });
  const po = createPowerOfficeClient({
    baseUrl: sandbox.urls.poweroffice as string,
    ...sandbox.credentials.poweroffice,
    v1BaseUrl: sandbox.urls.powerofficeV1 as string,
    throttle: false,
  });
  try {
    const before = await readStats(sandbox);
    const user = await yt.users.create({ login: "bench-probe", name: "Bench Probe" });
    await yt.users.update(user.id, { name: "Bench Probe 2" });
    await po.customers.create({ Name: "Bench probe", IsPerson: false, InvoiceDeliveryType: "Print" });
    await po.partyContactPersons.list();
    // The node reads both tenants: none of its requests may count as the harness's.
    const pump = await fetch(`${sandbox.urls.sesam}/api/pipes/youtrack-users-collect/pump`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${sandbox.credentials.sesam.jwt}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "operation=start",
    });
    expect(pump.ok, `pump start answered ${pump.status}`).toBe(true);
    await expect
      .poll(async () => (await readStats(sandbox)).runs["youtrack-users-collect"], { message: "the pumped run to end" })
      .toBe(1);
    const after = await readStats(sandbox);
    expect(Object.keys(after.sync.youtrack).length, "the node read YouTrack").toBeGreaterThan(0);
    const counts = byKind(harnessRequests(before, after));
    expect(counts.services.youtrack).toMatchObject({ seed: 1, edit: 1, read: 0 });
    expect(counts.services.poweroffice).toMatchObject({ token: 2, seed: 1, read: 1 });
    // Each host is limited on its own, per key: the harness's keys show on each host (its busiest second there).
    expect(after.powerofficeBusiest.v2[sandbox.credentials.poweroffice.subscriptionKey]).toBeGreaterThanOrEqual(1);
    expect(after.powerofficeBusiest.v1[`app:${sandbox.credentials.poweroffice.applicationKey}`]).toBeGreaterThanOrEqual(
      1,
    );
    expect(counts.services.sesam.syncStart).toBe(1);
  } finally {
    await Promise.all([yt.close(), po.close()]);
    await sandbox.close();
  }
});

test("harnessRequests refuses counters that disagree instead of reporting a negative share", () => {
  const reading = (served: number, synced: number) => ({
    served: { youtrack: { "GET /hub/api/rest/users": served }, poweroffice: {}, sesam: {} },
    sync: { youtrack: { "GET /hub/api/rest/users": synced }, poweroffice: {}, sesam: {} },
    throttled: 0,
    syncThrottled: 0,
    runs: {},
    powerofficeBusiest: { v2: {}, v1: {} },
  });
  expect(() => harnessRequests(reading(0, 0), reading(2, 3))).toThrow(
    /youtrack GET \/hub\/api\/rest\/users: .* disagree/,
  );
  expect(harnessRequests(reading(1, 1), reading(5, 2)).youtrack).toEqual({ "GET /hub/api/rest/users": 3 });
});

test("the passes each test of the default checklist needs: one to link, one per checked edit, one per negative", () => {
  process.chdir(ROOT);
  const plan = buildPlan([loadChecklist(DEFAULT_CHECKLIST)]);
  const needs = planNeeds(plan);
  const neededBy = (kind: string) => [
    ...new Set(
      plan
        .flatMap((f) => f.cases)
        .filter((c) => c.kind === kind && c.skip === null)
        .map((c) => needs.byCase.get(c.id)),
    ),
  ];
  expect(neededBy("synced")).toEqual([2]);
  // The emptying's pass writes the kept value back (the row's sides must stay equal); the next one settles.
  expect(neededBy("empty-keeps")).toEqual([3]);
  expect(neededBy("newest-wins")).toEqual([3]);
  // A pair per edge value, all linked by one pass and all edited before the next.
  expect(neededBy("values")).toEqual([2]);
  // Three edits in turn, then a settle.
  expect(needs.longest.passes).toBe(5);
  expect(needs.longest.title).toMatch(/keeps in sync/);
});

test("the node's ISO times keep their microseconds", () => {
  expect(epochMs("2026-12-01T10:00:00.123456Z")).toBeCloseTo(Date.parse("2026-12-01T10:00:00.123Z") + 0.456, 6);
  expect(() => epochMs("yesterday")).toThrow(/not an ISO 8601 time/);
});

test("the top-level steps of a checklist test are told apart by what they do", () => {
  expect(stepKind("seed a matching pair")).toBe("seedAndLink");
  expect(stepKind('expect PowerOffice Go Contactperson #5 EmailAddress to become "x"')).toBe("awaitArrival");
  expect(stepKind('expect YouTrack Users #a name to stay "x"')).toBe("settle");
  expect(stepKind("expect exactly one YouTrack Users with login = x")).toBe("findSingle");
  expect(stepKind("After Hooks")).toBe("teardown");
});

test("options: --quick, overrides, and a one-line error naming a bad flag", () => {
  expect(parseBenchArgs(["--quick"]).mode).toBe("quick");
  expect(parseBenchArgs(["--cap", "10"]).capFactor).toBe(10);
  expect(
    parseBenchArgs(["--runs", "7", "--realistic", "500:2,2000"]).realistic.map((r) => [r.runDurationMs, r.runs]),
  ).toEqual([
    [500, 2],
    [2000, 5],
  ]);
  // Issue 14: the full bench's timed figures are medians of at least 5 runs; --quick is for development.
  const full = parseBenchArgs([]);
  expect([full.runs, full.scale.runs, ...full.realistic.flatMap((r) => [r.runs, r.passes])]).toEqual([
    5, 5, 5, 5, 5, 5,
  ]);
  expect(parseBenchArgs(["--quick", "--realistic", "300"]).realistic).toEqual([
    { runDurationMs: 300, runs: 1, passes: 3 },
  ]);
  expect(parseBenchArgs([]).realisticWorkers).toBe(WORKERS.remote);
  expect(parseBenchArgs(["--workers", "3", "--realistic-workers", "16"])).toMatchObject({
    workers: 3,
    realisticWorkers: 16,
  });
  expect(() => parseBenchArgs(["--runs", "0"])).toThrow(/^bench: --runs needs a whole number/);
  expect(() => parseBenchArgs(["--only", "floor"])).toThrow(/^bench: --only takes/);
  expect(() => parseBenchArgs(["--fast"])).toThrow(/^bench: unknown option "--fast"/);
});

test("bench.json carries issue 14's keys, and the table shows them", () => {
  const s = (median: number) => summarize([median], 2);
  const node = {
    runDurationMs: 2000,
    workers: 8,
    pipes: 10,
    passMs: 20_500,
    longestTest: { title: "values", passes: 8 },
    lowerBoundMs: 164_000,
    wallMs: s(300_000),
    ratio: s(1.83),
    capped: false,
    capMs: 492_000,
    failedTests: s(0),
    syncTimeoutMs: 61_500,
  };
  const cell = {
    msPerRow: s(40),
    sampleRunMs: s(1),
    executionMs: s(1),
    estimatedRunMs: s(1),
    sampledTests: 8,
    failedTests: 0,
  };
  const wait = {
    runDurationMs: 2000,
    pipes: 10,
    passMs: s(20_500),
    overheadMs: s(30),
    overheadSamplesMs: [20, 30, 40],
    passOverheadMs: s(500),
  };
  const kinds = { token: 0, seed: 2, edit: 1, read: 3, cleanup: 2, syncStart: 1, poll: 5, other: 0 };
  const report = buildReport(
    {
      mode: "quick",
      command: "npm run bench",
      commit: "abc",
      startedAt: "",
      durationMs: 1,
      complete: true,
      node: "v20",
      cpus: 2,
    },
    {
      defaultChecklist: {
        tests: 21,
        workers: 2,
        harnessMs: s(3000),
        failedTests: s(0),
        floorMs: s(2000),
        floorRatio: s(1.5),
        requestsPerTest: {
          total: s(14),
          youtrack: s(4),
          poweroffice: s(5),
          sesam: s(5),
          byKind: kinds,
          byService: { youtrack: kinds, poweroffice: kinds, sesam: kinds },
        },
        poweroffice: { peakPerSecond: s(9), v1PeakPerSecond: s(4), throttled: s(0), nodeThrottled: s(1) },
        syncPassesPerTest: { mean: s(3), neededMean: 3, testsOverNeeded: s(0), byKind: {}, worst: [] },
        powerofficeBound: {
          calls: s(200),
          ms: s(20_000),
          floorRatio: s(10),
          writesMs: s(9000),
          writesFloorRatio: s(4.5),
        },
        syncPassesPerRun: s(20),
        testTimeMs: {
          setup: 1,
          seedAndLink: 1,
          edit: 1,
          awaitArrival: 1,
          settle: 1,
          findSingle: 1,
          nodeLinks: 1,
          observe: 0,
          teardown: 1,
          other: 0,
        },
      },
      syncWait: [wait],
      realistic: [node],
      scale: {
        method: "m",
        sizes: [{ rows: 1000, tests: 4018, sampledRows: 4, planMs: 1, listMs: 1, workers: { "2": cell } }],
        peakRss: { rows: 1000, runnerMb: 300, largestWorkerMb: 280 },
      },
    },
  );
  expect(report.floorRatio?.median).toBe(1.5);
  expect(report.powerofficeBound?.floorRatio.median).toBe(10);
  expect(report.requestsPerTest?.total.median).toBe(14);
  expect(report.requestsPerTest?.poweroffice.median).toBe(5);
  expect(report.syncPassesPerTest?.mean.median).toBe(3);
  expect(report.realisticNode?.["2000"]).toMatchObject({
    wallMs: { median: 300_000 },
    lowerBoundMs: 164_000,
    ratio: { median: 1.83 },
  });
  expect(report.scale?.["1000"]?.["2"]?.msPerRow.median).toBe(40);
  expect(report.syncWaitOverheadMs).toMatchObject({ median: 30, min: 20, max: 40, runs: 3 });
  expect(report.peakRssMb).toEqual({ rows: 1000, runner: 300, largestWorker: 280 });
  const table = renderTable(benchRows(report));
  expect(table).toMatch(/^figure\s+measured/);
  expect(table).toMatch(/^floor ratio\s+1\.5 \(1 run\)\s+<= 1\.5$/m);
  expect(table).toMatch(/^ {2}least PowerOffice's 10\/s allows\s+10 \(1 run\): 200 calls in 20000 ms/m);
  expect(table).toMatch(/^scale 1000 rows, 2 worker\(s\)\s+40 ms \(1 run\) per row/m);
});
