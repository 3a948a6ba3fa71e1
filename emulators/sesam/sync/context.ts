import type { SyncBehaviour } from "../defects.ts";
import type { SyncType } from "../execution-log.ts";

export type RunMetrics = Record<string, number>;
import type { SyncPlan } from "./plan.ts";
import type { DatatypeAdapter } from "./resources.ts";
import type { SyncState } from "./state.ts";

/** Everything one pipe run works with. */
export interface RunContext {
  plan: SyncPlan;
  state: SyncState;
  adapters: ReadonlyMap<string, DatatypeAdapter>;
  behaviour: SyncBehaviour;
  /** When the current behaviour (defect set) was configured: the duplicate-creates defect copies only newer links. */
  behaviourSince: string;
  signal: AbortSignal;
  /** The run's start: the observation time of Hub values a collect finds changed. */
  now: Date;
  /** Runs a tenant write later, after the run reported (the late-write defect); one pending write per `key`. */
  later(key: string, write: () => Promise<void>): void;
  log(line: string): void;
}

export interface RunResult {
  /** Entities the run changed: dataset versions written, or tenant records written by a share pipe. */
  succeeded: number;
  /** Records a share pipe could not write (the tenant refused them); the run still completes. */
  failed: number;
  syncType: SyncType;
  metrics: RunMetrics;
}

export function adapterOf(ctx: RunContext, sideKey: string): DatatypeAdapter {
  const adapter = ctx.adapters.get(sideKey);
  if (!adapter) throw new Error(`no adapter for ${sideKey}`);
  return adapter;
}
