// What the harness learns of the node's pipes from their effective config (`GET /api/pipes`), before any test:
// which pipes read a tenant (their source), what each writes, and which runs the node will log (its pump settings,
// configuration-pump.rst: a no-op run is not logged unless `log_events_noop_runs` is true). The driver relies on
// this and on nothing a real node may not write; the preflight prints it, one line per pipe.
import { z } from "zod";
import type { Pipe } from "../clients/sesam/schemas.ts";

/** Sources that read only the node's own datasets (hub/documentation/service-configuration/sources). */
const DATASET_SOURCES = new Set([
  "dataset",
  "datasets",
  "merge",
  "merge_datasets",
  "union_datasets",
  "diff_datasets",
  "embedded",
]);

export const PipeProfileSchema = z.strictObject({
  id: z.string(),
  /** The effective source type; null when the node does not show the pipe's config. */
  source: z.string().nullable(),
  /** Reads an external system (its source is not one of the node's datasets); null when unknown. */
  readsTenant: z.boolean().nullable(),
  /** Merges datasets (a `merge` source): the step after which records of two systems are linked. */
  merges: z.boolean(),
  /** The datasets it reads. */
  reads: z.array(z.string()),
  /** A merge pipe's datasets with the namespace its records' ids get in `$ids` (`"<dataset> <alias>"`). */
  merged: z.array(z.strictObject({ dataset: z.string(), namespace: z.string() })),
  /** The dataset it writes; null when it writes to a system (or the config does not say). */
  writes: z.string().nullable(),
  /** Writes to an external system (a tenant): its sink is not a dataset; null when the config does not say. */
  writesTenant: z.boolean().nullable(),
  /** Every run is logged (`log_events_noop_runs`); otherwise a run that changed nothing leaves no log entry. */
  logsEveryRun: z.boolean(),
  /** What decides a no-op: the sink's changes (default) or the source's output. */
  noopDecidedBy: z.enum(["sink", "source"]),
  /** `notification_granularity` in seconds, when set below Sesam's "never". */
  granularitySeconds: z.number().nullable(),
});
export type PipeProfile = z.infer<typeof PipeProfileSchema>;

export const NodeProfileSchema = z.strictObject({
  pipes: z.array(PipeProfileSchema),
  /** The pipes that bring the tenants' records into the node and write nothing back, in pass order. */
  observe: z.array(z.string()),
  /** Where `observe` came from. */
  observeFrom: z.enum(["config", "SESAM_OBSERVE_PIPES"]),
});

/** Where the node keeps the links of a flow: the merged dataset, and the namespace of each side's records. */
export interface LinkLookup {
  dataset: string;
  namespaces: { source: string; target: string };
}

/** A datatype's collect dataset, by its Sesam name `<system>-<datatype>` (the connector contract's naming). */
const COLLECT_SUFFIX = "-collect";
const collect = (name: string): string => `${name}${COLLECT_SUFFIX}`;

/**
 * The merge that reads both datatypes' collect datasets (Sesam's connector contract names them
 * `<system>-<datatype>-collect`), from the node's pipe config; null when no pipe shown merges them.
 */
export function linkLookup(profile: NodeProfile, source: string, target: string): LinkLookup | null {
  for (const pipe of profile.pipes) {
    if (!pipe.merges || pipe.writes === null) continue;
    const from = pipe.merged.find((item) => item.dataset === collect(source));
    const to = pipe.merged.find((item) => item.dataset === collect(target));
    if (from && to) return { dataset: pipe.writes, namespaces: { source: from.namespace, target: to.namespace } };
  }
  return null;
}
export type NodeProfile = z.infer<typeof NodeProfileSchema>;

const NEVER_SECONDS = 999_999_999_999_999;

type Loose = Record<string, unknown>;
const asObject = (value: unknown): Loose => (value !== null && typeof value === "object" ? (value as Loose) : {});
const asString = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** A source's datasets: `dataset`, or `datasets` as `"<dataset> <alias>"` (a merge source's alias is the namespace). */
function datasetsOf(source: Loose): { dataset: string; namespace: string }[] {
  const named = [asString(source.dataset), ...(Array.isArray(source.datasets) ? source.datasets : []).map(asString)];
  return named
    .filter((name): name is string => name !== null)
    .map((name) => {
      const [dataset = name, alias] = name.trim().split(/\s+/);
      return { dataset, namespace: alias ?? dataset };
    });
}

export function pipeProfile(pipe: Pipe): PipeProfile {
  const effective = asObject(pipe.config?.effective);
  const source = asObject(effective.source);
  const sink = asObject(effective.sink);
  const pump = asObject(effective.pump);
  const sourceType = asString(source.type);
  const sinkType = asString(sink.type);
  const granularity = typeof pump.notification_granularity === "number" ? pump.notification_granularity : NEVER_SECONDS;
  return {
    id: pipe._id,
    source: sourceType,
    readsTenant: sourceType === null ? null : !DATASET_SOURCES.has(sourceType),
    merges: sourceType === "merge",
    reads: datasetsOf(source).map((item) => item.dataset),
    merged: sourceType === "merge" ? datasetsOf(source) : [],
    // A pipe without a sink writes its own dataset (Sesam's default sink).
    writes:
      sinkType === null || sinkType === "dataset"
        ? (asString(sink.dataset) ?? (sourceType === null ? null : pipe._id))
        : null,
    writesTenant: sinkType === null && sourceType === null ? null : sinkType !== null && sinkType !== "dataset",
    logsEveryRun: pump.log_events_noop_runs === true,
    noopDecidedBy: pump.log_events_noop_runs_changes_only === false ? "source" : "sink",
    granularitySeconds: granularity >= NEVER_SECONDS ? null : granularity,
  };
}

/**
 * The node's profile for the pipes of one pass. The pipes that observe the tenants are, in pass order, those
 * that write a dataset and either read a tenant or read only datasets such pipes wrote, never a merge: what runs
 * before the node links records. SESAM_OBSERVE_PIPES, when set, names them instead.
 */
export function nodeProfile(
  all: readonly Pipe[],
  pass: readonly string[],
  observeOverride: string[] | null,
): NodeProfile {
  const byId = new Map(all.map((pipe) => [pipe._id, pipeProfile(pipe)]));
  const pipes = pass.map((id) => byId.get(id) ?? pipeProfile({ _id: id }));
  if (observeOverride) return { pipes, observe: observeOverride, observeFrom: "SESAM_OBSERVE_PIPES" };
  const observed = new Set<string>();
  const observe: string[] = [];
  for (const pipe of pipes) {
    if (pipe.writes === null || pipe.merges || pipe.readsTenant === null) continue;
    if (pipe.readsTenant || (pipe.reads.length > 0 && pipe.reads.every((dataset) => observed.has(dataset)))) {
      observe.push(pipe.id);
      observed.add(pipe.writes);
    }
  }
  return { pipes, observe, observeFrom: "config" };
}

/**
 * The observe pipes that bring one datatype's records into the node (by its Sesam name, `<system>-<datatype>`):
 * those its collect dataset (the connector contract's `<name>-collect`) is made from. All of them when the config
 * does not show that dataset's makers among them, or when SESAM_OBSERVE_PIPES names them (it says nothing per
 * datatype). Letting the node see one side's edit needs no run of the other side's pipes, and while it runs no
 * other pass may, so the fewer the better.
 */
export function observePipesFor(profile: NodeProfile, name: string): string[] {
  if (profile.observeFrom === "SESAM_OBSERVE_PIPES") return profile.observe;
  const makerOf = new Map(
    profile.pipes.flatMap((pipe) => (pipe.writes === null ? [] : [[pipe.writes, pipe] as const])),
  );
  const makers = new Set<string>();
  const visit = (dataset: string): void => {
    const pipe = makerOf.get(dataset);
    if (!pipe || makers.has(pipe.id)) return;
    makers.add(pipe.id);
    pipe.reads.forEach(visit);
  };
  visit(collect(name));
  const pipes = profile.observe.filter((id) => makers.has(id));
  return pipes.length > 0 ? pipes : profile.observe;
}

/** What a conflict observes per datatype, where the config shows it (the datatypes whose `-collect` an observer makes). */
function observedPerDatatype(profile: NodeProfile): string {
  if (profile.observeFrom === "SESAM_OBSERVE_PIPES") return "";
  const collected = profile.pipes.flatMap((pipe) =>
    profile.observe.includes(pipe.id) && pipe.writes?.endsWith(COLLECT_SUFFIX)
      ? [pipe.writes.slice(0, -COLLECT_SUFFIX.length)]
      : [],
  );
  if (collected.length === 0) return "";
  const each = collected.map((name) => `${name} (${observePipesFor(profile, name).join(", ")})`);
  return `; a conflict runs only its older edit's datatype's: ${each.join(", ")}; any other datatype's, all of them`;
}

/**
 * The pipes that write to a tenant, by id: a pass in which none of them changed anything is settled. Null when the
 * config does not show every pipe's sink (then only a pass that changed nothing at all is).
 */
export function tenantWriters(profile: NodeProfile): ReadonlySet<string> | null {
  if (profile.pipes.some((pipe) => pipe.writesTenant === null)) return null;
  return new Set(profile.pipes.filter((pipe) => pipe.writesTenant).map((pipe) => pipe.id));
}

/** One line per pipe: what it reads and writes, and what the driver relies on to know a run ended and what it changed. */
export function describeProfile(profile: NodeProfile, driver: "pump" | "wait" | "scheduler"): string[] {
  const width = Math.max(...profile.pipes.map((pipe) => pipe.id.length));
  const lines = profile.pipes.map((pipe) => {
    const reads =
      pipe.source === null
        ? "config not shown"
        : `${pipe.readsTenant ? "reads a tenant" : `reads ${pipe.reads.join(", ") || "datasets"}`} (source ${pipe.source})`;
    const writes =
      pipe.writesTenant === null
        ? "writes ? (config not shown)"
        : pipe.writesTenant
          ? "writes a tenant"
          : `writes ${pipe.writes}`;
    const logging = pipe.logsEveryRun
      ? "every run logged: its end and changes come from the log"
      : `no-op runs unlogged (the ${pipe.noopDecidedBy} decides${pipe.granularitySeconds ? `, one logged every ${pipe.granularitySeconds} s` : ""}): ` +
        "its end from the pump's last-run, a run with no log entry changed nothing";
    return `${pipe.id.padEnd(width)}  ${reads}; ${writes}; ${logging}`;
  });
  const observe =
    profile.observe.length > 0
      ? `observe (newest-edit-wins): ${profile.observe.join(", ")} (from ${profile.observeFrom})${observedPerDatatype(profile)}`
      : "observe (newest-edit-wins): no pipe is shown to read a tenant; set SESAM_OBSERVE_PIPES to enable those tests";
  const how =
    driver === "scheduler"
      ? "passes: the node's run-all-pipes, asynchronous, delete_input_datasets=false, reset_pipes_and_delete_sink_datasets=false"
      : driver === "pump"
        ? "passes: each pipe started in order, once idle after the edit"
        : "passes: the node's own schedule, followed through each pump's last-run";
  const settled = tenantWriters(profile)
    ? "settled: a pass in which no pipe that writes a tenant changed anything"
    : "settled: a pass that changed nothing (the config does not show which pipes write a tenant)";
  return [...lines, observe, how, settled];
}
