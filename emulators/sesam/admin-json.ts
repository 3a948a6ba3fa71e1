// What the node's `/__admin/store` and `/__admin/stats` show beyond the shared admin routes: for tests and for a
// person looking at the sandbox, never part of the node API.
import type { Pump } from "./pump.ts";
import { resolvePumpSettings, type PumpSettingsOption } from "./pump-settings.ts";
import type { PipeSpec, SyncPlan } from "./sync/plan.ts";
import type { SyncState } from "./sync/state.ts";

export interface NodeStoreInput {
  pumps: readonly Pump[];
  spec(id: string): PipeSpec;
  plan: SyncPlan;
  state: SyncState;
  pumpSettings: PumpSettingsOption;
  lateWritesPending: number;
}

/** `/__admin/store`: the pipes, the plan's flows and what it leaves out, the links, watermarks and datasets. */
export function nodeStoreJson(node: NodeStoreInput): Record<string, unknown> {
  const { plan, state } = node;
  return {
    pipes: node.pumps.map((pump) => ({
      _id: pump.id,
      kind: node.spec(pump.id).kind,
      flows: node.spec(pump.id).flows,
      runtime: pump.runtime(null),
      pump: resolvePumpSettings(node.pumpSettings, pump.id).effective,
    })),
    flows: plan.flows.map((flow) => ({
      key: flow.key,
      title: flow.title,
      sources: flow.sources,
      global: flow.global,
      rules: flow.rules.map((rule) => ({ a: rule.a.path, b: rule.b.path, type: rule.type, lines: rule.lines })),
      rows: flow.rows.map((row) => ({
        a: row.names.a,
        b: row.names.b,
        type: row.type,
        toA: row.toA,
        toB: row.toB,
        lines: row.lines,
      })),
      createA: flow.createA,
      createB: flow.createB,
    })),
    unsupported: plan.unsupported,
    links: Object.fromEntries(
      [...state.links].map(([flow, table]) => [
        flow,
        {
          links: table.all(),
          orphaned: { a: [...table.orphaned.a], b: [...table.orphaned.b] },
          duplicated: [...table.duplicated],
        },
      ]),
    ),
    watermarks: Object.fromEntries(state.watermarks),
    datasets: Object.fromEntries(state.datasets().map((dataset) => [dataset.id, dataset.current()])),
    lateWritesPending: node.lateWritesPending,
  };
}

/** Runs, zero-change runs (sesam-py counts these to know a sync settled), failed and logged runs per pipe. */
export function syncStatsJson(
  pumps: readonly Pump[],
  tenantRequests: unknown,
  lateWritesPending: number,
): Record<string, unknown> {
  const perPipe = (count: (pump: Pump) => number) => Object.fromEntries(pumps.map((pump) => [pump.id, count(pump)]));
  return {
    runs: perPipe((pump) => pump.counters.runs),
    zeroChangeRuns: perPipe((pump) => pump.counters.zeroChangeRuns),
    failedRuns: perPipe((pump) => pump.counters.failedRuns),
    loggedRuns: perPipe((pump) => pump.counters.loggedRuns),
    tenantRequests,
    lateWritesPending,
  };
}
