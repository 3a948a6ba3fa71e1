// How the node shows its pipes: a Sesam-style config per pipe (what it reads and writes, in Sesam's own
// vocabulary) and the runtime the pump reports. The configs are descriptive; the behaviour is in sync/.
import type { Pump } from "./pump.ts";
import type { ResolvedPumpSettings } from "./pump-settings.ts";
import { collectPipeId, mergePipeId, type PipeSpec, type SyncPlan } from "./sync/plan.ts";

/** The pipes a pipe reads from: collect pipes read tenants, merge pipes collect datasets, share pipes merges. */
export function dependenciesOf(spec: PipeSpec, plan: SyncPlan): string[] {
  const flows = plan.flows.filter((flow) => spec.flows.includes(flow.key));
  if (spec.kind === "merge")
    return [...new Set(flows.flatMap((flow) => [collectPipeId(flow.a), collectPipeId(flow.b)]))];
  if (spec.kind === "share") return [...new Set(flows.map((flow) => mergePipeId(flow.global)))];
  return [];
}

export function pipeConfig(
  spec: PipeSpec,
  plan: SyncPlan,
  scheduleIntervalMs: number | undefined,
): Record<string, unknown> {
  const flows = plan.flows.filter((flow) => spec.flows.includes(flow.key));
  const common = {
    _id: spec.id,
    type: "pipe",
    metadata: { "talk-qa": { kind: spec.kind, flows: flows.map((flow) => flow.title) } },
    pump: scheduleIntervalMs === undefined ? { mode: "manual" } : { schedule_interval: scheduleIntervalMs / 1000 },
  };
  switch (spec.kind) {
    case "collect": {
      const info = spec.side?.info;
      return {
        ...common,
        source: {
          type: "rest",
          system: info?.sesamSystem,
          operation: `${info?.datatype}-list`,
          supports_since: info ? !info.fullListing : false,
        },
        sink: { type: "dataset", dataset: spec.id },
      };
    }
    case "merge":
      return {
        ...common,
        source: {
          type: "merge",
          datasets: dependenciesOf(spec, plan),
          equality_sets: flows.flatMap((flow) =>
            flow.rules.map((rule) => [
              `${collectPipeId(flow.a)}.${rule.a.path}`,
              `${collectPipeId(flow.b)}.${rule.b.path}`,
            ]),
          ),
        },
        sink: { type: "dataset", dataset: spec.id },
      };
    case "share": {
      const info = spec.side?.info;
      return {
        ...common,
        source: { type: "merge_datasets", datasets: dependenciesOf(spec, plan) },
        sink: {
          type: "rest",
          system: info?.sesamSystem,
          operation: `${info?.datatype}-update`,
          deletion_tracking: false,
        },
      };
    }
  }
}

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
  const config = pipeConfig(spec, plan, schedule?.intervalMs);
  const withPump = (values: object) => ({ ...config, pump: { ...(config.pump as object), ...values } });
  return {
    _id: spec.id,
    type: "pipe",
    config: { original: withPump(settings.original), effective: withPump(settings.effective) },
    runtime: { ...pump.runtime(schedule?.next ?? null), dependencies: dependenciesOf(spec, plan) },
  };
}

export function pumpJson(pump: Pump, schedule: { next: Date | null } | undefined): Record<string, unknown> {
  return { _id: `pump:${pump.id}`, type: "pump", runtime: pump.runtime(schedule?.next ?? null) };
}
