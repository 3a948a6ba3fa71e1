// Passes shared by the run's workers: one pass that begins after several tests asked serves them all, whichever
// worker runs it; a pass that began before a test asked never serves it; a failure reaches every test it served.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { expect, test } from "@playwright/test";
import { SyncRunFailedError, SyncTimeoutError } from "../../support/sync/errors.ts";
import { PassBoard, type RunTook } from "../../support/sync/pass-board.ts";
import type { SyncPass } from "../../support/sync/types.ts";

const BOARD = new URL("../../support/sync/pass-board.ts", import.meta.url).href;

const boardDir = () => mkdtempSync(join(tmpdir(), "talk-qa-passes-"));

/**
 * A pass that takes `ms` and says which one it was (in `changes`) and when it began; its first run can start
 * `readyAfterMs` after it was claimed (the node busy with an earlier pass's run until then). With `pipes`, it runs
 * that many pipes of `ms / pipes` each and says so as each ends; without, it says nothing of its progress (as a
 * scheduler pass does).
 */
function passMaker(ms: number, readyAfterMs = 0, pipes = 0) {
  const began: number[] = [];
  const run = async (starting: () => void, ran: (done: number, of: number) => void): Promise<SyncPass> => {
    if (readyAfterMs > 0) await delay(readyAfterMs);
    starting();
    began.push(Date.now());
    const n = began.length;
    if (pipes === 0) await delay(ms);
    for (let done = 1; done <= pipes; done++) {
      await delay(ms / pipes);
      ran(done, pipes);
    }
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

test("a pass that began before a test asked does not serve it: its own begins behind it, without waiting for its end", async () => {
  const dir = boardDir();
  const { run, began } = passMaker(300, 0, 4);
  const first = new PassBoard(dir, 5_000).passAfter(Date.now(), run);
  await expect.poll(() => began.length).toBe(1);
  await delay(10);
  // Asked while the first pass runs (its edit may be too late for it): its own pass begins behind the first (on a
  // node, pipe by pipe) once the first is a quarter in, rather than after it.
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

test("the next pass starts once the one ahead has run a quarter of its pipes, gathering the tests that ask until then", async () => {
  const dir = boardDir();
  // 8 pipes of 100 ms: the next pass may start once the first has run 2.
  const { run, began } = passMaker(800, 0, 8);
  const ask = () => new PassBoard(dir, 5_000).passAfter(Date.now(), run);
  const first = ask();
  await expect.poll(() => began.length).toBe(1);
  await delay(20);
  const second = ask();
  await delay(60);
  const joining = ask();
  expect(began, "the second forms while the first is not a quarter in").toHaveLength(1);
  await expect.poll(() => began.length).toBe(2);
  const [firstBegan, secondBegan] = began as [number, number];
  expect(secondBegan - firstBegan, "behind the first by two of its pipes").toBeGreaterThanOrEqual(195);
  const firstEnded = await first.then(() => Date.now());
  expect(secondBegan, "long before the first ended").toBeLessThan(firstEnded - 400);
  const served = await Promise.all([second, joining]);
  expect(
    served.map((pass) => pass.changes),
    "the test that asked while it formed joined it",
  ).toEqual([2, 2]);
});

test("a pass that says nothing of its progress (a scheduler pass) is waited out before the next one starts", async () => {
  const dir = boardDir();
  const { run, began } = passMaker(300);
  const ask = () => new PassBoard(dir, 5_000).passAfter(Date.now(), run);
  const first = ask();
  await expect.poll(() => began.length).toBe(1);
  await delay(20);
  const second = ask();
  const firstEnded = await first.then(() => Date.now());
  expect((await second).changes).toBe(2);
  expect(began[1], "began once the first ended").toBeGreaterThanOrEqual(firstEnded - 5);
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

test("a test that joins a pass learns what each of its pipe runs took, even when the pass ran out of time", async () => {
  const dir = boardDir();
  const askedAt = Date.now();
  // Two pipe runs of about 40 ms end, then the third outlasts the deadline.
  const slow = async (starting: () => void, ran: (done: number, of: number, took?: RunTook) => void) => {
    starting();
    for (const [done, pipe] of ["collect", "transform"].entries()) {
      await delay(40);
      ran(done + 1, 10, { pipe, ms: 40 });
    }
    await delay(30);
    throw new SyncTimeoutError("pipe share did not finish", 100, "is-running true");
  };
  const learned: Record<string, RunTook[]> = { runner: [], joiner: [] };
  const ask = (who: "runner" | "joiner") =>
    new PassBoard(dir, 5_000).passAfter(askedAt, slow, (took) => learned[who]?.push(took));
  const results = await Promise.allSettled([ask("runner"), ask("joiner")]);
  expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
  // The one that ran it knew already; the other learns from the board.
  const all = [...(learned.runner ?? []), ...(learned.joiner ?? [])];
  expect(all).toEqual([
    { pipe: "collect", ms: 40 },
    { pipe: "transform", ms: 40 },
  ]);
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
    JSON.stringify({ seq: 1, pid: 2 ** 22 + 17, startedAt: Date.now(), firstRunAt: null, progress: null, ended: null }),
  );
  const { run, began } = passMaker(20);
  const askedAt = Date.now();
  const pass = await new PassBoard(dir, 5_000).passAfter(askedAt, run);
  expect(began, "a pass of its own").toHaveLength(1);
  expect(pass.changes).toBe(1);
  expect(began[0]).toBeGreaterThanOrEqual(askedAt);
});
