import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { adminReply } from "./admin.ts";
import type { AdminApi } from "./admin.ts";
import { BodyError, DEFAULT_BODY_LIMIT, readBody } from "./body.ts";
import { FaultInjector, mergeFaults } from "./faults.ts";
import type { FaultConfig, FaultPlan } from "./faults.ts";
import { parseEmulatorOptions } from "./options.ts";
import { send } from "./reply.ts";
import { ReplyError } from "./reply-error.ts";
import type { RouteMatch, Router } from "./router.ts";
import { RequestStats } from "./stats.ts";
import type { StatsSnapshot } from "./stats.ts";
import type { Reply, RequestContext } from "./types.ts";

/** The config every emulator accepts through `PUT /__admin/config`; services extend it. */
const BaseConfigSchema = z.strictObject({ faults: z.unknown().optional() });

/**
 * The HTTP layer shared by the emulators: listen/close/url, the `/__admin` routes, fault injection on API paths
 * and request stats, and the one place where what a handler threw becomes a reply (a ReplyError as it is, the
 * service's own errors through `errorReply`). A service supplies a router, its error bodies, its store and
 * (optionally) a gate run before each handler (PowerOffice uses it for the API Management checks).
 */
export abstract class EmulatorServer {
  abstract readonly service: string;
  protected abstract readonly router: Router;

  readonly #stats = new RequestStats();
  readonly #initialFaults: FaultConfig;
  #faults: FaultInjector;
  #server: Server | undefined;
  #url: string | undefined;
  readonly #sockets = new Set<Socket>();
  #closing = new AbortController();

  protected constructor(faults: FaultConfig) {
    this.#initialFaults = { ...faults };
    this.#faults = new FaultInjector(this.#initialFaults);
  }

  /** The error body of a route that does not exist. */
  protected abstract notFound(ctx: RequestContext): Reply;
  protected abstract methodNotAllowed(ctx: RequestContext, allowed: string[]): Reply;
  /** An injected 429 (with Retry-After) or 503, with the service's error body. */
  protected abstract faultReply(kind: "rate429" | "rate5xx", retryAfterSeconds: number): Reply;
  protected abstract bodyErrorReply(error: BodyError, ctx: RequestContext): Reply;
  /**
   * The service's reply to an error its store (or other code of its own) threw in its own terms; null: not one of
   * the service's errors (a 500, logged). A thrown ReplyError needs none: its reply is sent as is.
   */
  protected errorReply(_error: unknown, _ctx: RequestContext): Reply | null {
    return null;
  }
  protected abstract internalErrorReply(ctx: RequestContext): Reply;
  protected abstract storeSnapshot(): unknown;
  /** Empties the store and puts service config back to the constructor's. */
  protected abstract resetState(): void;

  /** Runs before the handler of a matched route; a reply short-circuits it. */
  protected gate(_ctx: RequestContext, _route: string): Reply | null {
    return null;
  }

  protected configSnapshot(): Record<string, unknown> {
    return { faults: this.#faults.config };
  }

  /** Applies a partial config from `PUT /__admin/config`; throws an OptionsError naming a bad field. */
  protected applyConfig(input: unknown): void {
    const parsed = parseEmulatorOptions("config", BaseConfigSchema, input ?? {});
    if (parsed.faults !== undefined) this.setFaults(parsed.faults as Partial<FaultConfig>);
  }

  get url(): string {
    if (this.#url === undefined) throw new Error(`${this.service} emulator is not listening`);
    return this.#url;
  }

  get faults(): FaultConfig {
    return this.#faults.config;
  }

  setFaults(faults: Partial<FaultConfig>): void {
    this.#faults.config = mergeFaults(this.#faults.config, faults);
  }

  /** What `/__admin/stats` answers; a service adds its own counters (the Sesam node: runs per pipe). */
  protected statsSnapshot(requests: StatsSnapshot): Record<string, unknown> {
    return { ...requests };
  }

  reset(): void {
    this.resetState();
    this.#stats.clear();
    this.#faults = new FaultInjector(this.#initialFaults);
  }

  protected recordFault(kind: string): void {
    this.#stats.fault(kind);
  }

  listen(port = 0, host = "127.0.0.1"): Promise<string> {
    if (this.#server) return Promise.reject(new Error(`${this.service} emulator is already listening`));
    const server = createServer((req, res) => {
      this.#dispatch(req, res).catch((error: unknown) => {
        console.error(`${this.service} emulator: ${req.method ?? ""} ${req.url ?? ""} failed:`, error);
        if (res.headersSent) res.destroy();
        else send(res, { status: 500, body: { error: "emulator failure" } });
      });
    });
    server.on("connection", (socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    });
    this.#closing = new AbortController();
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        server.close();
        reject(error);
      };
      server.once("error", onError);
      server.listen(port, host, () => {
        server.off("error", onError);
        const address = server.address();
        if (address === null || typeof address === "string") {
          reject(new Error("unexpected server address"));
          return;
        }
        this.#server = server;
        this.#url = `http://${urlHost(host)}:${address.port}`;
        resolve(this.#url);
      });
    });
  }

  /** Stops listening and destroys keep-alive sockets, so a test run never hangs on an idle connection. */
  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    this.#closing.abort();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await closed;
  }

  async #dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    let bodyPromise: Promise<Buffer> | undefined;
    const ctx: RequestContext = {
      method: (req.method ?? "GET").toUpperCase(),
      path: url.pathname,
      url,
      query: url.searchParams,
      headers: req.headers,
      params: {},
      baseUrl: this.#url ?? "",
      body: () => (bodyPromise ??= readBody(req, DEFAULT_BODY_LIMIT)),
    };
    if (ctx.path === "/__admin" || ctx.path.startsWith("/__admin/")) {
      send(res, await adminReply(ctx, this.#admin));
      return;
    }
    const match = this.router.match(ctx.method, ctx.path);
    this.#stats.request(ctx.method, match.kind === "not-found" ? null : match.route);
    const plan = this.#faults.plan();
    if (plan.drop) {
      this.#stats.fault("drop");
      req.socket.destroy();
      return;
    }
    const reply = await this.#answer(ctx, match, plan);
    if (reply === null) return;
    if (plan.lostResponse) {
      this.#stats.fault("lostResponse");
      // The handler ran (and the store changed); the client only sees the connection go.
      req.socket.destroy();
      return;
    }
    send(res, reply);
  }

  async #answer(ctx: RequestContext, match: RouteMatch, plan: FaultPlan): Promise<Reply | null> {
    if (plan.latencyMs > 0) {
      this.#stats.fault("latency");
      try {
        await sleep(plan.latencyMs, undefined, { signal: this.#closing.signal });
      } catch {
        return null;
      }
    }
    if (plan.inject) {
      this.#stats.fault(plan.inject);
      return this.faultReply(plan.inject, this.#faults.config.retryAfterSeconds);
    }
    if (match.kind === "not-found") return this.notFound(ctx);
    if (match.kind === "method-not-allowed") return this.methodNotAllowed(ctx, match.allowed);
    ctx.params = match.params;
    try {
      return this.gate(ctx, match.route) ?? (await match.handler(ctx));
    } catch (error) {
      // The one place a thrown error becomes the service's reply.
      if (error instanceof ReplyError) return error.reply;
      if (error instanceof BodyError) return this.bodyErrorReply(error, ctx);
      const reply = this.errorReply(error, ctx);
      if (reply) return reply;
      console.error(`${this.service} emulator: ${ctx.method} ${ctx.path} failed:`, error);
      return this.internalErrorReply(ctx);
    }
  }

  readonly #admin: AdminApi = {
    service: (): string => this.service,
    config: (): Record<string, unknown> => this.configSnapshot(),
    applyConfig: (input: unknown): void => this.applyConfig(input),
    reset: (): void => this.reset(),
    store: (): unknown => this.storeSnapshot(),
    stats: () => this.statsSnapshot(this.#stats.snapshot()),
  };
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
