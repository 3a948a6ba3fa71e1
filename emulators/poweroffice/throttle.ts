export interface ThrottleConfig {
  enabled: boolean;
  perSecond: number;
}

export type ThrottleResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A sliding one-second window per subscription key, like API Management's rate-limit-by-key policy. Only admitted
 * calls count, so a client that waits as told by Retry-After gets through. It also keeps, per key, the most calls
 * admitted in any one second (kept with the limit off too): what a client's rate was, exactly, for the bench.
 */
export class Throttle {
  readonly #windows = new Map<string, number[]>();
  /** Every call admitted in the last second per key, the limit on or off: for `busiestSecond`. */
  readonly #seen = new Map<string, number[]>();
  readonly #busiest = new Map<string, number>();

  admit(key: string, config: ThrottleConfig, now = Date.now()): ThrottleResult {
    if (config.enabled) {
      const window = (this.#windows.get(key) ?? []).filter((at) => at > now - 1000);
      this.#windows.set(key, window);
      if (window.length >= config.perSecond) {
        const oldest = window[0] as number;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + 1000 - now) / 1000)) };
      }
      window.push(now);
    }
    const seen = (this.#seen.get(key) ?? []).filter((at) => at > now - 1000);
    seen.push(now);
    this.#seen.set(key, seen);
    this.#busiest.set(key, Math.max(this.#busiest.get(key) ?? 0, seen.length));
    return { ok: true };
  }

  /** The most calls admitted in any one second, per key, since the last `clear`. */
  busiestSecond(): Record<string, number> {
    return Object.fromEntries(this.#busiest);
  }

  clear(): void {
    this.#windows.clear();
    this.#seen.clear();
    this.#busiest.clear();
  }
}
