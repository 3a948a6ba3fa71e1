// Each pipe's Sesam-style configuration (what `GET /api/pipes/{id}` shows as `config.effective`, without the
// `pump` section the node adds), shaped like the public connector templates (sesam-io/powerofficego-connector and
// sesam-io/youtrack-connector, branch playground: templates/customers.json, contactperson.json, projects.json;
// sesam-py connector_cli/templates/shim.json) and Sesam's merge source (configuration-sources-merge.rst). The
// configs describe what the sync does; they are truthful where a reader decides by them: `source.type` is `rest`
// exactly for the pipes that read a tenant, and `sink.type` is `rest` exactly for those that write one.
import { SYNC_KEY } from "./merge.ts";
import {
  allPipeId,
  collectPipeId,
  hasAllPipe,
  mergePipeId,
  needsFullRead,
  transformPipeId,
  type PipeSpec,
  type SyncSide,
  type SyncFlow,
  type SyncPlan,
} from "./plan.ts";

/** The v2 resource a PowerOffice datatype is read from and written to. */
const RESOURCE: Record<string, string> = { contactperson: "ContactPersons" };
const resourceOf = (side: SyncSide) => RESOURCE[side.mapping.datatype] ?? "Customers";

const flowsOf = (spec: PipeSpec, plan: SyncPlan): SyncFlow[] => plan.flows.filter((f) => spec.flows.includes(f.key));

/** The dataset ids a pipe reads (Sesam's `runtime.dependencies`); empty for a pipe that reads a tenant. */
export function dependencies(spec: PipeSpec, plan: SyncPlan): string[] {
  const flows = flowsOf(spec, plan);
  switch (spec.kind) {
    case "all":
      return [];
    case "collect":
      return spec.side && hasAllPipe(spec.side) ? [allPipeId(spec.side)] : [];
    case "merge":
      return plan.sides.filter((s) => flows.some((f) => f.a === s || f.b === s)).map(collectPipeId);
    case "transform":
      return [...new Set(flows.map((f) => mergePipeId(f.global)))];
    case "share":
      return spec.side ? [transformPipeId(spec.side)] : [];
  }
}

export function pipeConfig(spec: PipeSpec, plan: SyncPlan): Record<string, unknown> {
  const flows = flowsOf(spec, plan);
  const common = {
    _id: spec.id,
    type: "pipe",
    metadata: {
      "talk-qa": {
        kind: spec.kind,
        flows: flows.map((flow) => ({
          title: flow.title,
          sources: flow.sources,
          namespaces: [flow.a.mapping.namespace, flow.b.mapping.namespace],
        })),
      },
    },
  };
  const side = spec.side;
  const sink = { type: "dataset", dataset: spec.id };
  switch (spec.kind) {
    case "all": {
      const s = side as SyncSide;
      return {
        ...common,
        namespaced_identifiers: false,
        source: {
          type: "rest",
          system: s.mapping.sesamSystem,
          operation: "list",
          // PowerOffice v2 (the public connector reads contact persons from v1 `PartyContactPerson`).
          properties: { datatype: s.mapping.datatype, url: `v2/${resourceOf(s)}` },
          supports_since: !needsFullRead(s, flows),
        },
        sink,
      };
    }
    case "collect": {
      const s = side as SyncSide;
      const source = hasAllPipe(s)
        ? { type: "dataset", dataset: allPipeId(s) }
        : {
            type: "rest",
            system: s.mapping.sesamSystem,
            operation: `${s.mapping.datatype}-list`,
            supports_since: false,
          };
      return {
        ...common,
        namespaced_identifiers: false,
        // The namespace of its records' ids in the merged datasets (`~:<namespace>:<id>`).
        namespaces: { identity: s.mapping.namespace, property: s.mapping.namespace },
        source,
        transform: {
          type: "dtl",
          primary_key: s.mapping.primaryKey,
          adds: ["$last-modified", "$updated", "$origin"],
        },
        sink,
      };
    }
    case "merge":
      return { ...common, source: mergeSource(plan, flows), sink };
    case "transform":
      return {
        ...common,
        source: { type: "dataset", dataset: dependencies(spec, plan)[0] },
        transform: { type: "dtl", adds: ["$ids", "$based_on", "$based_on_properties", "$origin", SYNC_KEY] },
        sink,
      };
    case "share": {
      const s = side as SyncSide;
      return {
        ...common,
        batch_size: 1,
        namespaced_identifiers: false,
        source: { type: "dataset", dataset: transformPipeId(s) },
        transform: { type: "template", template: "transform-share-rest", primary_key: s.mapping.primaryKey },
        sink: {
          type: "rest",
          system: s.mapping.sesamSystem,
          operation: `${s.mapping.datatype}-update`,
          operation_insert: `${s.mapping.datatype}-insert`,
          operation_lookup: `${s.mapping.datatype}-lookup`,
          deletion_tracking: false,
          set_initial_offset: "onload",
        },
      };
    }
  }
}

/** Sesam's merge source: each collect dataset under its namespace as alias, one equality set per merge rule. */
function mergeSource(plan: SyncPlan, flows: SyncFlow[]): Record<string, unknown> {
  const sides = plan.sides.filter((s) => flows.some((f) => f.a === s || f.b === s));
  const ns = (s: SyncSide) => s.mapping.namespace;
  return {
    type: "merge",
    version: 2,
    datasets: sides.map((s) => `${collectPipeId(s)} ${ns(s)}`),
    equality_sets: flows.flatMap((flow) =>
      flow.rules.map((rule) => [`${ns(flow.a)}.${rule.a.path}`, `${ns(flow.b)}.${rule.b.path}`]),
    ),
    // A record the sync created merges with the record it was made from.
    equality: flows.flatMap((flow) => [
      ...(flow.createB ? [["eq", `${ns(flow.b)}.$origin`, ["ni", ns(flow.a), `${ns(flow.a)}._id`]]] : []),
      ...(flow.createA ? [["eq", `${ns(flow.a)}.$origin`, ["ni", ns(flow.b), `${ns(flow.b)}._id`]]] : []),
    ]),
    identity: "first",
    strategy: "default",
  };
}
