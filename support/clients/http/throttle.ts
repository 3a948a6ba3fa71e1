// Client-side rate limit for PowerOffice Go, which allows 10 requests per second per subscription key and
// answers 429 past it. One limiter per key per process, whichever clients share the key, so parallel specs
// do not throttle each other into 429s. The registry is keyed by a hash: the key itself is never kept.
import { createHash } from "node:crypto";
import { HubThrottle } from "./throttle-hub.ts";

/** Frees the slot a request took; called when its answer (or failure) is in. */
export type ReleaseSlot = () => void;

export interface Throttle {
  /** Resolves when one more request may start; rejects with the signal's reason when aborted while waiting. */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot>;
  /** Holds every waiter back for `ms` (the server said 429 with Retry-After: the whole key is over budget). */
  pause(ms: number): void;
}

// A slot is busy while its request is in flight and for a window after the answer came back. The server
// counted the request at some moment before it answered, so a new request sent a window after that answer
// can never share the server's second with it, however late the first one arrived (in-process emulators
// share an event loop with the client, and real networks queue). The extra 50 ms cover clock granularity.
const WINDOW_MS = 1050;

interface Waiter {
  resolve: (release: ReleaseSlot) => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class SlidingWindowThrottle implements Throttle {
  readonly #limits: number[] = [];
  /** One entry per busy slot: when its request finished, or Infinity while it is in flight. */
  readonly #slots: number[] = [];
  readonly #waiters: Waiter[] = [];
  #pausedUntil = 0;
  #timer: NodeJS.Timeout | undefined;

  /** The limit in force: the strictest of the clients currently holding this throttle. */
  get limit(): number {
    return this.#limits.length > 0 ? Math.min(...this.#limits) : Infinity;
  }

  hold(perSecond: number): void {
    this.#limits.push(Math.floor(perSecond));
  }

  release(perSecond: number): void {
    const index = this.#limits.indexOf(Math.floor(perSecond));
    if (index >= 0) this.#limits.splice(index, 1);
  }

  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.#waiters.push(waiter);
      this.#drain();
    });
  }

  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, performance.now() + ms);
  }

  #take(): ReleaseSlot {
    // In-flight slots are all alike (Infinity), so a release may mark any one of them finished.
    this.#slots.push(Infinity);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const index = this.#slots.indexOf(Infinity);
      if (index >= 0) this.#slots[index] = performance.now();
      this.#drain();
    };
  }

  #drain(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while (this.#waiters.length > 0) {
      const now = performance.now();
      for (let i = this.#slots.length - 1; i >= 0; i--) {
        if ((this.#slots[i] as number) <= now - WINDOW_MS) this.#slots.splice(i, 1);
      }
      let wait = this.#pausedUntil - now;
      if (this.#slots.length >= this.limit) {
        // Every slot busy: the next one frees a window after the earliest finished request; when all are
        // still in flight, a release will drain again.
        const earliest = Math.min(...this.#slots);
        if (earliest === Infinity) return;
        wait = Math.max(wait, earliest + WINDOW_MS - now);
      }
      if (wait > 0) {
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#drain();
        }, Math.ceil(wait));
        return;
      }
      const waiter = this.#waiters.shift() as Waiter;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener("abort", waiter.onAbort);
      waiter.resolve(this.#take());
    }
  }
}

const registry = new Map<string, SlidingWindowThrottle>();

export interface ThrottleLease {
  throttle: Throttle;
  /** Gives the client's limit back (on close), so a strict client does not slow others forever. */
  release(): void;
}

/**
 * The limiter for one subscription key; clients with different limits share the strictest. Process-wide, or, given
 * the URL of the run's hub (throttle-hub.ts), run-wide: one budget for every worker process.
 */
export function sharedThrottle(subscriptionKey: string, perSecond: number, hubUrl?: string): ThrottleLease {
  if (!Number.isFinite(perSecond) || perSecond < 1) {
    throw new RangeError(`throttle.perSecond must be a number >= 1, got ${perSecond}`);
  }
  const id = createHash("sha256").update(subscriptionKey).digest("hex").slice(0, 16);
  if (hubUrl !== undefined) return { throttle: new HubThrottle(hubUrl, id, Math.floor(perSecond)), release: () => {} };
  let throttle = registry.get(id);
  if (!throttle) {
    throttle = new SlidingWindowThrottle();
    registry.set(id, throttle);
  }
  throttle.hold(perSecond);
  let released = false;
  const held = throttle;
  return {
    throttle: held,
    release: () => {
      if (released) return;
      released = true;
      held.release(perSecond);
    },
  };
}
