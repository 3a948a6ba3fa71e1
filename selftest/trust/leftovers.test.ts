// A run leaves nothing behind and loses nothing: interrupted with SIGINT it cleans up on the way out; killed
// outright, `npm run sweep` finds its records by their tag and removes them, and never touches anything else.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { DEFAULT_CHECKLIST, runCli, startSpecs, syncing, taggedRecords, withSandbox } from "./harness.ts";
import type { StartedRun } from "./harness.ts";
import { seedPreexisting } from "./preexisting.ts";

test.describe.configure({ mode: "parallel" });

const ENV = { CHECKLIST: DEFAULT_CHECKLIST, SYNC_TIMEOUT_MS: "10000" };

/** Waits until the run has records in the tenants (it is seeding or syncing), then signals its whole process group. */
async function interrupt(run: StartedRun, sandbox: Parameters<typeof taggedRecords>[0], signal: NodeJS.Signals) {
  let ended = false;
  void run.done.then(() => (ended = true));
  await expect
    .poll(async () => (ended ? "ended" : (await taggedRecords(sandbox)).length > 0 ? "seeding" : "starting"), {
      message: "the run should be seeding or syncing before it ends",
      timeout: 60_000,
      intervals: [20],
    })
    .not.toBe("starting");
  if (ended) throw new Error(`the run ended before it created any record:\n${(await run.done).output.slice(-2000)}`);
  process.kill(-(run.child.pid as number), signal);
  return run.done;
}

test("a run interrupted with SIGINT in the middle removes its records on the way out", async () => {
  test.setTimeout(120_000);
  await withSandbox(syncing([DEFAULT_CHECKLIST]), async (sandbox) => {
    const before = await seedPreexisting(sandbox);
    const expected = await before.snapshot();
    const run = startSpecs({ ...sandbox.env, ...ENV }, ["--workers", "2"]);
    const ended = await interrupt(run, sandbox, "SIGINT");
    expect(ended.code === 0, "an interrupted run does not pass").toBe(false);
    expect(await taggedRecords(sandbox)).toEqual([]);
    expect(await before.snapshot()).toEqual(expected);
  });
});

test("a run killed outright leaves records that `npm run sweep` finds by their tag, touching nothing else", async () => {
  test.setTimeout(120_000);
  await withSandbox(syncing([DEFAULT_CHECKLIST]), async (sandbox) => {
    const before = await seedPreexisting(sandbox);
    const expected = await before.snapshot();
    const run = startSpecs({ ...sandbox.env, ...ENV }, ["--workers", "2"]);
    await interrupt(run, sandbox, "SIGKILL");
    const left = await taggedRecords(sandbox);
    expect(left.length, "a killed run cannot clean up: this is what the sweeper is for").toBeGreaterThan(0);

    const sweepEnv = { ...sandbox.env, TALK_QA_REPORTS_DIR: run.reportsDir };
    const tooYoung = await runCli("support/cli/sweep.ts", ["--older-than", "1h"], sweepEnv);
    expect(tooYoung.code, tooYoung.output).toBe(0);
    expect((await taggedRecords(sandbox)).length, "records younger than --older-than stay").toBe(left.length);

    // Without the ledger (another machine, a lost workspace) the tag alone is enough.
    rmSync(join(run.reportsDir, ".ledger"), { recursive: true, force: true });
    const sweep = await runCli("support/cli/sweep.ts", ["--older-than", "0m"], sweepEnv);
    expect(sweep.code, sweep.output).toBe(0);
    expect(sweep.output).toMatch(/\d+ record\(s\) removed/);
    expect(await taggedRecords(sandbox)).toEqual([]);
    expect(await before.snapshot()).toEqual(expected);
  });
});
