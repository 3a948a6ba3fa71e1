// The reference sync behind the node's pipes: the plan, the state, the adapters over the sync's own tenant calls,
// and the writes the late-write defect holds back. The node calls run() for one pipe at a time.
import type { SyncBehaviour } from "../defects.ts";
import { runAll, runCollect } from "./collect.ts";
import { DEFAULT_TIMINGS, type RunContext, type SyncTimings } from "./context.ts";
import type { RunReport } from "../pump.ts";
import type { SyncType } from "../execution-log.ts";
import { runMerge } from "./merge.ts";
import { needsFullRead, type PipeSpec, type SyncSide, type SyncPlan } from "./plan.ts";
import { ContactParent, createAdapter, type DatatypeAdapter } from "./resources.ts";
import { runShare } from "./share.ts";
import { SyncState } from "./state.ts";
import type { Tenants } from "./tenants.ts";
import { runTransform } from "./transform.ts";

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
  readonly #timings: SyncTimings;
  readonly late: LateWrites;

  constructor(
    readonly plan: SyncPlan,
    tenants: Tenants,
    private readonly log: (line: string) => void,
    timings: { watermarkOverlapMs?: number | undefined; readLagMs?: number | undefined } = {},
  ) {
    this.#timings = {
      watermarkOverlapMs: timings.watermarkOverlapMs ?? DEFAULT_TIMINGS.watermarkOverlapMs,
      readLagMs: timings.readLagMs ?? DEFAULT_TIMINGS.readLagMs,
    };
    this.#state = new SyncState(plan);
    this.#parent = new ContactParent(tenants, this.#timings.readLagMs);
    this.#adapters = new Map(
      plan.sides.map((side) => [side.key, createAdapter(side.mapping, tenants, this.#parent, this.#timings.readLagMs)]),
    );
    this.late = new LateWrites(log);
  }

  get state(): SyncState {
    return this.#state;
  }

  get timings(): SyncTimings {
    return { ...this.#timings };
  }

  async run(pipe: PipeSpec, settings: EngineSettings, signal: AbortSignal): Promise<RunReport> {
    const ctx: RunContext = {
      plan: this.plan,
      state: this.#state,
      adapters: this.#adapters,
      behaviour: settings.behaviour,
      behaviourSince: settings.behaviourSince,
      timings: this.#timings,
      signal,
      now: new Date(),
      later: (key, write) => this.late.schedule(key, settings.lateWriteDelayMs, write),
      log: this.log,
    };
    switch (pipe.kind) {
      case "all":
        return runAll(sideOf(pipe), ctx);
      case "collect":
        return runCollect(sideOf(pipe), pipe.id, ctx);
      case "merge":
        if (!pipe.global) throw new Error(`pipe ${pipe.id} has no global type`);
        return runMerge(pipe.global, pipe.id, ctx);
      case "transform":
        return runTransform(sideOf(pipe), pipe.id, ctx);
      case "share":
        return runShare(sideOf(pipe), pipe.id, ctx);
    }
  }

  /** Sesam's sync_type of the next run: a read of changes only is incremental, a whole listing full. */
  syncType(pipe: PipeSpec): SyncType {
    const side = pipe.side;
    if (!side) return "incremental";
    if (pipe.kind === "all") {
      const flows = this.plan.flows.filter((f) => f.a === side || f.b === side);
      return !needsFullRead(side, flows) && this.#state.watermarks.has(side.key) ? "incremental" : "full";
    }
    if (pipe.kind === "collect" && side.mapping.system === "youtrack") return "full";
    return this.#state.offsets.has(pipe.id) ? "incremental" : "full";
  }

  /** Forgets everything the sync learned (records, links, watermarks); the tenants keep their data. */
  reset(): void {
    this.late.cancelAll();
    this.#parent.forget();
    this.#state = new SyncState(this.plan);
  }
}

function sideOf(pipe: PipeSpec): SyncSide {
  if (!pipe.side) throw new Error(`pipe ${pipe.id} has no datatype`);
  return pipe.side;
}
