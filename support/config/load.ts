import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseDotenv } from "dotenv";
import type { z } from "zod";
import { DEFAULT_READ_LAG_MS, v1BaseUrlFor } from "../clients/poweroffice/hosts.ts";
import type { PartialPumpSettings } from "../../emulators/sesam/pump-settings.ts";
import { ConfigError } from "./errors.ts";
import { variableSchemas } from "./schema.ts";
import { closestName } from "./suggest.ts";
import { OWNED_PREFIXES, SECRET_VARIABLES, VARIABLES } from "./variables.ts";
import type { VariableName } from "./variables.ts";

export interface Targets {
  youtrack: { url: string; token: string };
  /**
   * `v1Url`: the legacy v1 host (POWEROFFICE_V1_URL, or derived from `url` for PowerOffice's own hosts);
   * `readLagMs`: how long its reads may miss a write (POWEROFFICE_READ_LAG_MS; the sandbox sets its own).
   */
  poweroffice: {
    url: string;
    v1Url: string;
    applicationKey: string;
    clientKey: string;
    subscriptionKey: string;
    readLagMs: number;
  };
  sesam: { url: string; jwt: string; pipes: string[] };
}

export interface HarnessConfig {
  /** null: no service URL is set, so the harness starts the embedded sandbox itself. */
  targets: Targets | null;
  /** The targets are an embedded sandbox the harness started (set for the workers of such a run). */
  embedded: boolean;
  powerofficeRateLimit: number;
  sync: {
    driver: "pump" | "wait" | "scheduler";
    timeoutMs: number;
    /** Whether SYNC_TIMEOUT_MS was set (else global setup may choose a longer one for a slow node). */
    timeoutSet: boolean;
    maxPasses: number;
    /** SESAM_OBSERVE_PIPES: null when the node's pipe config decides. */
    observePipes: string[] | null;
    /** SESAM_MERGED_DATASET: where the links are, when the node's pipe config does not say. */
    mergedDataset: string | null;
  };
  checklists: string[];
  release: string | null;
  allowedHosts: string[];
  runId: string | undefined;
  /** The seed of the run's ordinary values (global setup picks one when TALK_QA_SEED is unset). */
  seed: number | undefined;
  reportsDir: string;
  /** `readLagMs` undefined: the sandbox's own default (emulators/sandbox.ts DEFAULT_SANDBOX_READ_LAG_MS). */
  sandbox: {
    defects: string[];
    throttle: boolean;
    faults: Record<string, number>;
    lateWriteMs: number;
    pump: PartialPumpSettings;
    runDurationMs: number;
    readLagMs: number | undefined;
  };
  /** Every secret value in play, for redaction. */
  secrets: string[];
}

export interface LoadOptions {
  /** The .env file to read (default `.env` in cwd); false to read none. Values in `env` win over the file. */
  dotenv?: string | false;
  cwd?: string;
}

type Source = (name: string) => string;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/**
 * Workers `npm run qa` runs: against a node on this machine (the embedded sandbox, or `npm run sandbox` on loopback)
 * its node runs on these cores, where more workers only compete with it; against a remote node a test mostly waits
 * for passes, and a pass serves every test waiting for one, so more tests at once share more. Measured on the
 * default checklist (2 cores, 21 tests), `npm run bench -- --only realistic --realistic-workers N`: node taking 500
 * ms per pipe run, 8 workers 70.1 s, 16 workers 62.3 s; 2 s per pipe run, 8 workers 208 s, 16 workers 161 s.
 * Embedded sandbox: 2 workers 30.5 s, 4: 30.2 s, 8: 33.0 s.
 */
export const WORKERS = { onThisMachine: 2, remote: 16 } as const;

/** Whether a service URL is on this machine (loopback): a sandbox sharing its cores, not a remote service. */
export const onThisMachine = (url: string): boolean => LOOPBACK.has(new URL(url).hostname.toLowerCase());
const SERVICE_URLS = ["YOUTRACK_URL", "POWEROFFICE_URL", "SESAM_URL"] as const;
const SANDBOX_ONLY = [
  "SANDBOX_DEFECTS",
  "SANDBOX_THROTTLE",
  "SANDBOX_FAULTS",
  "SANDBOX_LATE_WRITE_MS",
  "SANDBOX_PUMP",
  "SANDBOX_RUN_MS",
  "SANDBOX_READ_LAG_MS",
] as const;

/** Reads and validates the configuration; throws ConfigError (one line, naming the variable) on bad input. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): HarnessConfig {
  const cwd = options.cwd ?? process.cwd();
  // The file itself can be named (or switched off) from the environment, never from the file.
  const named = options.dotenv ?? env.TALK_QA_DOTENV ?? ".env";
  const dotenvPath = named === false || named === "none" ? undefined : resolve(cwd, named);
  const fileText = dotenvPath && existsSync(dotenvPath) ? readFileSync(dotenvPath, "utf8") : undefined;
  const fromFile = fileText === undefined ? {} : parseDotenv(fileText);
  const merged: Record<string, string | undefined> = { ...fromFile, ...env };
  const where: Source = (name) => {
    if (env[name] !== undefined || fileText === undefined || fromFile[name] === undefined) return name;
    const line = fileText.split(/\r?\n/).findIndex((text) => new RegExp(`^\\s*(export\\s+)?${name}\\s*=`).test(text));
    return `${name} (.env:${line + 1})`;
  };

  rejectUnknownVariables(merged, where);
  const values = parseVariables(merged, where);
  const embedded = values.TALK_QA_EMBEDDED === "1";
  const targets = resolveTargets(values, where);

  if (targets && !embedded) {
    for (const name of SANDBOX_ONLY) {
      if (merged[name] !== undefined && merged[name] !== "") {
        throw new ConfigError(where(name), "applies to the embedded sandbox only, but the service URLs are set");
      }
    }
  }
  if (targets) checkHosts(targets, values.TALK_QA_ALLOWED_HOSTS, where, values.POWEROFFICE_V1_URL === undefined);
  if (values.CHECKLIST.length === 0) throw new ConfigError(where("CHECKLIST"), "names no document");
  for (const file of values.CHECKLIST) {
    if (!existsSync(resolve(cwd, file))) throw new ConfigError(where("CHECKLIST"), `${file} does not exist`);
  }

  return {
    targets,
    embedded,
    powerofficeRateLimit: values.POWEROFFICE_RATE_LIMIT,
    sync: {
      driver: values.SYNC_DRIVER,
      timeoutMs: values.SYNC_TIMEOUT_MS,
      timeoutSet: (merged.SYNC_TIMEOUT_MS ?? "") !== "",
      maxPasses: values.SYNC_MAX_PASSES,
      observePipes: values.SESAM_OBSERVE_PIPES ?? null,
      mergedDataset: values.SESAM_MERGED_DATASET ?? null,
    },
    checklists: values.CHECKLIST,
    release: values.RELEASE || null,
    allowedHosts: values.TALK_QA_ALLOWED_HOSTS,
    runId: values.TALK_QA_RUN_ID,
    seed: values.TALK_QA_SEED,
    reportsDir: values.TALK_QA_REPORTS_DIR,
    sandbox: {
      defects: values.SANDBOX_DEFECTS,
      throttle: values.SANDBOX_THROTTLE === "on",
      faults: values.SANDBOX_FAULTS,
      lateWriteMs: values.SANDBOX_LATE_WRITE_MS,
      pump: values.SANDBOX_PUMP,
      runDurationMs: values.SANDBOX_RUN_MS,
      readLagMs: values.SANDBOX_READ_LAG_MS,
    },
    secrets: SECRET_VARIABLES.map((name) => merged[name]).filter((value): value is string => Boolean(value)),
  };
}

function rejectUnknownVariables(merged: Record<string, string | undefined>, where: Source): void {
  const known = Object.keys(VARIABLES);
  for (const name of Object.keys(merged)) {
    if (!OWNED_PREFIXES.some((prefix) => name.startsWith(prefix)) || known.includes(name)) continue;
    const hint = closestName(name, known);
    throw new ConfigError(where(name), `unknown variable${hint ? `; did you mean ${hint}?` : ""} (see .env.example)`);
  }
}

type Values = { [K in VariableName]: z.output<(typeof variableSchemas)[K]> };

function parseVariables(merged: Record<string, string | undefined>, where: Source): Values {
  const values: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(variableSchemas)) {
    const raw = merged[name];
    const result = (schema as z.ZodType).safeParse(raw === "" && name.endsWith("_URL") ? undefined : raw);
    if (!result.success) {
      const message = result.error.issues[0]?.message ?? "is invalid";
      const shown = SECRET_VARIABLES.includes(name as VariableName) ? "" : ` (got "${raw}")`;
      throw new ConfigError(where(name), `${message}${shown}`);
    }
    values[name] = result.data;
  }
  return values as Values;
}

function resolveTargets(values: Values, where: Source): Targets | null {
  const set = SERVICE_URLS.filter((name) => values[name] !== undefined);
  if (set.length === 0) {
    if (values.POWEROFFICE_V1_URL !== undefined) {
      throw new ConfigError(
        where("POWEROFFICE_V1_URL"),
        "is set while POWEROFFICE_URL is not: set all three service URLs, or none for the embedded sandbox",
      );
    }
    return null;
  }
  const missing = SERVICE_URLS.filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map(where).join(", "),
      `not set while ${set.join(", ")} ${set.length === 1 ? "is" : "are"}: set all three service URLs, or none for the embedded sandbox`,
    );
  }
  const need = (name: VariableName): string => {
    const value = values[name];
    if (typeof value !== "string" || value === "") {
      throw new ConfigError(where(name), "is required when the service URLs are set (see .env.example)");
    }
    return value;
  };
  const pipes = values.SESAM_PIPES ?? [];
  if (pipes.length === 0)
    throw new ConfigError(where("SESAM_PIPES"), "names no pipe: list the pipes of one sync pass, in order");
  const powerofficeUrl = need("POWEROFFICE_URL");
  const v1Url = values.POWEROFFICE_V1_URL ?? v1BaseUrlFor(powerofficeUrl);
  if (v1Url === undefined) {
    throw new ConfigError(
      where("POWEROFFICE_V1_URL"),
      `is required when POWEROFFICE_URL (${new URL(powerofficeUrl).host}) is not PowerOffice's own host: the legacy v1 API is a host of its own (see .env.example)`,
    );
  }
  return {
    youtrack: { url: need("YOUTRACK_URL"), token: need("YOUTRACK_TOKEN") },
    poweroffice: {
      url: powerofficeUrl,
      v1Url,
      applicationKey: need("POWEROFFICE_APPLICATION_KEY"),
      clientKey: need("POWEROFFICE_CLIENT_KEY"),
      subscriptionKey: need("POWEROFFICE_SUBSCRIPTION_KEY"),
      readLagMs: values.POWEROFFICE_READ_LAG_MS ?? DEFAULT_READ_LAG_MS,
    },
    sesam: { url: need("SESAM_URL"), jwt: need("SESAM_JWT"), pipes },
  };
}

function checkHosts(targets: Targets, allowed: string[], where: Source, v1Derived: boolean): void {
  const allowedSet = new Set(allowed.map((host) => host.toLowerCase()));
  const urls: [string, string][] = [
    ["YOUTRACK_URL", targets.youtrack.url],
    ["POWEROFFICE_URL", targets.poweroffice.url],
    [v1Derived ? "POWEROFFICE_V1_URL (derived from POWEROFFICE_URL)" : "POWEROFFICE_V1_URL", targets.poweroffice.v1Url],
    ["SESAM_URL", targets.sesam.url],
  ];
  for (const [name, url] of urls) {
    const host = new URL(url).hostname.toLowerCase();
    if (onThisMachine(url) || allowedSet.has(host)) continue;
    throw new ConfigError(
      where(name),
      `host ${host} is not in TALK_QA_ALLOWED_HOSTS; list the sandbox hosts the harness may write to there`,
    );
  }
}
