import { isJsonMediaType, mediaType, parseForm, parseJson, type BodyError } from "../http/body.ts";
import { NO_FAULTS, mergeFaults } from "../http/faults.ts";
import { parseOptions } from "../http/options.ts";
import { json } from "../http/reply.ts";
import { Router } from "../http/router.ts";
import type { StatsSnapshot } from "../http/stats.ts";
import { EmulatorServer } from "../http/server.ts";
import type { Reply, RequestContext } from "../http/types.ts";
import type { Dataset, DatasetQuery } from "./dataset.ts";
import { describeDefects, parseDefects, syncBehaviour, type SyncBehaviour } from "./defects.ts";
import { sesamError, sesamErrors } from "./errors.ts";
import {
  SesamConfigSchema,
  SesamNodeOptionsSchema,
  type ParsedSesamNodeOptions,
  type SesamNodeOptions,
} from "./options.ts";
import { pipeJson, pumpJson } from "./pipes.ts";
import { Pump, WorkQueue } from "./pump.ts";
import { SyncEngine } from "./sync/engine.ts";
import { buildPlan, type SyncPlan } from "./sync/plan.ts";
import type { SyncState } from "./sync/state.ts";
import { createTenantClients, TenantRequestCounter } from "./sync/tenants.ts";

export type { SesamNodeOptions } from "./options.ts";

const OPERATIONS = ["start", "stop", "enable", "disable"] as const;
type Operation = (typeof OPERATIONS)[number];

/**
 * A Sesam node whose pipes, when pumped, do what Sesam Talk does for the checklists it was given: the node API
 * under `/api` (pipes, pumps, datasets with the pump execution logs), Bearer JWT auth, and the reference sync
 * behind the pipes, which reaches the tenants only through their HTTP APIs.
 */
export class SesamNodeEmulator extends EmulatorServer {
  readonly service = "sesam";
  protected readonly router = new Router();
  readonly plan: SyncPlan;
  readonly #options: ParsedSesamNodeOptions;
  readonly #counter = new TenantRequestCounter();
  readonly #tenants: ReturnType<typeof createTenantClients>;
  readonly #engine: SyncEngine;
  readonly #pumps: Pump[];
  readonly #log: (line: string) => void;
  #defects: string[];
  #behaviour: SyncBehaviour;
  #behaviourSince: string;
  #lateWriteDelayMs: number;
  #schedule: { timer: NodeJS.Timeout | undefined; next: Date | null; stopped: boolean } | undefined;

  constructor(options: Partial<SesamNodeOptions> = {}) {
    const parsed = parseOptions(SesamNodeOptionsSchema, options, "options");
    super(mergeFaults(NO_FAULTS, parsed.faults, "options.faults"));
    this.#options = parsed;
    this.#log = parsed.log ?? ((line) => process.stderr.write(`sesam: ${line}\n`));
    this.#defects = parsed.defects;
    this.#behaviour = syncBehaviour(parseDefects(parsed.defects));
    this.#behaviourSince = new Date().toISOString();
    this.#lateWriteDelayMs = parsed.lateWriteDelayMs;
    this.plan = buildPlan(parsed.checklists);
    for (const item of this.plan.unsupported) {
      this.#log(`not synced: ${item.flow}${item.row ? ` / ${item.row}` : ""} (${item.source}): ${item.reason}`);
    }
    this.#tenants = createTenantClients(parsed, this.#counter);
    this.#engine = new SyncEngine(this.plan, this.#tenants, this.#log, parsed.sync);
    const queue = new WorkQueue();
    this.#pumps = this.plan.pipes.map(
      (spec) =>
        new Pump(
          spec,
          (pipe, signal) =>
            this.#engine.run(
              pipe,
              {
                behaviour: this.#behaviour,
                behaviourSince: this.#behaviourSince,
                lateWriteDelayMs: this.#lateWriteDelayMs,
              },
              signal,
            ),
          queue,
          () => this.#engine.syncType(spec),
        ),
    );
    this.router
      .add("GET", "/api/pipes", () =>
        json(
          200,
          this.#pumps.map((pump) => pipeJson(pump, this.plan, this.#scheduleInfo())),
        ),
      )
      .add("GET", "/api/pipes/:pipe", (ctx) =>
        this.#withPump(ctx, (pump) => json(200, pipeJson(pump, this.plan, this.#scheduleInfo()))),
      )
      .add("GET", "/api/pipes/:pipe/pump", (ctx) =>
        this.#withPump(ctx, (pump) => json(200, pumpJson(pump, this.#scheduleInfo()))),
      )
      .add("POST", "/api/pipes/:pipe/pump", (ctx) => this.#pumpOperation(ctx))
      .add("GET", "/api/datasets", () => json(200, this.#datasets().map(datasetJson)))
      .add("GET", "/api/datasets/:dataset", (ctx) =>
        this.#withDataset(ctx, (dataset) => json(200, datasetJson(dataset))),
      )
      .add("GET", "/api/datasets/:dataset/entities", (ctx) =>
        this.#withDataset(ctx, (dataset) => this.#entities(ctx, dataset)),
      );
  }

  /** What the sync has learned (collected records, links, datasets): direct access for tests, in process only. */
  get store(): SyncState {
    return this.#engine.state;
  }

  /** The pipe ids in pump order (collect, merge, share): one start of each, in turn, is a full pass. */
  get pipes(): string[] {
    return this.plan.pipes.map((pipe) => pipe.id);
  }

  override async listen(port = 0, host = "127.0.0.1"): Promise<string> {
    const url = await super.listen(port, host);
    this.#startSchedule();
    return url;
  }

  override async close(): Promise<void> {
    this.#stopSchedule();
    this.#engine.late.cancelAll();
    for (const pump of this.#pumps) pump.stop();
    await Promise.all(this.#pumps.map((pump) => pump.idle()));
    await super.close();
    await this.#tenants.close();
  }

  protected override gate(ctx: RequestContext): Reply | null {
    const header = ctx.headers.authorization;
    if (!header) return sesamErrors.unauthorized("No JWT was given: send 'Authorization: Bearer <jwt>'");
    const [scheme = "", token = ""] = header.trim().split(/\s+/, 2);
    if (scheme.toLowerCase() !== "bearer" || token !== this.#options.jwt) {
      return sesamErrors.unauthorized("The JWT is not valid for this node");
    }
    return null;
  }

  protected notFound(ctx: RequestContext): Reply {
    return sesamErrors.notFound(ctx.path);
  }

  protected methodNotAllowed(ctx: RequestContext, allowed: string[]): Reply {
    return sesamErrors.methodNotAllowed(ctx.method, allowed);
  }

  protected faultReply(kind: "rate429" | "rate5xx", retryAfterSeconds: number): Reply {
    if (kind === "rate5xx") return sesamErrors.unavailable();
    const reply = sesamErrors.tooManyRequests();
    return { ...reply, headers: { ...reply.headers, "Retry-After": String(retryAfterSeconds) } };
  }

  protected bodyErrorReply(error: BodyError): Reply {
    return sesamError(error.status, error.message);
  }

  protected internalErrorReply(): Reply {
    return sesamErrors.internal();
  }

  protected override configSnapshot(): Record<string, unknown> {
    return {
      ...super.configSnapshot(),
      defects: [...this.#defects],
      lateWriteDelayMs: this.#lateWriteDelayMs,
      schedule: this.#options.schedule ?? null,
      availableDefects: describeDefects(),
    };
  }

  protected override applyConfig(input: unknown): void {
    const parsed = parseOptions(SesamConfigSchema, input ?? {}, "config");
    if (parsed.faults !== undefined) super.applyConfig({ faults: parsed.faults });
    if (parsed.defects !== undefined) this.#setDefects(parsed.defects);
    if (parsed.lateWriteDelayMs !== undefined) this.#lateWriteDelayMs = parsed.lateWriteDelayMs;
  }

  protected storeSnapshot(): unknown {
    const state = this.#engine.state;
    return {
      pipes: this.#pumps.map((pump) => ({
        _id: pump.spec.id,
        kind: pump.spec.kind,
        flows: pump.spec.flows,
        runtime: pump.runtime(null),
      })),
      flows: this.plan.flows.map((flow) => ({
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
      unsupported: this.plan.unsupported,
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
      lateWritesPending: this.#engine.late.size,
    };
  }

  /**
   * `/__admin/stats`: the node's own request counts plus runs per pipe and the tenant requests the sync made.
   * Needs EmulatorServer to route its stats through this hook (see README "Needed from emulators/http"); until
   * then `/__admin/stats` has the request counts only and `syncStats()` the rest.
   */
  protected override statsSnapshot(requests: StatsSnapshot): Record<string, unknown> {
    return { ...requests, ...this.syncStats() };
  }

  /** Runs, zero-change runs (sesam-py counts these to know a sync settled) and failed runs per pipe. */
  syncStats(): Record<string, unknown> {
    const perPipe = (count: (pump: Pump) => number) =>
      Object.fromEntries(this.#pumps.map((pump) => [pump.spec.id, count(pump)]));
    return {
      runs: perPipe((pump) => pump.runs),
      zeroChangeRuns: perPipe((pump) => pump.zeroChangeRuns),
      failedRuns: perPipe((pump) => pump.failedRuns),
      tenantRequests: this.#counter.snapshot(),
      lateWritesPending: this.#engine.late.size,
    };
  }

  protected resetState(): void {
    for (const pump of this.#pumps) pump.reset();
    this.#engine.reset();
    this.#counter.clear();
    this.#setDefects(this.#options.defects);
    this.#lateWriteDelayMs = this.#options.lateWriteDelayMs;
  }

  #setDefects(defects: string[]): void {
    this.#behaviour = syncBehaviour(parseDefects(defects));
    this.#defects = [...defects];
    this.#behaviourSince = new Date().toISOString();
  }

  #withPump(ctx: RequestContext, answer: (pump: Pump) => Reply): Reply {
    const id = ctx.params.pipe ?? "";
    const pump = this.#pumps.find((p) => p.spec.id === id);
    return pump ? answer(pump) : sesamErrors.noSuchPipe(id);
  }

  async #pumpOperation(ctx: RequestContext): Promise<Reply> {
    const id = ctx.params.pipe ?? "";
    const pump = this.#pumps.find((p) => p.spec.id === id);
    if (!pump) return sesamErrors.noSuchPipe(id);
    const operation = await operationOf(ctx);
    if (operation === null) return sesamErrors.missingOperation();
    if (!(OPERATIONS as readonly string[]).includes(operation)) return sesamErrors.unsupportedOperation(id, operation);
    switch (operation as Operation) {
      case "start":
        // As the real node: a pump already running is not started again; the answer is 409 with the pump.
        if (!pump.start(userOf(this.#options.jwt))) return json(409, pumpJson(pump, this.#scheduleInfo()));
        break;
      case "stop":
        pump.stop();
        break;
      case "enable":
        pump.disabled = false;
        break;
      case "disable":
        pump.disabled = true;
        break;
    }
    return json(200, pumpJson(pump, this.#scheduleInfo()));
  }

  #datasets(): Dataset[] {
    return [...this.#pumps.map((pump) => pump.log.dataset), ...this.#engine.state.datasets()];
  }

  #withDataset(ctx: RequestContext, answer: (dataset: Dataset) => Reply): Reply {
    const id = ctx.params.dataset ?? "";
    const dataset = this.#datasets().find((d) => d.id === id);
    return dataset ? answer(dataset) : sesamErrors.noSuchDataset(id);
  }

  #entities(ctx: RequestContext, dataset: Dataset): Reply {
    const query: DatasetQuery = {};
    const since = ctx.query.get("since");
    if (since !== null && since !== "") {
      if (!/^-?\d+$/.test(since)) return sesamErrors.badParameter("since", `"${since}" is not a sequence number`);
      query.since = Number(since);
    }
    const limit = ctx.query.get("limit");
    if (limit !== null && limit !== "") {
      if (!/^\d+$/.test(limit)) return sesamErrors.badParameter("limit", `"${limit}" is not a non-negative integer`);
      query.limit = Number(limit);
    }
    for (const name of ["reverse", "history", "deleted"] as const) {
      const value = booleanParam(ctx.query.get(name));
      if (value === "invalid") return sesamErrors.badParameter(name, `expected true or false`);
      if (value !== undefined) query[name] = value;
    }
    return json(200, dataset.query(query));
  }

  #scheduleInfo(): { intervalMs: number; next: Date | null } | undefined {
    const schedule = this.#options.schedule;
    return schedule ? { intervalMs: schedule.intervalMs, next: this.#schedule?.next ?? null } : undefined;
  }

  /** The optional schedule: every interval, each enabled pipe that is not running is started, in order. */
  #startSchedule(): void {
    const interval = this.#options.schedule?.intervalMs;
    if (interval === undefined) return;
    const schedule: { timer: NodeJS.Timeout | undefined; next: Date | null; stopped: boolean } = {
      timer: undefined,
      next: null,
      stopped: false,
    };
    this.#schedule = schedule;
    const tick = async (): Promise<void> => {
      schedule.next = null;
      for (const pump of this.#pumps) {
        if (schedule.stopped) return;
        if (pump.disabled || pump.running) continue;
        pump.start(null);
        await pump.idle();
      }
      if (schedule.stopped) return;
      schedule.next = new Date(Date.now() + interval);
      schedule.timer = setTimeout(() => void tick(), interval);
    };
    schedule.next = new Date(Date.now() + interval);
    schedule.timer = setTimeout(() => void tick(), interval);
  }

  #stopSchedule(): void {
    if (!this.#schedule) return;
    this.#schedule.stopped = true;
    clearTimeout(this.#schedule.timer);
    this.#schedule = undefined;
  }
}

/** The name `emulators/sandbox.ts` loads. */
export { SesamNodeEmulator as SesamEmulator };

function datasetJson(dataset: Dataset): Record<string, unknown> {
  const size = dataset.size;
  return {
    _id: dataset.id,
    type: "dataset",
    runtime: { "count-log": size.log, "count-index": size.index, "last-sequence": dataset.lastSequence },
  };
}

async function operationOf(ctx: RequestContext): Promise<string | null> {
  const raw = await ctx.body();
  const type = mediaType(ctx.headers["content-type"]);
  if (isJsonMediaType(type)) {
    const body = parseJson(raw);
    const operation =
      body !== null && typeof body === "object" ? (body as Record<string, unknown>).operation : undefined;
    return typeof operation === "string" ? operation : null;
  }
  return parseForm(raw).get("operation") ?? ctx.query.get("operation");
}

function booleanParam(value: string | null): boolean | undefined | "invalid" {
  if (value === null || value === "") return undefined;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  return "invalid";
}

/** The user a run is started by, from the JWT's claims (not verified: the node only compares the token). */
function userOf(jwt: string): { user_id: string } | null {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
      string,
      unknown
    >;
    return typeof payload.user_id === "string" ? { user_id: payload.user_id } : null;
  } catch {
    return null;
  }
}
