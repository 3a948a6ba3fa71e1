import { mkdirSync, readdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { alive, dirLockHeld, releaseDirLock, tryTakeDirLock } from "./dir-lock.ts";

/**
 * Coordinates the sync passes of the run's workers (separate processes sharing one Sesam node). Passes hold the
 * lock shared; a test that needs the node quiet between two edits (a conflict: no pass may run between them)
 * holds it exclusively. Files under the run's reports folder, so it needs nothing but the file system.
 */
export interface PassLock {
  shared<T>(work: () => Promise<T>): Promise<T>;
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

export const NO_LOCK: PassLock = { shared: (work) => work(), exclusive: (work) => work() };

const POLL_MS = 5;

export class FileLock implements PassLock {
  readonly #shared: string;
  readonly #exclusive: string;
  readonly #timeoutMs: number;
  #owner = false;
  #counter = 0;

  constructor(dir: string, timeoutMs: number) {
    this.#shared = join(dir, "shared");
    this.#exclusive = join(dir, "exclusive");
    this.#timeoutMs = timeoutMs;
    mkdirSync(this.#shared, { recursive: true });
  }

  async shared<T>(work: () => Promise<T>): Promise<T> {
    // The exclusive holder's own passes (inside its quiet window) run under its lock.
    if (this.#owner) return work();
    const file = join(this.#shared, `${process.pid}.${++this.#counter}`);
    const deadline = Date.now() + this.#timeoutMs;
    for (;;) {
      if (!dirLockHeld(this.#exclusive)) {
        writeFileSync(file, "");
        if (!dirLockHeld(this.#exclusive)) break;
        unlinkSync(file);
      }
      if (Date.now() > deadline)
        throw new Error(`sync: another worker kept the node to itself for over ${this.#timeoutMs} ms`);
      await delay(POLL_MS);
    }
    try {
      return await work();
    } finally {
      rmSync(file, { force: true });
    }
  }

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.#owner) return work();
    const deadline = Date.now() + 4 * this.#timeoutMs;
    const waitFor = async (done: () => boolean, what: string) => {
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`sync: waited over ${4 * this.#timeoutMs} ms for ${what}`);
        await delay(POLL_MS);
      }
    };
    await waitFor(() => tryTakeDirLock(this.#exclusive), "another worker's quiet window to end");
    this.#owner = true;
    try {
      await waitFor(() => this.#holders().length === 0, "the other workers' sync passes to finish");
      return await work();
    } finally {
      this.#owner = false;
      releaseDirLock(this.#exclusive);
    }
  }

  /** Passes under way in other processes (a holder that died no longer counts). */
  #holders(): string[] {
    return readdirSync(this.#shared).filter((name) => {
      const pid = Number(name.split(".")[0]);
      if (pid === process.pid) return false;
      if (alive(pid)) return true;
      rmSync(join(this.#shared, name), { force: true });
      return false;
    });
  }
}
