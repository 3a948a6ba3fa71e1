// A deadline too short for the node's passes, as a user pointing the harness at a slow node with the default
// SYNC_TIMEOUT_MS meets it: each failed row of the checklist report says so with the value to set, and the console
// says it once for the run, not once per test or worker.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import type { Sandbox } from "../../emulators/sandbox.ts";
import { createSesamClient } from "../../support/clients/sesam/client.ts";
import { DEFAULT_CHECKLIST, runCli, runSpecs, syncing, taggedRecords, withSandbox } from "./harness.ts";
import { fullTrust } from "./modes.ts";

test("a SYNC_TIMEOUT_MS shorter than three of the node's passes: each failed row says so with the value to set, the console once", async () => {
  test.setTimeout(180_000);
  // Ten pipes of 300 ms: a pass takes about 3 s, longer than the whole deadline.
  await withSandbox(syncing([DEFAULT_CHECKLIST], [], { runDurationMs: 300 }), async (sandbox) => {
    const run = await runSpecs({ ...sandbox.env, CHECKLIST: DEFAULT_CHECKLIST, SYNC_TIMEOUT_MS: "2500" }, [
      "--workers",
      "2",
      "--grep",
      "@sync",
    ]);
    const failed = run.cases.filter((c) => c.status === "failed");
    expect(run.code, run.output.slice(-2000)).toBe(1);
    expect(failed.length, run.output.slice(-2000)).toBeGreaterThan(1);
    for (const c of failed) {
      expect(c.detail).toMatch(
        /; a sync pass takes about \d+ ms on this node and SYNC_TIMEOUT_MS \(2500 ms\) allows fewer than 3: a wait may have run out before the sync could finish; set SYNC_TIMEOUT_MS to \d+000 or more$/,
      );
    }
    expect(run.output.match(/talk-qa: a sync pass takes about \d+ ms/g), run.output.slice(-2000)).toHaveLength(1);
    expect(await taggedRecords(sandbox)).toEqual([]);
  });
});

// A node whose pipes have run before the harness comes (a real one runs them on its own schedule): every pipe once,
// all at once (a run of the sandbox's node lasts at least its runDurationMs, the waits overlapping), each logged.
async function runEveryPipeOnce(sandbox: Sandbox): Promise<void> {
  const sesam = createSesamClient({
    baseUrl: `${sandbox.env.SESAM_URL ?? ""}`,
    jwt: sandbox.env.SESAM_JWT ?? "",
    timeoutMs: 15_000,
  });
  try {
    const pipes = (await sesam.pipes.list()).map((pipe) => pipe._id);
    await Promise.all(pipes.map((pipe) => sesam.pipes.start(pipe)));
    await expect
      .poll(
        async () =>
          (await Promise.all(pipes.map((pipe) => sesam.pipes.runtime(pipe)))).filter(
            (r) => r["is-running"] || !r["last-run"],
          ).length,
        {
          timeout: 30_000,
          message: "every pipe ran once",
        },
      )
      .toBe(0);
  } finally {
    await sesam.close();
  }
}

// Ten pipes whose logged runs take 1.1 s: a pass takes about 11 s, and the default 30 s allows fewer than three.
const SLOW_LOGGED = { runDurationMs: 1_100, pumpSettings: { all: { log_events_noop_runs: true } } };

// `npm run trust`'s (npm test keeps to its 5 minutes; selftest/harness/deadline.test.ts covers the choice itself).
if (fullTrust())
  test("SYNC_TIMEOUT_MS left unset against a node whose pipes' logs show slow runs: the harness chooses room for three passes and says so", async () => {
    await withSandbox(syncing([DEFAULT_CHECKLIST], [], SLOW_LOGGED), async (sandbox) => {
      await runEveryPipeOnce(sandbox);
      const dry = await runCli("support/cli/qa.ts", ["--dry-run"], { ...sandbox.env, CHECKLIST: DEFAULT_CHECKLIST });
      expect(dry.code, dry.output.slice(-2000)).toBe(0);
      expect(dry.output).toMatch(
        /SYNC_TIMEOUT_MS is not set and a sync pass takes about 1\d\d\d\d ms on this node \(its pipes' execution logs: 10 of 10 pipes show runs\), so waits allow [34]\d000 ms, 3 passes, instead of 30000; set SYNC_TIMEOUT_MS to choose/,
      );
      // Set, it is the user's: nothing is chosen.
      const set = await runCli("support/cli/qa.ts", ["--dry-run"], {
        ...sandbox.env,
        CHECKLIST: DEFAULT_CHECKLIST,
        SYNC_TIMEOUT_MS: "30000",
      });
      expect(set.code, set.output.slice(-2000)).toBe(0);
      expect(set.output).not.toMatch(/SYNC_TIMEOUT_MS is not set/);
    });
  });

if (fullTrust())
  test("the deadline the harness chooses reaches the workers and the report: a test against that node passes", async () => {
    test.setTimeout(300_000);
    await withSandbox(syncing([DEFAULT_CHECKLIST], [], SLOW_LOGGED), async (sandbox) => {
      await runEveryPipeOnce(sandbox);
      const run = await runSpecs({ ...sandbox.env, CHECKLIST: DEFAULT_CHECKLIST }, [
        "--workers",
        "1",
        "--grep",
        "Contactperson.*records with different values stay apart",
      ]);
      expect(run.code, run.output.slice(-2000)).toBe(0);
      expect(run.cases.filter((c) => c.status === "passed")).toHaveLength(1);
      expect(run.output.match(/talk-qa: SYNC_TIMEOUT_MS is not set/g), run.output.slice(-2000)).toHaveLength(1);
      const environment = readFileSync(join(run.reportsDir, "allure-results", "environment.properties"), "utf8");
      expect(environment).toMatch(/Sync\\ driver=pump, timeout [34]\d000 ms/);
      expect(await taggedRecords(sandbox)).toEqual([]);
    });
  });
