import { z } from "zod";
import { parseEmulatorOptions } from "./options.ts";

export interface FaultConfig {
  latencyMs: number; // added before every API answer (0)
  rate429: number; // share 0..1 of API requests answered 429 with Retry-After (0)
  retryAfterSeconds: number; // the Retry-After of injected 429s (1)
  rate5xx: number; // share answered 503 with the service's error body (0)
  dropRate: number; // share whose connection is destroyed before the request is handled (0)
  lostResponseRate: number; // share handled (the store changes) and then the connection destroyed: the answer is lost (0)
  seed?: number; // PRNG seed, so a fault pattern can be replayed
}

const share = z.number().min(0).max(1);

const FaultConfigSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000),
  rate429: share,
  retryAfterSeconds: z.number().int().min(0).max(3600),
  rate5xx: share,
  dropRate: share,
  lostResponseRate: share,
  seed: z.number().int().optional(),
});

const PartialFaultConfigSchema = FaultConfigSchema.partial();

export const NO_FAULTS: FaultConfig = Object.freeze({
  latencyMs: 0,
  rate429: 0,
  retryAfterSeconds: 1,
  rate5xx: 0,
  dropRate: 0,
  lostResponseRate: 0,
});

/** Merges a partial fault config into a full one; throws an error naming the bad field. */
export function mergeFaults(base: FaultConfig, partial: unknown, label = "faults"): FaultConfig {
  const parsed = parseEmulatorOptions(label, PartialFaultConfigSchema, partial ?? {});
  const merged: FaultConfig = { ...base };
  for (const [key, value] of Object.entries(parsed) as [keyof FaultConfig, number | undefined][]) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** mulberry32: tiny, fast and good enough to make a seeded fault pattern replayable. */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What happens to one API request; drawn up front so a seed gives the same pattern whatever the handlers do. */
export interface FaultPlan {
  drop: boolean;
  latencyMs: number;
  inject: "rate429" | "rate5xx" | null;
  lostResponse: boolean;
}

export class FaultInjector {
  #config: FaultConfig;
  #random: () => number;

  constructor(config: FaultConfig) {
    this.#config = config;
    this.#random = createPrng(config.seed ?? randomSeed());
  }

  get config(): FaultConfig {
    return { ...this.#config };
  }

  set config(config: FaultConfig) {
    const reseed = config.seed !== undefined && config.seed !== this.#config.seed;
    this.#config = config;
    if (reseed && config.seed !== undefined) this.#random = createPrng(config.seed);
  }

  /** Always draws four numbers, so the pattern for request n depends only on the seed and n. */
  plan(): FaultPlan {
    const c = this.#config;
    const [drop, r429, r5xx, lost] = [this.#random(), this.#random(), this.#random(), this.#random()];
    const inject = r429 < c.rate429 ? "rate429" : r5xx < c.rate5xx ? "rate5xx" : null;
    return { drop: drop < c.dropRate, latencyMs: c.latencyMs, inject, lostResponse: lost < c.lostResponseRate };
  }
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}
