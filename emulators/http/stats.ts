import { Tally } from "./tally.ts";

export interface StatsSnapshot {
  requests: number;
  byRoute: Record<string, number>;
  faults: Record<string, number>;
}

/** Counts API requests (admin calls are not counted) per route pattern, and the faults applied. */
export class RequestStats {
  #requests = 0;
  readonly #byRoute = new Tally();
  readonly #faults = new Tally();

  request(method: string, route: string | null): void {
    this.#requests++;
    this.#byRoute.add(`${method} ${route ?? "(unmatched)"}`);
  }

  fault(kind: string): void {
    this.#faults.add(kind);
  }

  snapshot(): StatsSnapshot {
    return { requests: this.#requests, byRoute: this.#byRoute.snapshot(), faults: this.#faults.snapshot() };
  }

  clear(): void {
    this.#requests = 0;
    this.#byRoute.clear();
    this.#faults.clear();
  }
}
