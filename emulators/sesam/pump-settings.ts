// The pump settings that decide which runs a real Sesam node writes to `system:pump_execution:<pipe>`
// (datanav/docs hub/documentation/service-configuration/pipes/configuration-pump.rst; hub/changelog.rst, 2019):
// - log_events_noop_runs (default false): a run that processed or changed nothing is never logged;
// - log_events_noop_runs_changes_only (default true): the sink's change count decides what a no-op is; false: a run
//   whose source yielded nothing is the no-op;
// - notification_granularity (seconds, default 999999999999999 = never): a no-op run is logged anyway when the last
//   logged "completed" event is older than this.
// Errors and retries are always logged. A driver that waits for a logged run after its edit waits forever on a
// pipe that had nothing to do, which is why the sandbox defaults to exactly what a node does.
import { z } from "zod";

export const NEVER_SECONDS = 999_999_999_999_999;

export const PumpSettingsSchema = z.strictObject({
  log_events_noop_runs: z.boolean(),
  log_events_noop_runs_changes_only: z.boolean(),
  notification_granularity: z.number().int().min(1),
});
export type PumpSettings = z.infer<typeof PumpSettingsSchema>;

/** Sesam's documented defaults. */
export const SESAM_PUMP_DEFAULTS: PumpSettings = {
  log_events_noop_runs: false,
  log_events_noop_runs_changes_only: true,
  notification_granularity: NEVER_SECONDS,
};

export const PartialPumpSettingsSchema = PumpSettingsSchema.partial();
export type PartialPumpSettings = z.infer<typeof PartialPumpSettingsSchema>;

/** Settings for every pipe, then per pipe id (a pipe's own settings win, key by key). */
export const PumpSettingsOptionSchema = z.strictObject({
  all: PartialPumpSettingsSchema.optional(),
  pipes: z.record(z.string().min(1), PartialPumpSettingsSchema).optional(),
});
export type PumpSettingsOption = z.infer<typeof PumpSettingsOptionSchema>;

/** What one pipe was configured with (its `config.original.pump` part) and what it runs with (`effective`). */
export interface ResolvedPumpSettings {
  original: PartialPumpSettings;
  effective: PumpSettings;
}

export function resolvePumpSettings(option: PumpSettingsOption | undefined, pipe: string): ResolvedPumpSettings {
  const original = { ...option?.all, ...option?.pipes?.[pipe] };
  return { original, effective: { ...SESAM_PUMP_DEFAULTS, ...original } };
}

/** What a finished run did, in the terms the logging rules use. */
export interface RunCounts {
  /** Entities the source produced (metrics `entities.entities_last_run`). */
  processed: number;
  /** Entities the sink changed (metrics `entities.changes_last_run`). */
  changed: number;
  /** Entities the sink refused: an error, always logged. */
  failed: number;
}

/**
 * Whether a completed run is written to the execution log. `lastLoggedCompletionMs` is when the last logged
 * "pump-completed" was written (null: never), for notification_granularity.
 */
export function isLogged(
  settings: PumpSettings,
  run: RunCounts,
  nowMs: number,
  lastLoggedCompletionMs: number | null,
): boolean {
  if (run.failed > 0) return true;
  if (settings.log_events_noop_runs) return true;
  const noop = settings.log_events_noop_runs_changes_only ? run.changed === 0 : run.processed === 0;
  if (!noop) return true;
  if (settings.notification_granularity >= NEVER_SECONDS) return false;
  return lastLoggedCompletionMs === null || nowMs - lastLoggedCompletionMs >= settings.notification_granularity * 1000;
}

/**
 * Reads `key=value,key=value` (the sandbox's SANDBOX_PUMP and `--pump`): every key must be a pump setting, every
 * value of its kind. Answers the settings or the first problem, in words.
 */
export function parsePumpSettingsList(
  text: string,
): { ok: true; settings: PartialPumpSettings } | { ok: false; problem: string } {
  const settings: PartialPumpSettings = {};
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key = "", raw = ""] = part.split("=", 2).map((p) => p.trim());
    if (key === "log_events_noop_runs" || key === "log_events_noop_runs_changes_only") {
      if (raw !== "true" && raw !== "false")
        return { ok: false, problem: `${key} must be true or false, got "${raw}"` };
      settings[key] = raw === "true";
    } else if (key === "notification_granularity") {
      if (!/^\d+$/.test(raw) || Number(raw) < 1) {
        return { ok: false, problem: `${key} must be a whole number of seconds >= 1, got "${raw}"` };
      }
      settings[key] = Number(raw);
    } else {
      return {
        ok: false,
        problem: `unknown pump setting "${key}" (known: ${Object.keys(SESAM_PUMP_DEFAULTS).join(", ")})`,
      };
    }
  }
  return { ok: true, settings };
}
