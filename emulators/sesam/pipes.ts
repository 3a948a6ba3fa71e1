// How the node shows its pipes: the Sesam-style config of each pipe (sync/pipe-config.ts) with the pump section
// the node adds (its schedule and its run-logging settings), and the runtime the pump reports.
import type { Pump } from "./pump.ts";
import type { ResolvedPumpSettings } from "./pump-settings.ts";
import { dependencies, pipeConfig } from "./sync/pipe-config.ts";
import type { PipeSpec, SyncPlan } from "./sync/plan.ts";

/**
 * A pipe as `GET /api/pipes/{id}` shows it: `config.original` with the pump settings it was given,
 * `config.effective` with every pump setting resolved (Sesam's defaults filled in), and the pump's runtime.
 */
export function pipeJson(
  pump: Pump,
  spec: PipeSpec,
  plan: SyncPlan,
  settings: ResolvedPumpSettings,
  schedule: { intervalMs: number; next: Date | null } | undefined,
): Record<string, unknown> {
  const intervalMs = schedule?.intervalMs;
  const base = pipeConfig(spec, plan);
  const mode = intervalMs === undefined ? { mode: "manual" } : { schedule_interval: intervalMs / 1000 };
  const withPump = (values: object) => ({ ...base, pump: { ...mode, ...values } });
  return {
    _id: spec.id,
    type: "pipe",
    config: { original: withPump(settings.original), effective: withPump(settings.effective) },
    runtime: { ...pump.runtime(schedule?.next ?? null), dependencies: dependencies(spec, plan) },
  };
}

export function pumpJson(pump: Pump, schedule: { next: Date | null } | undefined): Record<string, unknown> {
  return { _id: `pump:${pump.id}`, type: "pump", runtime: pump.runtime(schedule?.next ?? null) };
}
