import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ChecklistSchema } from "../../support/checklist/model.ts";
import { SANDBOX_CREDENTIALS } from "../credentials.ts";
import { DefectError, parseDefects } from "./defects.ts";
import { PumpSettingsOptionSchema } from "./pump-settings.ts";

/** The checklist the node syncs when none is given (the harness's own default): what the sandbox loads. */
export const DEFAULT_SESAM_CHECKLISTS = [
  fileURLToPath(new URL("../../checklists/youtrack-powerofficego.rst", import.meta.url)),
];

/** How long the late-write defect holds a write back: past the harness's default SYNC_TIMEOUT_MS (30 s). */
export const DEFAULT_LATE_WRITE_DELAY_MS = 60_000;

export const DefectListSchema = z.array(z.string().min(1)).superRefine((specs, ctx) => {
  try {
    parseDefects(specs);
  } catch (error) {
    if (!(error instanceof DefectError)) throw error;
    ctx.addIssue({ code: "custom", message: error.message });
  }
});

export const LateWriteDelaySchema = z.number().int().min(0).max(600_000);

/** The least time a pipe run takes: a real node's runs take seconds (0: as fast as the sync goes). */
export const RunDurationSchema = z.number().int().min(0).max(600_000);

const defaults = SANDBOX_CREDENTIALS;

export const SesamNodeOptionsSchema = z.strictObject({
  /** The JWT the node accepts as `Authorization: Bearer <jwt>`. */
  jwt: z.string().min(1).default(defaults.sesam.jwt),
  youtrack: z.strictObject({
    url: z.url(),
    token: z.string().min(1).default(defaults.youtrack.token),
  }),
  poweroffice: z.strictObject({
    url: z.url(),
    /** The tenant's legacy v1 host (its own base URL, token endpoint and limit). */
    v1Url: z.url().optional(),
    applicationKey: z.string().min(1).default(defaults.poweroffice.applicationKey),
    clientKey: z.string().min(1).default(defaults.poweroffice.clientKey),
    subscriptionKey: z.string().min(1).default(defaults.poweroffice.subscriptionKey),
    /** The sync's own request rate (the PowerOffice client's default, 10/s, when absent; false: none). */
    throttle: z.union([z.literal(false), z.strictObject({ perSecond: z.number().min(1) })]).optional(),
  }),
  /** The parsed checklists whose flows the pipes sync. */
  checklists: z.array(ChecklistSchema).default([]),
  /** Deliberate defects, `name` or `name:arg` (see defects.ts). */
  defects: DefectListSchema.default([]),
  /** Runs every enabled pipe in order every intervalMs; off when absent (runs happen only when pumped). */
  schedule: z.strictObject({ intervalMs: z.number().int().min(10) }).optional(),
  lateWriteDelayMs: LateWriteDelaySchema.default(DEFAULT_LATE_WRITE_DELAY_MS),
  /**
   * Pump settings (`log_events_noop_runs`, `log_events_noop_runs_changes_only`, `notification_granularity`) for
   * every pipe (`all`) and per pipe id (`pipes`); unset keys take Sesam's defaults (no-op runs are not logged).
   */
  pumpSettings: PumpSettingsOptionSchema.default({}),
  runDurationMs: RunDurationSchema.default(0),
  /**
   * A share `rate` of `pipe`'s runs fails before it reads or writes anything, as a run fails when a tenant keeps
   * failing; the node tries again on the pipe's next run. Drawn from `seed` (as the tenant faults), so a pattern
   * can be replayed. For the harness's own tests of failed passes: tenant faults fail runs of any pipe, rarely;
   * this fails one pipe's, often.
   */
  failingRuns: z
    .strictObject({ pipe: z.string().min(1), rate: z.number().gt(0).max(1), seed: z.number().int().optional() })
    .optional(),
  /** The reference sync's allowance for tenants whose reads lag writes (sync/context.ts DEFAULT_TIMINGS). */
  sync: z
    .strictObject({
      watermarkOverlapMs: z.number().int().min(0).max(600_000).optional(),
      readLagMs: z.number().int().min(0).max(60_000).optional(),
    })
    .optional(),
  /** Faults on the node's own API (as the other emulators). */
  faults: z.record(z.string(), z.unknown()).optional(),
  /** Where the node's log lines go (stderr when absent). */
  log: z.custom<(line: string) => void>((value) => typeof value === "function", "must be a function").optional(),
});

export type SesamNodeOptions = z.input<typeof SesamNodeOptionsSchema>;
export type ParsedSesamNodeOptions = z.output<typeof SesamNodeOptionsSchema>;

/** What `PUT /__admin/config` may change at run time. */
export const SesamConfigSchema = z.strictObject({
  faults: z.record(z.string(), z.unknown()).optional(),
  defects: DefectListSchema.optional(),
  lateWriteDelayMs: LateWriteDelaySchema.optional(),
  /** Replaces the pump settings (a pipe's `config.effective.pump` shows them at once). */
  pumpSettings: PumpSettingsOptionSchema.optional(),
  runDurationMs: RunDurationSchema.optional(),
});
