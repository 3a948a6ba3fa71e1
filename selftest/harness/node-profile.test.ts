// What the harness reads of a node's pipes before any test: which pipes read the tenants (from their source, never
// their names), which runs the node logs (from their pump settings), and the lines the preflight prints.
import { expect, test } from "@playwright/test";
import type { Pipe } from "../../support/clients/sesam/schemas.ts";
import { describeProfile, nodeProfile, observePipesFor, pipeProfile } from "../../support/sync/node-profile.ts";
import { ReadConsistency } from "../../support/run/read-consistency.ts";

type Loose = Record<string, unknown>;
const pipe = (id: string, source: Loose, sink: Loose | null, pump: Loose = {}): Pipe => ({
  _id: id,
  config: { original: {}, effective: { source, ...(sink ? { sink } : {}), pump } },
});

// The connector templates' chain (sesam-io/powerofficego-connector, branch playground): -all reads the tenant,
// -collect reads -all's dataset, the merge links, -transform and -share write back.
const CHAIN: Pipe[] = [
  pipe("po-customers-all", { type: "rest", system: "powerofficego" }, { type: "dataset", dataset: "po-customers-all" }),
  pipe(
    "po-customers-collect",
    { type: "dataset", dataset: "po-customers-all" },
    { type: "dataset", dataset: "po-customers-collect" },
  ),
  pipe("hub-users-x", { type: "rest", system: "youtrack" }, null),
  pipe(
    "global-person",
    { type: "merge", datasets: ["po-customers-collect po", "hub-users-x hub"] },
    { type: "dataset", dataset: "global-person" },
  ),
  pipe(
    "po-customers-transform",
    { type: "dataset", dataset: "global-person" },
    { type: "dataset", dataset: "po-customers-transform" },
  ),
  pipe(
    "po-customers-share",
    { type: "dataset", dataset: "po-customers-transform" },
    { type: "rest", system: "powerofficego" },
    {
      log_events_noop_runs: true,
    },
  ),
];
const IDS = CHAIN.map((p) => p._id);

test("the pipes that observe the tenants come from the config: a rest source, and datasets only they wrote, never a merge", () => {
  const profile = nodeProfile(CHAIN, IDS, null);
  expect(profile.observe).toEqual(["po-customers-all", "po-customers-collect", "hub-users-x"]);
  expect(profile.observeFrom).toBe("config");
  // A name ending in -collect that reads a merge output is not an observer; the transform is not either.
  const renamed = nodeProfile(
    [
      ...CHAIN,
      pipe("late-collect", { type: "dataset", dataset: "global-person" }, { type: "dataset", dataset: "late" }),
    ],
    [...IDS, "late-collect"],
    null,
  );
  expect(renamed.observe).not.toContain("late-collect");
  expect(nodeProfile(CHAIN, IDS, ["hub-users-x"])).toMatchObject({
    observe: ["hub-users-x"],
    observeFrom: "SESAM_OBSERVE_PIPES",
  });
});

test("a datatype is observed by the pipes its collect dataset is made from; all of them when the config does not show those", () => {
  const profile = nodeProfile(CHAIN, IDS, null);
  // po-customers-collect and the -all pipe it reads: the Hub reader need not run to see a PowerOffice edit.
  expect(observePipesFor(profile, "po-customers")).toEqual(["po-customers-all", "po-customers-collect"]);
  // No `hub-users-collect` in this config (the Hub pipe writes its own dataset): every observer runs.
  expect(observePipesFor(profile, "hub-users")).toEqual(profile.observe);
  // SESAM_OBSERVE_PIPES says nothing per datatype: the named pipes run whatever is observed.
  expect(observePipesFor(nodeProfile(CHAIN, IDS, ["hub-users-x"]), "po-customers")).toEqual(["hub-users-x"]);
});

test("logging comes from the effective pump settings, with Sesam's defaults when they are absent", () => {
  expect(pipeProfile(CHAIN[0] as Pipe)).toMatchObject({
    logsEveryRun: false,
    noopDecidedBy: "sink",
    granularitySeconds: null,
  });
  expect(pipeProfile(CHAIN[5] as Pipe)).toMatchObject({
    logsEveryRun: true,
    readsTenant: false,
    writes: null,
    writesTenant: true,
  });
  // What settles a pass: only the pipes whose sink is a system write to a tenant; a node that shows no config, unknown.
  expect(CHAIN.map((p) => pipeProfile(p).writesTenant)).toEqual([false, false, false, false, false, true]);
  const source = pipe("p", { type: "dataset", dataset: "x" }, null, {
    log_events_noop_runs_changes_only: false,
    notification_granularity: 900,
  });
  expect(pipeProfile(source)).toMatchObject({ noopDecidedBy: "source", granularitySeconds: 900, writes: "p" });
  // A node that shows no config: nothing is assumed about what the pipe reads.
  expect(pipeProfile({ _id: "bare" })).toMatchObject({
    source: null,
    readsTenant: null,
    writesTenant: null,
    logsEveryRun: false,
  });
  expect(nodeProfile([{ _id: "bare" }], ["bare"], null).observe).toEqual([]);
});

test("the preflight prints one line per pipe with what the driver relies on, then the observers and the pass", () => {
  const lines = describeProfile(nodeProfile(CHAIN, IDS, null), "pump");
  expect(lines).toHaveLength(CHAIN.length + 3);
  expect(lines[0]).toMatch(
    /^po-customers-all\s+reads a tenant \(source rest\); writes po-customers-all; no-op runs unlogged \(the sink decides\): its end from the pump's last-run/,
  );
  expect(lines[5]).toMatch(
    /po-customers-share\s+reads po-customers-transform \(source dataset\); writes a tenant; every run logged/,
  );
  expect(lines[6]).toBe(
    "observe (newest-edit-wins): po-customers-all, po-customers-collect, hub-users-x (from config); a conflict runs only its older edit's datatype's: po-customers (po-customers-all, po-customers-collect); any other datatype's, all of them",
  );
  expect(lines[8]).toBe("settled: a pass in which no pipe that writes a tenant changed anything");
  expect(describeProfile(nodeProfile([{ _id: "bare" }], ["bare"], null), "pump").at(-1)).toMatch(
    /settled: a pass that changed nothing/,
  );
  expect(describeProfile(nodeProfile(CHAIN, IDS, null), "scheduler").at(-2)).toMatch(
    /run-all-pipes.*delete_input_datasets=false, reset_pipes_and_delete_sink_datasets=false/,
  );
  expect(describeProfile(nodeProfile([{ _id: "bare" }], ["bare"], null), "pump")[1]).toMatch(/set SESAM_OBSERVE_PIPES/);
});

test("read consistency: a negative check waits out the tenant's lag after the last write, and only that", async () => {
  const consistency = new ReadConsistency({ youtrack: 0, poweroffice: 200 });
  expect(consistency.remainingMs("poweroffice")).toBe(0);
  consistency.wrote("poweroffice");
  expect(consistency.remainingMs("poweroffice")).toBeGreaterThan(100);
  expect(consistency.remainingMs("youtrack")).toBe(0);
  await consistency.caughtUp("poweroffice");
  expect(consistency.remainingMs("poweroffice")).toBe(0);
  consistency.wrote("any");
  expect(consistency.remainingMs("poweroffice")).toBeGreaterThan(100);
});
