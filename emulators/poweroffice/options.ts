import { z } from "zod";
import type { ThrottleConfig } from "./throttle.ts";

// The PowerOffice emulator's options and run-time config, for both hosts.

export const ThrottleSchema = z.strictObject({
  enabled: z.boolean().optional(),
  perSecond: z.number().int().min(1).max(100_000).optional(),
});
export const LifetimeSchema = z.number().int().min(1).max(86_400);
/** How far GETs lag writes, in ms (the replica, limitations.md "Live data"). */
export const ReadLagSchema = z.number().int().min(0).max(60_000);

const IntegrationSchema = z.strictObject({
  applicationKey: z.string().min(1),
  clientKey: z.string().min(1),
  subscriptionKey: z.string().min(1),
});

const V1OptionsSchema = z.strictObject({
  tokenLifetimeSeconds: LifetimeSchema.optional(),
  throttle: ThrottleSchema.optional(),
});

export const OptionsSchema = z.strictObject({
  applicationKey: z.string().min(1).optional(),
  clientKey: z.string().min(1).optional(),
  subscriptionKey: z.string().min(1).optional(),
  tokenLifetimeSeconds: LifetimeSchema.optional(),
  throttle: ThrottleSchema.optional(),
  readLagMs: ReadLagSchema.optional(),
  faults: z.record(z.string(), z.unknown()).optional(),
  integrations: z.array(IntegrationSchema).optional(),
  v1: V1OptionsSchema.optional(),
});

/** What `PUT /__admin/config` takes on either host (each host its own throttle and lifetime; the lag is shared). */
export const ConfigSchema = z.strictObject({
  faults: z.record(z.string(), z.unknown()).optional(),
  throttle: ThrottleSchema.optional(),
  tokenLifetimeSeconds: LifetimeSchema.optional(),
  readLagMs: ReadLagSchema.optional(),
});

/** v2 tokens: `expires_in: 1200` (the notes; goapi's token endpoint). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 1200;
/** API Management's limit: 10 calls a second per subscription key (the notes). */
export const DEFAULT_THROTTLE: ThrottleConfig = { enabled: true, perSecond: 10 };
/** v1 tokens: "will expire after 10 minutes", `expires_in: 599` (go-api-documentation docs/api/rest/authentication.md). */
export const DEFAULT_V1_TOKEN_LIFETIME_SECONDS = 600;
/** v1: "a limit of 50 requests per second for each integration key" (docs/api/common/limitations.md). */
export const DEFAULT_V1_THROTTLE: ThrottleConfig = { enabled: true, perSecond: 50 };

export interface Credentials {
  applicationKey: string;
  clientKey: string;
  subscriptionKey: string;
}

export function withDefaults(
  base: ThrottleConfig,
  partial: z.output<typeof ThrottleSchema> | undefined,
): ThrottleConfig {
  return {
    enabled: partial?.enabled ?? base.enabled,
    perSecond: partial?.perSecond ?? base.perSecond,
  };
}
