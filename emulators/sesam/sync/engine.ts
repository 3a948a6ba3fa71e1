// The reference sync behind the node's pipes: the plan, the state, the adapters over the tenant clients, and
// the writes the late-write defect holds back. The node calls run() for one pipe at a time.
import type { SyncBehaviour } from "../defects.ts";
import type { SyncType } from "../execution-log.ts";
import { runCollect } from "./collect.ts";
import type { RunContext, RunResult } from "./context.ts";
import { runMerge } from "./merge.ts";
import type { PipeSpec, SyncPlan } from "./plan.ts";
import { ContactParent, createAdapter, type DatatypeAdapter, type TenantClients } from "./resources.ts";
import { runShare } from "./share.ts";
import { SyncState } from "./state.ts";

export interface EngineSettings {
  behaviour: SyncBehaviour;
  behaviourSince: string;
  lateWriteDelayMs: number;
}

/** Writes held back by the late-write defect: one per key, dropped on reset and close. */
export class LateWrites {
  readonly #pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly log: (line: string) => void) {}

  schedule(key: string, delayMs: number, write: () => Promise<void>): void {
    if (this.#pending.has(key)) return;
    const timer = setTimeout(() => {
      this.#pending.delete(key);
      write().catch((error: unknown) => this.log(`late write failed (${key}): ${(error as Error).message}`));
    }, delayMs);
    timer.unref();
    this.#pending.set(key, timer);
  }

  get size(): number {
    return this.#pending.size;
  }

  cancelAll(): void {
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }
}

export class SyncEngine {
  #state: SyncState;
  readonly #adapters: Map<string, DatatypeAdapter>;
  readonly #parent: ContactParent;
  readonly late: LateWrites;

  constructor(
    readonly plan: SyncPlan,
    clients: TenantClients,
    private readonly log: (line: string) => void,
  ) {
    this.#state = new SyncState(plan);
    this.#parent = new ContactParent(clients);
    this.#adapters = new Map(plan.sides.map((side) => [side.key, createAdapter(side.info, clients, this.#parent)]));
    this.late = new LateWrites(log);
  }

  get state(): SyncState {
    return this.#state;
  }

  async run(pipe: PipeSpec, settings: EngineSettings, signal: AbortSignal): Promise<RunResult> {
    const ctx: RunContext = {
      plan: this.plan,
      state: this.#state,
      adapters: this.#adapters,
      behaviour: settings.behaviour,
      behaviourSince: settings.behaviourSince,
      signal,
      now: new Date(),
      later: (key, write) => this.late.schedule(key, settings.lateWriteDelayMs, write),
      log: this.log,
    };
    switch (pipe.kind) {
      case "collect":
        return runCollect(required(pipe.side, pipe.id), ctx);
      case "merge":
        return runMerge(required(pipe.global, pipe.id), ctx);
      case "share":
        return runShare(required(pipe.side, pipe.id), ctx);
    }
  }

  /** Sesam's sync_type of the next run: a collect reading only changes is incremental, a whole listing full. */
  syncType(pipe: PipeSpec): SyncType {
    if (pipe.kind !== "collect" || !pipe.side) return "incremental";
    return !pipe.side.info.fullListing && this.#state.watermarks.has(pipe.side.key) ? "incremental" : "full";
  }

  /** Forgets everything the sync learned (records, links, watermarks); the tenants keep their data. */
  reset(): void {
    this.late.cancelAll();
    this.#parent.forget();
    this.#state = new SyncState(this.plan);
  }
}

function required<T>(value: T | undefined, pipe: string): T {
  if (value === undefined) throw new Error(`pipe ${pipe} is missing its side or global type`);
  return value;
}
