import type { FaultConfig } from "../http/faults.ts";
import { mergeFaults } from "../http/faults.ts";
import { parseEmulatorOptions } from "../http/options.ts";
import { EmulatorServer } from "../http/server.ts";
import type { StatsSnapshot } from "../http/stats.ts";
import type { Reply } from "../http/types.ts";
import { ConfigSchema, LifetimeSchema, ReadLagSchema, ThrottleSchema, withDefaults } from "./options.ts";
import type { PowerOfficeStore } from "./store.ts";
import { Throttle } from "./throttle.ts";
import type { ThrottleConfig } from "./throttle.ts";

/** A host's own settings: each host has its own rate limit and token lifetime. */
export interface HostSettings {
  throttle: ThrottleConfig;
  tokenLifetimeSeconds: number;
}

/**
 * What both PowerOffice hosts (v2 behind API Management, legacy v1) have in common: one tenant's store and its
 * read lag, their own rate limit and token lifetime, and the `/__admin/config` over them.
 */
export abstract class PowerOfficeHost extends EmulatorServer {
  readonly #store: PowerOfficeStore;
  readonly #throttle = new Throttle();
  readonly #initial: HostSettings;
  #throttleConfig: ThrottleConfig;
  #tokenLifetimeSeconds: number;

  protected constructor(store: PowerOfficeStore, settings: HostSettings, faults: FaultConfig) {
    super(faults);
    this.#store = store;
    this.#initial = { throttle: { ...settings.throttle }, tokenLifetimeSeconds: settings.tokenLifetimeSeconds };
    this.#throttleConfig = { ...settings.throttle };
    this.#tokenLifetimeSeconds = settings.tokenLifetimeSeconds;
  }

  /** The tenant's records: both hosts serve the one store. */
  get store(): PowerOfficeStore {
    return this.#store;
  }

  get readLagMs(): number {
    return this.#store.readLagMs;
  }

  /** Both hosts read the one replica: the lag is the tenant's. */
  setReadLag(ms: number): void {
    this.#store.readLagMs = parseEmulatorOptions("readLagMs", ReadLagSchema, ms);
  }

  get throttle(): ThrottleConfig {
    return { ...this.#throttleConfig };
  }

  setThrottle(throttle: Partial<ThrottleConfig>): void {
    this.#throttleConfig = withDefaults(
      this.#throttleConfig,
      parseEmulatorOptions("throttle", ThrottleSchema, throttle),
    );
  }

  get tokenLifetimeSeconds(): number {
    return this.#tokenLifetimeSeconds;
  }

  /** The `expires_in` of tokens issued from now on. */
  setTokenLifetime(seconds: number): void {
    this.#tokenLifetimeSeconds = parseEmulatorOptions("tokenLifetimeSeconds", LifetimeSchema, seconds);
  }

  /** The host's 429 when a call is over its rate limit. */
  protected abstract rateLimitedReply(retryAfterSeconds: number): Reply;

  /** Counts a call against `key`'s share of the rate limit; the host's 429 when it is over. */
  protected admit(key: string): Reply | null {
    const result = this.#throttle.admit(key, this.#throttleConfig);
    if (result.ok) return null;
    this.recordFault("throttled");
    return this.rateLimitedReply(result.retryAfterSeconds);
  }

  /** Puts the host's own settings back as constructed (the tenant's store is reset by whoever owns it). */
  protected resetHostSettings(): void {
    this.#throttle.clear();
    this.#throttleConfig = { ...this.#initial.throttle };
    this.#tokenLifetimeSeconds = this.#initial.tokenLifetimeSeconds;
  }

  /** With the request counts: the most calls admitted in any one second, per rate-limit key (`Throttle`). */
  protected override statsSnapshot(requests: StatsSnapshot): Record<string, unknown> {
    return { ...super.statsSnapshot(requests), busiestSecondByKey: this.#throttle.busiestSecond() };
  }

  protected storeSnapshot(): unknown {
    return this.#store.snapshot();
  }

  protected override configSnapshot(): Record<string, unknown> {
    return {
      ...super.configSnapshot(),
      throttle: this.throttle,
      tokenLifetimeSeconds: this.#tokenLifetimeSeconds,
      readLagMs: this.#store.readLagMs,
    };
  }

  protected override applyConfig(input: unknown): void {
    const parsed = parseEmulatorOptions("config", ConfigSchema, input ?? {});
    // Validate everything before changing anything, so a bad PUT changes nothing.
    const faults = parsed.faults === undefined ? undefined : mergeFaults(this.faults, parsed.faults);
    if (faults) this.setFaults(faults);
    if (parsed.throttle) this.setThrottle(parsed.throttle);
    if (parsed.tokenLifetimeSeconds !== undefined) this.setTokenLifetime(parsed.tokenLifetimeSeconds);
    if (parsed.readLagMs !== undefined) this.setReadLag(parsed.readLagMs);
  }
}
