// The pump execution log (`system:pump_execution:<pipe>`): the only place that knows its entity shapes,
// which Sesam documents as subject to change. A run writes `pump-started`, then `pump-completed` or
// `pump-failed` (older nodes: `pump-ended`); each write is a new version of the entity with that `_id`, with
// a growing `_updated` sequence number, so reading with `history=true` since a sequence number replays
// every run that happened after it.
import { z } from "zod";
import type { ApiClient, CallOptions } from "../http/api-client.ts";
import { ApiError } from "../http/errors.ts";
import { jsonResponse } from "../http/response.ts";
import { sesam } from "./paths.ts";

const sequence = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
const count = z.number().int().nullish();
const text = z.string().nullish();

export const ExecutionLogEntitySchema = z.looseObject({
  _id: z.string(),
  _updated: sequence,
  _ts: z.number().optional(),
  _deleted: z.boolean().optional(),
  event_type: text,
  start_time: text,
  end_time: text,
  total_time: z.union([z.number(), z.string()]).nullish(),
  entities_succeeded: count,
  entities_failed: count,
  retry_entities_exist: z.boolean().nullish(),
  pump_started_location: sequence.nullish(),
  reason_why_stopped: text,
  reason: text,
  original_error_message: text,
  metrics: z.unknown().optional(),
});
export type ExecutionLogEntity = z.infer<typeof ExecutionLogEntitySchema>;

export interface PumpRunCompleted {
  seq: number;
  endTime: string | null;
  totalTime: number | string | null;
  entitiesSucceeded: number | null;
  entitiesFailed: number | null;
  retryEntitiesExist: boolean | null;
  /** What the sink changed (`metrics` `entities.changes_last_run`); null when the node did not report it. */
  changes: number | null;
}

export interface PumpRunFailed {
  seq: number;
  endTime: string | null;
  /** `reason_why_stopped` (a traceback), or `reason` / `original_error_message` on nodes that write those. */
  reason: string | null;
  entitiesSucceeded: number | null;
  entitiesFailed: number | null;
}

export interface PumpRun {
  /** `_updated` of the run's `pump-started`; for a run that started before the window, its `pump_started_location`. */
  startedSeq: number | null;
  startTime: string | null;
  outcome: "running" | "completed" | "failed";
  completed?: PumpRunCompleted;
  failed?: PumpRunFailed;
}

export interface EntitiesParams {
  /** Only entities with `_updated` greater than this. */
  since?: number;
  limit?: number;
  reverse?: boolean;
  /** Every version of each entity instead of only the latest. */
  history?: boolean;
}

export interface ExecutionLogResource {
  entities(pipeId: string, params?: EntitiesParams, options?: CallOptions): Promise<ExecutionLogEntity[]>;
  /** The highest `_updated` in the pipe's log, or null when the pipe has never written one. */
  lastSequence(pipeId: string, options?: CallOptions): Promise<number | null>;
  /** The runs recorded after `sequence`, oldest first. */
  runsSince(pipeId: string, sequence: number | null, options?: CallOptions): Promise<PumpRun[]>;
  /** The runs among the pipe's last `versions` log versions (a run writes two: its start and its end), oldest first. */
  recentRuns(pipeId: string, versions: number, options?: CallOptions): Promise<PumpRun[]>;
}

const PAGE_SIZE = 1000;

export function createExecutionLogResource(api: ApiClient): ExecutionLogResource {
  const entities = (pipeId: string, params: EntitiesParams = {}, options: CallOptions = {}) =>
    api.call({
      method: "GET",
      path: sesam.datasetEntities(sesam.executionLogDataset(pipeId)),
      query: { since: params.since, limit: params.limit, reverse: params.reverse, history: params.history },
      safety: "read",
      response: jsonResponse(z.array(ExecutionLogEntitySchema)),
      signal: options.signal,
    });

  // A pipe that never ran has no execution dataset yet: the node answers 404, which here means "nothing".
  const orEmpty = async (read: Promise<ExecutionLogEntity[]>): Promise<ExecutionLogEntity[]> => {
    try {
      return await read;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return [];
      throw error;
    }
  };

  return {
    entities,

    lastSequence: async (pipeId, options = {}) => {
      const [latest] = await orEmpty(entities(pipeId, { history: true, reverse: true, limit: 1 }, options));
      return latest ? latest._updated : null;
    },

    runsSince: async (pipeId, since, options = {}) => {
      const versions: ExecutionLogEntity[] = [];
      for (let cursor = since ?? undefined; ;) {
        const page = await orEmpty(entities(pipeId, { since: cursor, history: true, limit: PAGE_SIZE }, options));
        versions.push(...page);
        const last = page.at(-1);
        if (page.length < PAGE_SIZE || !last) break;
        cursor = last._updated;
      }
      return toRuns(versions);
    },

    recentRuns: async (pipeId, versions, options = {}) =>
      toRuns(await orEmpty(entities(pipeId, { history: true, reverse: true, limit: versions }, options))),
  };
}

/** Folds log versions (any order) into runs: each start opens one, each completion or failure closes one. */
export function toRuns(versions: readonly ExecutionLogEntity[]): PumpRun[] {
  const runs: PumpRun[] = [];
  const ordered = [...versions].sort((a, b) => a._updated - b._updated);
  for (const version of ordered) {
    const type = version.event_type ?? version._id;
    if (version._deleted) continue;
    if (type === "pump-started") {
      runs.push({ startedSeq: version._updated, startTime: version.start_time ?? null, outcome: "running" });
      continue;
    }
    if (type !== "pump-completed" && type !== "pump-ended" && type !== "pump-failed") continue;
    const run = openRunFor(runs, version) ?? orphan(runs, version);
    const counters = {
      seq: version._updated,
      endTime: version.end_time ?? null,
      entitiesSucceeded: version.entities_succeeded ?? null,
      entitiesFailed: version.entities_failed ?? null,
    };
    if (type === "pump-failed") {
      run.outcome = "failed";
      run.failed = {
        ...counters,
        reason: version.reason_why_stopped ?? version.reason ?? version.original_error_message ?? null,
      };
    } else {
      run.outcome = "completed";
      run.completed = {
        ...counters,
        totalTime: version.total_time ?? null,
        retryEntitiesExist: version.retry_entities_exist ?? null,
        changes: metric(version.metrics, "entities", "changes_last_run"),
      };
    }
  }
  return runs;
}

// The run an end belongs to: the open one it points at (pump_started_location, else the same start_time),
// else the latest open one.
function openRunFor(runs: PumpRun[], end: ExecutionLogEntity): PumpRun | undefined {
  const open = runs.filter((run) => run.outcome === "running");
  return (
    open.find((run) => typeof end.pump_started_location === "number" && run.startedSeq === end.pump_started_location) ??
    open.find((run) => typeof end.start_time === "string" && run.startTime === end.start_time) ??
    open.at(-1)
  );
}

// An end whose start is before the window: a run of its own, first (it started before every run in the
// window), so a caller sees that a run was already going.
function orphan(runs: PumpRun[], end: ExecutionLogEntity): PumpRun {
  const run: PumpRun = {
    startedSeq: end.pump_started_location ?? null,
    startTime: end.start_time ?? null,
    outcome: "running",
  };
  runs.unshift(run);
  return run;
}

/**
 * A metric of a run (hub/documentation/operations/pump-execution.rst, "The metrics property"), written either
 * nested (`{"entities": {"changes_last_run": 3}}`) or with the dotted name as the key; null when absent.
 */
export function metric(metrics: unknown, group: string, name: string): number | null {
  if (metrics === null || typeof metrics !== "object") return null;
  const record = metrics as Record<string, unknown>;
  const nested = record[group];
  const value =
    nested !== null && typeof nested === "object"
      ? (nested as Record<string, unknown>)[name]
      : record[`${group}.${name}`];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
