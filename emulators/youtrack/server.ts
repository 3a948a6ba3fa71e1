import { z } from "zod";
import type { BodyError } from "../http/body.ts";
import { NO_FAULTS, mergeFaults } from "../http/faults.ts";
import type { FaultConfig } from "../http/faults.ts";
import { parseEmulatorOptions } from "../http/options.ts";
import { Router } from "../http/router.ts";
import { EmulatorServer } from "../http/server.ts";
import type { Reply, RequestContext } from "../http/types.ts";
import { SANDBOX_CREDENTIALS } from "../credentials.ts";
import { StoreError, hubErrorReply, hubErrors, storeErrorReply } from "./errors.ts";
import { toHubJson } from "./model.ts";
import { YouTrackStore } from "./store.ts";
import { HubUsersApi } from "./users.ts";

export interface YouTrackOptions {
  /** The permanent token accepted as `Authorization: Bearer <token>`. */
  token: string;
  /** How far GETs lag writes, in ms (0: Hub documents no replica; the knob is there to test a client's patience). */
  readLagMs: number;
  faults: Partial<FaultConfig>;
}

const ReadLagSchema = z.number().int().min(0).max(60_000);

const OptionsSchema = z.strictObject({
  token: z.string().min(1).optional(),
  readLagMs: ReadLagSchema.optional(),
  faults: z.record(z.string(), z.unknown()).optional(),
});

const ConfigSchema = z.strictObject({
  faults: z.record(z.string(), z.unknown()).optional(),
  readLagMs: ReadLagSchema.optional(),
});

/** Both the documented base and the alias Sesam's connector calls. */
const HUB_PREFIXES = ["/hub/api/rest", "/hub/rest"] as const;

/**
 * The YouTrack tenant's Hub users API (`/hub/api/rest/users` and `/hub/rest/users`). The base URL is the
 * YouTrack base URL.
 */
export class YouTrackEmulator extends EmulatorServer {
  readonly service = "youtrack";
  readonly store = new YouTrackStore();
  protected readonly router = new Router();
  readonly #token: string;
  readonly #initialReadLagMs: number;

  constructor(options: Partial<YouTrackOptions> = {}) {
    const parsed = parseEmulatorOptions("options", OptionsSchema, options);
    super(mergeFaults(NO_FAULTS, parsed.faults, "options.faults"));
    this.#token = parsed.token ?? SANDBOX_CREDENTIALS.youtrack.token;
    this.#initialReadLagMs = parsed.readLagMs ?? 0;
    this.store.readLagMs = this.#initialReadLagMs;
    const users = new HubUsersApi(this.store);
    for (const prefix of HUB_PREFIXES) {
      this.router
        .add("GET", `${prefix}/users`, (ctx) => users.list(ctx))
        .add("POST", `${prefix}/users`, (ctx) => users.create(ctx))
        .add("GET", `${prefix}/users/:id`, (ctx) => users.get(ctx))
        .add("POST", `${prefix}/users/:id`, (ctx) => users.update(ctx))
        .add("DELETE", `${prefix}/users/:id`, (ctx) => users.delete(ctx));
    }
  }

  get readLagMs(): number {
    return this.store.readLagMs;
  }

  setReadLag(ms: number): void {
    this.store.readLagMs = parseEmulatorOptions("readLagMs", ReadLagSchema, ms);
  }

  protected override configSnapshot(): Record<string, unknown> {
    return { ...super.configSnapshot(), readLagMs: this.store.readLagMs };
  }

  protected override applyConfig(input: unknown): void {
    const parsed = parseEmulatorOptions("config", ConfigSchema, input ?? {});
    // Validate everything before changing anything, so a bad PUT changes nothing.
    const faults = parsed.faults === undefined ? undefined : mergeFaults(this.faults, parsed.faults);
    if (faults) this.setFaults(faults);
    if (parsed.readLagMs !== undefined) this.setReadLag(parsed.readLagMs);
  }

  protected override gate(ctx: RequestContext): Reply | null {
    const header = ctx.headers.authorization;
    if (!header) return hubErrors.notLoggedIn();
    const [scheme = "", token = ""] = header.trim().split(/\s+/, 2);
    if (scheme.toLowerCase() !== "bearer" || token !== this.#token) return hubErrors.invalidToken();
    return null;
  }

  protected notFound(): Reply {
    return hubErrors.notFound();
  }

  protected methodNotAllowed(_ctx: RequestContext, allowed: string[]): Reply {
    const reply = hubErrors.methodNotAllowed();
    return { ...reply, headers: { ...reply.headers, Allow: allowed.join(", ") } };
  }

  protected faultReply(kind: "rate429" | "rate5xx", retryAfterSeconds: number): Reply {
    if (kind === "rate5xx") return hubErrors.unavailable();
    const reply = hubErrors.tooManyRequests();
    return { ...reply, headers: { ...reply.headers, "Retry-After": String(retryAfterSeconds) } };
  }

  protected bodyErrorReply(error: BodyError): Reply {
    if (error.status === 415) return hubErrors.unsupportedMediaType();
    return hubErrorReply(
      error.status,
      error.status === 413 ? "Request Entity Too Large" : "bad_request",
      error.message,
    );
  }

  protected override errorReply(error: unknown): Reply | null {
    return error instanceof StoreError ? storeErrorReply(error) : null;
  }

  protected internalErrorReply(): Reply {
    return hubErrors.serverError();
  }

  protected storeSnapshot(): unknown {
    const baseUrl = this.#baseUrlOrEmpty();
    return { users: this.store.list().map((user) => toHubJson(user, baseUrl)) };
  }

  protected resetState(): void {
    this.store.clear();
    this.store.readLagMs = this.#initialReadLagMs;
  }

  #baseUrlOrEmpty(): string {
    try {
      return this.url;
    } catch {
      return "";
    }
  }
}
