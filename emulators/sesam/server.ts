import type { BodyError } from "../http/body.ts";
import { NO_FAULTS, createPrng, mergeFaults, randomSeed } from "../http/faults.ts";
import { OptionsError, parseEmulatorOptions } from "../http/options.ts";
import { Router } from "../http/router.ts";
import type { StatsSnapshot } from "../http/stats.ts";
import { EmulatorServer } from "../http/server.ts";
import type { Reply, RequestContext } from "../http/types.ts";
import { nodeStoreJson, syncStatsJson } from "./admin-json.ts";
import type { Dataset } from "./dataset.ts";
import { describeDefects, parseDefects, syncBehaviour, type SyncBehaviour } from "./defects.ts";
import { nodeError, sesamError, sesamErrors } from "./errors.ts";
import {
  SesamConfigSchema,
  SesamNodeOptionsSchema,
  type ParsedSesamNodeOptions,
  type SesamNodeOptions,
} from "./options.ts";
import { PeriodicSchedule } from "./periodic.ts";
import { pipeJson, pumpJson } from "./pipes.ts";
import { pipeConfig } from "./sync/pipe-config.ts";
import { NodeClock, Pump, WorkQueue, type RunReport } from "./pump.ts";
import { resolvePumpSettings, type PumpSettingsOption } from "./pump-settings.ts";
import { addDatasetRoutes } from "./routes/datasets.ts";
import type { NodeView } from "./routes/node-view.ts";
import { addPipeRoutes } from "./routes/pipes.ts";
import { addSchedulerRoutes } from "./routes/scheduler.ts";
import { InternalScheduler } from "./scheduler.ts";
import { SyncEngine } from "./sync/engine.ts";
import { buildSyncPlan } from "./sync/build-plan.ts";
import type { PipeSpec, SyncPlan } from "./sync/plan.ts";
import type { SyncState } from "./sync/state.ts";
import { createTenantClients, TenantRequestCounter } from "./sync/tenants.ts";

export type { SesamNodeOptions } from "./options.ts";

/**
 * A Sesam node whose pipes, when pumped, do what Sesam Talk does for the checklists it was given: the node API
 * under `/api` (pipes, pumps, datasets with the pump execution logs, the internal scheduler), Bearer JWT auth, and
 * the reference sync behind the pipes, which reaches the tenants only through their HTTP APIs. Runs are logged as
 * a node logs them: by default a run that changed nothing leaves no trace in the execution log.
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
  readonly #specs = new Map<string, PipeSpec>();
  readonly #scheduler: InternalScheduler;
  readonly #periodic: PeriodicSchedule | undefined;
  readonly #log: (line: string) => void;
  #defects: string[];
  #behaviour: SyncBehaviour;
  #behaviourSince: string;
  #lateWriteDelayMs: number;
  #pumpSettings: PumpSettingsOption;
  #runDurationMs: number;
  /** Draws whether a run of the pipe `failingRuns` names fails (reseeded with the node). */
  #failingDraw: () => number;

  constructor(options: Partial<SesamNodeOptions> = {}) {
    const parsed = parseEmulatorOptions("options", SesamNodeOptionsSchema, options);
    super(mergeFaults(NO_FAULTS, parsed.faults, "options.faults"));
    this.#options = parsed;
    this.#log = parsed.log ?? ((line) => process.stderr.write(`sesam: ${line}\n`));
    this.#defects = parsed.defects;
    this.#behaviour = syncBehaviour(parseDefects(parsed.defects));
    this.#behaviourSince = new Date().toISOString();
    this.#lateWriteDelayMs = parsed.lateWriteDelayMs;
    this.#pumpSettings = parsed.pumpSettings;
    this.#runDurationMs = parsed.runDurationMs;
    this.plan = buildSyncPlan(parsed.checklists);
    this.#failingDraw = createPrng(parsed.failingRuns?.seed ?? randomSeed());
    const failing = parsed.failingRuns?.pipe;
    if (failing !== undefined && !this.plan.pipes.some((pipe) => pipe.id === failing))
      throw new OptionsError(
        `options.failingRuns.pipe: no pipe ${JSON.stringify(failing)} (the node has ${this.plan.pipes.map((pipe) => pipe.id).join(", ") || "none"})`,
      );
    for (const item of this.plan.unsupported) {
      this.#log(`not synced: ${item.flow}${item.row ? ` / ${item.row}` : ""} (${item.source}): ${item.reason}`);
    }
    this.#tenants = createTenantClients(parsed, this.#counter);
    this.#engine = new SyncEngine(this.plan, this.#tenants, this.#log, parsed.sync);
    const queue = new WorkQueue();
    const clock = new NodeClock();
    this.#pumps = this.plan.pipes.map((spec) => {
      this.#specs.set(spec.id, spec);
      return new Pump(spec.id, {
        work: (signal) => this.#runPipe(spec, signal),
        queue,
        clock,
        syncType: () => this.#engine.syncType(spec),
        settings: () => resolvePumpSettings(this.#pumpSettings, spec.id),
        runDurationMs: () => this.#runDurationMs,
      });
    });
    const user = userOf(parsed.jwt);
    this.#scheduler = new InternalScheduler({
      pumps: () => this.#pumps,
      // An input pipe reads an external system: its source is not one of the node's datasets.
      isInputPipe: (id) => {
        const spec = this.#specs.get(id);
        return spec !== undefined && (pipeConfig(spec, this.plan).source as { type?: string }).type === "rest";
      },
      forget: () => this.#engine.reset(),
      user,
    });
    const view = this.#view(user);
    const interval = parsed.schedule?.intervalMs;
    this.#periodic = interval === undefined ? undefined : new PeriodicSchedule(interval, () => this.#pumps);
    // The scheduler's literal paths go first: `/api/pipes/:pipe` would otherwise take them.
    addSchedulerRoutes(this.router, view);
    addPipeRoutes(this.router, view);
    addDatasetRoutes(this.router, view);
  }

  /** What the sync has learned (collected records, links, datasets): direct access for tests, in process only. */
  get store(): SyncState {
    return this.#engine.state;
  }

  /** The pipe ids in pump order: one start of each, in turn, is a full pass. */
  get pipes(): string[] {
    return this.plan.pipes.map((pipe) => pipe.id);
  }

  override async listen(port = 0, host = "127.0.0.1"): Promise<string> {
    const url = await super.listen(port, host);
    this.#periodic?.start();
    return url;
  }

  override async close(): Promise<void> {
    this.#periodic?.stop();
    await this.#scheduler.stop();
    this.#engine.late.cancelAll();
    for (const pump of this.#pumps) pump.stop();
    await Promise.all(this.#pumps.map((pump) => pump.idle()));
    await super.close();
    await this.#tenants.close();
  }

  #runPipe(spec: PipeSpec, signal: AbortSignal): Promise<RunReport> {
    const failing = this.#options.failingRuns;
    if (failing?.pipe === spec.id && this.#failingDraw() < failing.rate)
      return Promise.reject(new Error(`injected failure of a ${spec.id} run (options.failingRuns)`));
    const settings = {
      behaviour: this.#behaviour,
      behaviourSince: this.#behaviourSince,
      lateWriteDelayMs: this.#lateWriteDelayMs,
    };
    return this.#engine.run(spec, settings, signal);
  }

  #view(user: { user_id: string } | null): NodeView {
    const schedule = () =>
      this.#periodic ? { intervalMs: this.#periodic.intervalMs, next: this.#periodic.next } : undefined;
    return {
      pumps: () => this.#pumps,
      pump: (id) => {
        const pump = this.#pumps.find((p) => p.id === id);
        if (!pump) throw nodeError.noSuchPipe(id);
        return pump;
      },
      pipeJson: (pump) =>
        pipeJson(pump, this.#spec(pump.id), this.plan, resolvePumpSettings(this.#pumpSettings, pump.id), schedule()),
      pumpJson: (pump) => pumpJson(pump, schedule()),
      datasets: () => this.#datasets(),
      scheduler: this.#scheduler,
      user,
    };
  }

  #spec(id: string): PipeSpec {
    const spec = this.#specs.get(id);
    if (!spec) throw nodeError.noSuchPipe(id);
    return spec;
  }

  #datasets(): Dataset[] {
    return [...this.#pumps.map((pump) => pump.log.dataset), ...this.#engine.state.datasets()];
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
      pumpSettings: this.#pumpSettings,
      runDurationMs: this.#runDurationMs,
      schedule: this.#options.schedule ?? null,
      availableDefects: describeDefects(),
    };
  }

  protected override applyConfig(input: unknown): void {
    const parsed = parseEmulatorOptions("config", SesamConfigSchema, input ?? {});
    if (parsed.faults !== undefined) super.applyConfig({ faults: parsed.faults });
    if (parsed.defects !== undefined) this.#setDefects(parsed.defects);
    if (parsed.lateWriteDelayMs !== undefined) this.#lateWriteDelayMs = parsed.lateWriteDelayMs;
    if (parsed.pumpSettings !== undefined) this.#pumpSettings = parsed.pumpSettings;
    if (parsed.runDurationMs !== undefined) this.#runDurationMs = parsed.runDurationMs;
  }

  protected storeSnapshot(): unknown {
    return nodeStoreJson({
      pumps: this.#pumps,
      spec: (id) => this.#spec(id),
      plan: this.plan,
      state: this.#engine.state,
      pumpSettings: this.#pumpSettings,
      lateWritesPending: this.#engine.late.size,
    });
  }

  /** `/__admin/stats`: the node's own request counts plus runs per pipe and the tenant requests the sync made. */
  protected override statsSnapshot(requests: StatsSnapshot): Record<string, unknown> {
    return { ...requests, ...this.syncStats() };
  }

  /** Runs, zero-change runs (sesam-py counts these to know a sync settled), failed and logged runs per pipe. */
  syncStats(): Record<string, unknown> {
    return syncStatsJson(this.#pumps, this.#counter.snapshot(), this.#engine.late.size);
  }

  protected resetState(): void {
    this.#scheduler.reset();
    for (const pump of this.#pumps) pump.reset();
    this.#engine.reset();
    this.#counter.clear();
    this.#setDefects(this.#options.defects);
    this.#lateWriteDelayMs = this.#options.lateWriteDelayMs;
    this.#pumpSettings = this.#options.pumpSettings;
    this.#runDurationMs = this.#options.runDurationMs;
    this.#failingDraw = createPrng(this.#options.failingRuns?.seed ?? randomSeed());
  }

  #setDefects(defects: string[]): void {
    this.#behaviour = syncBehaviour(parseDefects(defects));
    this.#defects = [...defects];
    this.#behaviourSince = new Date().toISOString();
  }
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
