// Reads can lag writes: PowerOffice serves GETs from a replica ("typically below 1 second ... we recommend waiting
// 1-2 seconds after a POST/DELETE before calling a subsequent GET on the same data", PowerOffice/go-api-documentation
// docs/api/common/limitations.md, "Live data"). A positive check polls until the value shows, so it needs nothing
// here; a negative check ("the value stays", "exactly one record has it") and a cleanup scan are only conclusive
// once every write before them can be seen. This waits for the tenant's documented delay after the last write the
// test made or saw a sync pass make; it never waits for the sync itself.
import { setTimeout as delay } from "node:timers/promises";

export type Tenant = "youtrack" | "poweroffice";

export class ReadConsistency {
  readonly #lastWrite: Record<Tenant, number> = { youtrack: 0, poweroffice: 0 };

  constructor(private readonly lagMs: Readonly<Record<Tenant, number>>) {}

  /** A write to one tenant, or (a sync pass) to any. */
  wrote(tenant: Tenant | "any", at = Date.now()): void {
    for (const name of tenant === "any" ? (["youtrack", "poweroffice"] as const) : [tenant]) {
      this.#lastWrite[name] = Math.max(this.#lastWrite[name], at);
    }
  }

  /** How long until a read of the tenant sees every write noted so far (0: it already does). */
  remainingMs(tenant: Tenant): number {
    return Math.max(0, this.#lastWrite[tenant] + this.lagMs[tenant] - Date.now());
  }

  /** Resolves once a read of the tenant sees every write noted so far. */
  async caughtUp(tenant: Tenant): Promise<void> {
    // A timer may fire a millisecond before the clock says its time is up: wait until the clock agrees.
    for (let wait = this.remainingMs(tenant); wait > 0; wait = this.remainingMs(tenant)) await delay(wait);
  }
}
