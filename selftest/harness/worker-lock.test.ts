// The pass lock between worker processes: a quiet window waits for other workers' passes, and a crashed holder
// does not block anyone.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { FileLock } from "../../support/sync/worker-lock.ts";

const LOCK = new URL("../../support/sync/worker-lock.ts", import.meta.url).href;

test("an exclusive window waits until another process's pass has finished", async () => {
  const dir = mkdtempSync(join(tmpdir(), "talk-qa-lock-"));
  // Another worker: takes the lock shared, says so, and holds it until told to let go.
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      `const { FileLock } = await import(${JSON.stringify(LOCK)});
       await new FileLock(${JSON.stringify(dir)}, 10000).shared(() => new Promise((done) => {
         console.log("held");
         process.stdin.once("data", done);
       }));
       console.log("released");`,
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await expect.poll(() => output, { timeout: 15_000 }).toContain("held");

  let ran = false;
  const window = new FileLock(dir, 10_000).exclusive(async () => {
    ran = true;
  });
  // The window has claimed the lock (new passes now wait) but cannot start while the other pass runs.
  await expect.poll(() => existsSync(join(dir, "exclusive"))).toBe(true);
  expect(ran).toBe(false);
  child.stdin.write("go\n");
  await window;
  expect(ran).toBe(true);
  await expect.poll(() => output).toContain("released");
  expect(existsSync(join(dir, "exclusive"))).toBe(false);
});

test("a holder that died (its pid is gone) no longer counts", async () => {
  const dir = mkdtempSync(join(tmpdir(), "talk-qa-lock-"));
  const dead = 2 ** 22 + 17; // above Linux's pid_max: never a live process
  mkdirSync(join(dir, "shared"), { recursive: true });
  writeFileSync(join(dir, "shared", `${dead}.1`), "");
  mkdirSync(join(dir, "exclusive"));
  writeFileSync(join(dir, "exclusive", "owner"), String(dead));
  const lock = new FileLock(dir, 2_000);
  expect(await lock.shared(async () => "pass")).toBe("pass");
  expect(await lock.exclusive(async () => "window")).toBe("window");
  expect(existsSync(join(dir, "shared", `${dead}.1`))).toBe(false);
});
