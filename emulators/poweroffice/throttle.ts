export interface ThrottleConfig {
  enabled: boolean;
  perSecond: number;
}

export type ThrottleResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A sliding one-second window per subscription key, like API Management's rate-limit-by-key policy. Only admitted
 * calls count, so a client that waits as told by Retry-After gets through.
 */
export class Throttle {
  readonly #windows = new Map<string, number[]>();

  admit(key: string, config: ThrottleConfig, now = Date.now()): ThrottleResult {
    if (!config.enabled) return { ok: true };
    const window = (this.#windows.get(key) ?? []).filter((at) => at > now - 1000);
    if (window.length >= config.perSecond) {
      this.#windows.set(key, window);
      const oldest = window[0] as number;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + 1000 - now) / 1000)) };
    }
    window.push(now);
    this.#windows.set(key, window);
    return { ok: true };
  }

  clear(): void {
    this.#windows.clear();
  }
}
