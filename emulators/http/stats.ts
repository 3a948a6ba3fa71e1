export interface StatsSnapshot {
  requests: number;
  byRoute: Record<string, number>;
  faults: Record<string, number>;
}

/** Counts API requests (admin calls are not counted) per route pattern, and the faults applied. */
export class RequestStats {
  #requests = 0;
  readonly #byRoute = new Map<string, number>();
  readonly #faults = new Map<string, number>();

  request(method: string, route: string | null): void {
    this.#requests++;
    const key = `${method} ${route ?? "(unmatched)"}`;
    this.#byRoute.set(key, (this.#byRoute.get(key) ?? 0) + 1);
  }

  fault(kind: string): void {
    this.#faults.set(kind, (this.#faults.get(kind) ?? 0) + 1);
  }

  snapshot(): StatsSnapshot {
    return {
      requests: this.#requests,
      byRoute: Object.fromEntries(this.#byRoute),
      faults: Object.fromEntries(this.#faults),
    };
  }

  clear(): void {
    this.#requests = 0;
    this.#byRoute.clear();
    this.#faults.clear();
  }
}
