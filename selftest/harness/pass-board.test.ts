// Passes shared by the run's workers: one pass that begins after several tests asked serves them all, whichever
// worker runs it; a pass that began before a test asked never serves it; a failure reaches every test it served.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { expect, test } from "@playwright/test";
import { SyncRunFailedError } from "../../support/sync/errors.ts";
import { PassBoard } from "../../support/sync/pass-board.ts";
import type { SyncPass } from "../../support/sync/types.ts";

const BOARD = new URL("../../support/sync/pass-board.ts", import.meta.url).href;

const boardDir = () => mkdtempSync(join(tmpdir(), "talk-qa-passes-"));

/**
 * A pass that takes `ms` and says which one it was (in `changes`) and when it began; its first run can start
 * `readyAfterMs` after it was claimed (the node busy with an earlier pass's run until then).
 */
function passMaker(ms: number, readyAfterMs = 0) {
  const began: number[] = [];
  const run = async (starting: () => void): Promise<SyncPass> => {
    if (readyAfterMs > 0) await delay(readyAfterMs);
    starting();
    began.push(Date.now());
    const n = began.length;
    await delay(ms);
    return { runs: [], changes: n, durationMs: ms };
  };
  return { run, began };
}

test("tests that ask together share one pass", async () => {
  const dir = boardDir();
  const { run, began } = passMaker(50);
  const askedAt = Date.now();
  const served = await Promise.all([0, 1, 2].map(() => new PassBoard(dir, 5_000).passAfter(askedAt, run)));
  expect(began, "one pass ran for three askers").toHaveLength(1);
  expect(served.map((pass) => pass.changes)).toEqual([1, 1, 1]);
});

test("a pass that began before a test asked does not serve it: its own begins at once, without waiting for the other to end", async () => {
  const dir = boardDir();
  const { run, began } = passMaker(300);
  const first = new PassBoard(dir, 5_000).passAfter(Date.now(), run);
  await expect.poll(() => began.length).toBe(1);
  await delay(10);
  // Asked while the first pass runs (its edit may be too late for it): its own pass begins at once, behind the first
  // (on a node, pipe by pipe), rather than after it.
  const askedAt = Date.now();
  const second = new PassBoard(dir, 5_000).passAfter(askedAt, run);
  const firstEnded = await first.then((pass) => ({ pass, at: Date.now() }));
  expect(firstEnded.pass.changes).toBe(1);
  expect(began[1], "the second pass began before the first ended").toBeLessThan(firstEnded.at);
  expect((await second).changes, "served by a pass that began after the ask").toBe(2);
  expect(began[1]).toBeGreaterThanOrEqual(askedAt);
});

test("tests that ask while a pass waits for the node join it; one that asks once it started begins the next", async () => {
  const dir = boardDir();
  const { run, began } = passMaker(100, 200);
  const first = new PassBoard(dir, 5_000).passAfter(Date.now(), run);
  await delay(50);
  // Claimed, not started: its runs will all read the tenants after this ask.
  const joined = new PassBoard(dir, 5_000).passAfter(Date.now(), run);
  await expect.poll(() => began.length).toBe(1);
  const after = new PassBoard(dir, 5_000).passAfter(Date.now(), run);
  expect([(await first).changes, (await joined).changes], "one pass for both").toEqual([1, 1]);
  expect((await after).changes, "its own pass, begun after it asked").toBe(2);
});

test("at most two passes are under way: a third forms until the first ends, gathering the tests that ask", async () => {
  const dir = boardDir();
  const { run, began } = passMaker(300);
  const ask = () => new PassBoard(dir, 5_000).passAfter(Date.now(), run);
  const first = ask();
  await expect.poll(() => began.length).toBe(1);
  const second = ask();
  await expect.poll(() => began.length).toBe(2);
  const third = ask();
  await delay(100);
  const joining = ask();
  expect(began, "the third waits while two are under way").toHaveLength(2);
  const firstEnded = await first.then(() => Date.now());
  const served = await Promise.all([second, third, joining]);
  expect(served.map((pass) => pass.changes)).toEqual([2, 3, 3]);
  expect(began[2]).toBeGreaterThanOrEqual(firstEnded - 5);
});

test("a failed run reaches every test the pass served", async () => {
  const dir = boardDir();
  const askedAt = Date.now();
  const failing = async (): Promise<SyncPass> => {
    await delay(30);
    throw new SyncRunFailedError({
      pipe: "youtrack-user-all",
      outcome: "failed",
      changes: null,
      logged: true,
      reason: "boom",
    });
  };
  const results = await Promise.allSettled([0, 1].map(() => new PassBoard(dir, 5_000).passAfter(askedAt, failing)));
  for (const result of results) {
    expect(result.status).toBe("rejected");
    if (result.status === "rejected") {
      expect(result.reason).toBeInstanceOf(SyncRunFailedError);
      expect(String(result.reason)).toContain("youtrack-user-all");
    }
  }
});

test("a pass another process runs serves this one, and a claim whose worker died does not block", async () => {
  const dir = boardDir();
  // A claim left behind by a worker that died: its pid is above Linux's pid_max.
  mkdirSync(join(dir, "claim"));
  writeFileSync(join(dir, "claim", "owner"), String(2 ** 22 + 17));
  const askedAt = Date.now();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      `const { PassBoard } = await import(${JSON.stringify(BOARD)});
       const pass = await new PassBoard(${JSON.stringify(dir)}, 10000).passAfter(${askedAt}, async (starting) => {
         starting();
         console.log("running");
         await new Promise((done) => setTimeout(done, 300));
         return { runs: [], changes: 7, durationMs: 300 };
       });
       console.log("done " + pass.changes);`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await expect.poll(() => output, { timeout: 15_000 }).toContain("running");
  let ranHere = false;
  const pass = await new PassBoard(dir, 10_000).passAfter(askedAt, async () => {
    ranHere = true;
    return { runs: [], changes: 0, durationMs: 0 };
  });
  expect(ranHere, "the other process's pass served this test").toBe(false);
  expect(pass.changes).toBe(7);
  await expect.poll(() => output).toContain("done 7");
});

test("a pass whose worker stopped without an end (its test failed mid-pass) serves nobody: the test asks again", async () => {
  const dir = boardDir();
  // Claimed before the ask, still forming when its worker died: it would have served the test.
  writeFileSync(
    join(dir, "pass-1.json"),
    JSON.stringify({ seq: 1, pid: 2 ** 22 + 17, startedAt: Date.now(), firstRunAt: null, ended: null }),
  );
  const { run, began } = passMaker(20);
  const askedAt = Date.now();
  const pass = await new PassBoard(dir, 5_000).passAfter(askedAt, run);
  expect(began, "a pass of its own").toHaveLength(1);
  expect(pass.changes).toBe(1);
  expect(began[0]).toBeGreaterThanOrEqual(askedAt);
});
