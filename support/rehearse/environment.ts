// What the rehearsal takes from its own environment. In CI the sandbox is a service the shards reach by URL, so the
// SANDBOX_* settings (which the harness refuses once the URLs are set) become `npm run sandbox` flags, and every
// shard sees only the sandbox's .env lines plus the settings that describe the run.
import { InputError } from "../input-error.ts";

export class RehearsalInputError extends InputError {
  override readonly name = "RehearsalInputError";
}

const FAULT_FLAGS: Record<string, string> = {
  latencyMs: "--latency",
  rate429: "--rate-429",
  retryAfterSeconds: "--retry-after",
  rate5xx: "--rate-5xx",
  dropRate: "--drop-rate",
  lostResponseRate: "--lost-response-rate",
  seed: "--seed",
};

/** The `npm run sandbox` flags that stand for the SANDBOX_* variables set here. */
export function sandboxFlags(env: NodeJS.ProcessEnv): string[] {
  const flags: string[] = [];
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
  const defects = value("SANDBOX_DEFECTS");
  if (defects) flags.push("--defects", defects);
  const throttle = value("SANDBOX_THROTTLE");
  if (throttle === "off") flags.push("--no-throttle");
  else if (throttle !== undefined && throttle !== "on")
    throw new RehearsalInputError(`SANDBOX_THROTTLE: must be "on" or "off" (got "${throttle}")`);
  const pump = value("SANDBOX_PUMP");
  if (pump) flags.push("--pump", pump);
  const runMs = value("SANDBOX_RUN_MS");
  if (runMs) flags.push("--run-ms", runMs);
  const lag = value("SANDBOX_READ_LAG_MS");
  if (lag) flags.push("--read-lag", lag);
  for (const part of (value("SANDBOX_FAULTS") ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, raw] = part.split("=", 2).map((p) => p.trim());
    const flag = FAULT_FLAGS[key ?? ""];
    if (!flag || !raw)
      throw new RehearsalInputError(
        `SANDBOX_FAULTS: "${part}" is not one of ${Object.keys(FAULT_FLAGS).join(", ")}=<n>`,
      );
    flags.push(flag, raw);
  }
  if (value("SANDBOX_LATE_WRITE_MS")) {
    throw new RehearsalInputError(
      "SANDBOX_LATE_WRITE_MS: npm run sandbox has no flag for it; the rehearsal cannot pass it on",
    );
  }
  return flags;
}

export const DEFAULT_CHECKLIST = "checklists/youtrack-powerofficego.rst";

/**
 * The environment of every shard: this one without the sandbox-only and harness-internal variables and without a
 * .env file (the rehearsal's targets are its own sandbox), plus the sandbox's lines and the shard's own settings.
 */
export function shardEnvironment(
  base: NodeJS.ProcessEnv,
  sandbox: Record<string, string>,
  own: Record<string, string>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (
      name.startsWith("SANDBOX_") ||
      ["TALK_QA_EMBEDDED", "TALK_QA_NODE_PROFILE", "TALK_QA_RUN_ID", "TALK_QA_THROTTLE_HUB"].includes(name)
    )
      continue;
    env[name] = value;
  }
  return { ...env, ...sandbox, TALK_QA_DOTENV: "none", ...own };
}

/** The rehearsal's sandbox syncs the default checklist only (`npm run sandbox` has no checklist flag). */
export function checkChecklist(env: NodeJS.ProcessEnv): void {
  const named =
    env.CHECKLIST?.split(",")
      .map((file) => file.trim().replace(/^\.\//, ""))
      .filter(Boolean) ?? [];
  if (named.length > 0 && (named.length !== 1 || named[0] !== DEFAULT_CHECKLIST)) {
    throw new RehearsalInputError(
      `CHECKLIST: the rehearsal's sandbox (npm run sandbox) syncs ${DEFAULT_CHECKLIST} only; got "${env.CHECKLIST}"`,
    );
  }
}
