// A lock any process on the machine can take: a directory made atomically (mkdir fails if it exists), with the
// taker's pid inside, so a lock whose owner died is cleared instead of being waited on for ever.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where a run keeps its workers' locks and shared passes; the global teardown removes it. */
export const runLocksDir = (reportsDir: string, runId: string): string => join(reportsDir, ".locks", runId);

/** Whether a process with this pid runs (EPERM: it runs, as another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock, or says another process holds it (clearing it first when that process died). */
export function tryTakeDirLock(dir: string): boolean {
  try {
    mkdirSync(dir);
    writeFileSync(join(dir, "owner"), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    dirLockHeld(dir);
    return false;
  }
}

/**
 * Whether a live process holds the lock; one whose owner died is removed. A lock just made (its owner not yet
 * written) or just being released (its owner already gone) counts as held: the caller asks again.
 */
export function dirLockHeld(dir: string): boolean {
  if (!existsSync(dir)) return false;
  const owner = ownerOf(dir);
  if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
    releaseDirLock(dir);
    return false;
  }
  return true;
}

export function releaseDirLock(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The pid in the lock's owner file; NaN when there is none (yet, or any more). */
function ownerOf(dir: string): number {
  try {
    return Number(readFileSync(join(dir, "owner"), "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return NaN;
    throw error;
  }
}
