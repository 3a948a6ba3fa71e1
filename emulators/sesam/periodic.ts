// The node's own schedule, when the sandbox is given one: every interval, each enabled pipe that is not running is
// started, in pass order (what a harness with SYNC_DRIVER=wait follows). Off by default: runs happen when pumped.
import type { Pump } from "./pump.ts";

export class PeriodicSchedule {
  #timer: NodeJS.Timeout | undefined;
  #stopped = true;
  next: Date | null = null;

  constructor(
    readonly intervalMs: number,
    private readonly pumps: () => readonly Pump[],
  ) {}

  start(): void {
    this.#stopped = false;
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.next = null;
  }

  #arm(): void {
    this.next = new Date(Date.now() + this.intervalMs);
    this.#timer = setTimeout(() => void this.#tick(), this.intervalMs);
  }

  async #tick(): Promise<void> {
    this.next = null;
    for (const pump of this.pumps()) {
      if (this.#stopped) return;
      if (pump.disabled || pump.running) continue;
      pump.start(null);
      await pump.idle();
    }
    if (!this.#stopped) this.#arm();
  }
}
