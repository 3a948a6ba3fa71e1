import type { SyncBehaviour } from "../defects.ts";
import type { SyncPlan } from "./plan.ts";
import type { DatatypeAdapter } from "./resources.ts";
import type { SyncState } from "./state.ts";

/** Timing knobs for tenants that are less kind than an emulator at rest. */
export interface SyncTimings {
  /**
   * An incremental PowerOffice read asks for records changed after the watermark minus this: reads come from a
   * replica that lags writes (v1 docs: "typically below 1 second ... wait 1-2 seconds"), so a change made just
   * before the newest one seen may not have been visible yet.
   */
  watermarkOverlapMs: number;
  /** How long a read that may lag a write is repeated (a share's lookup, a lost create's lookup). */
  readLagMs: number;
}

export const DEFAULT_TIMINGS: SyncTimings = { watermarkOverlapMs: 5_000, readLagMs: 2_000 };

/** Everything one pipe run works with. */
export interface RunContext {
  plan: SyncPlan;
  state: SyncState;
  adapters: ReadonlyMap<string, DatatypeAdapter>;
  behaviour: SyncBehaviour;
  /** When the current behaviour (defect set) was configured: the duplicate-creates defect copies only newer links. */
  behaviourSince: string;
  timings: SyncTimings;
  signal: AbortSignal;
  /** The run's start: the observation time of a value whose change the API does not date. */
  now: Date;
  /** Runs a tenant write later, after the run reported (the late-write defect); one pending write per `key`. */
  later(key: string, write: () => Promise<void>): void;
  log(line: string): void;
}

export function adapterOf(ctx: RunContext, sideKey: string): DatatypeAdapter {
  const adapter = ctx.adapters.get(sideKey);
  if (!adapter) throw new Error(`no adapter for ${sideKey}`);
  return adapter;
}
