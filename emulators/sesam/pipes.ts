// How the node shows its pipes: the Sesam-style config of each pipe (sync/pipe-config.ts) with the pump section
// the node adds, and the runtime the pump reports.
import type { Pump } from "./pump.ts";
import { dependencies, pipeConfig } from "./sync/pipe-config.ts";
import type { SyncPlan } from "./sync/plan.ts";

export function pipeJson(
  pump: Pump,
  plan: SyncPlan,
  schedule: { intervalMs: number; next: Date | null } | undefined,
): Record<string, unknown> {
  const intervalMs = schedule?.intervalMs;
  const config = {
    ...pipeConfig(pump.spec, plan),
    pump: intervalMs === undefined ? { mode: "manual" } : { schedule_interval: intervalMs / 1000 },
  };
  return {
    _id: pump.spec.id,
    type: "pipe",
    config: { original: config, effective: config },
    runtime: { ...pump.runtime(schedule?.next ?? null), dependencies: dependencies(pump.spec, plan) },
  };
}

export function pumpJson(pump: Pump, schedule: { next: Date | null } | undefined): Record<string, unknown> {
  return { _id: `pump:${pump.spec.id}`, type: "pump", runtime: pump.runtime(schedule?.next ?? null) };
}
