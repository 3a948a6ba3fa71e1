import { parseArgs } from "node:util";
import { SANDBOX_PORTS, SANDBOX_V1_PORT } from "./credentials.ts";
import type { FaultConfig } from "./http/faults.ts";
import { OptionsError } from "./http/options.ts";
import type { ServiceName, SandboxOptions } from "./sandbox.ts";
import { parsePumpSettingsList, type PartialPumpSettings } from "./sesam/pump-settings.ts";

// The sandbox (and the Sesam node with its checklist parser) loads only once the flags are good, so a usage
// error answers at once.
const SERVICE_NAMES = Object.keys(SANDBOX_PORTS) as ServiceName[];

// `npm run sandbox`: the emulators on fixed ports, printing the `.env` lines that point the harness at them.

// Kept in step with DEFAULT_SANDBOX_READ_LAG_MS and REAL_LIKE_READ_LAG_MS (sandbox.ts, not loaded before the flags
// are good; a selftest compares --help with them).
const DEFAULT_READ_LAG_MS = 300;
const REAL_LIKE_READ_LAG_MS = 300;

const USAGE = `Usage: npm run sandbox -- [options]

Starts the local sandbox (the YouTrack Hub and PowerOffice Go emulators and a Sesam node syncing them with the
default checklist) and prints the .env lines that point the harness at it. Ctrl-C (SIGINT) or SIGTERM stops it.

Options:
  --only <names>              comma-separated subset of: ${SERVICE_NAMES.join(", ")}
  --host <host>               interface to listen on (default 127.0.0.1)
  --youtrack-port <port>      default ${SANDBOX_PORTS.youtrack} (0 picks a free port)
  --poweroffice-port <port>   default ${SANDBOX_PORTS.poweroffice}
  --poweroffice-v1-port <port> PowerOffice's legacy v1 host, default ${SANDBOX_V1_PORT}
  --sesam-port <port>         default ${SANDBOX_PORTS.sesam}
  --no-throttle               turn off PowerOffice's limits (v2 10/s per subscription key, v1 50/s per app)
  --throttle-per-second <n>   PowerOffice v2's limit per subscription key (default 10)
  --token-lifetime <seconds>  PowerOffice v2 access token lifetime (default 1200)
  --v1-token-lifetime <s>     PowerOffice v1 access token lifetime (default 600)
  --read-lag <ms>             how far PowerOffice's GETs lag its writes (default ${DEFAULT_READ_LAG_MS}; ${REAL_LIKE_READ_LAG_MS} is real-like)
  --youtrack-read-lag <ms>    the same for YouTrack (default 0: Hub documents no replica)
  --latency <ms>              fault (tenant APIs): delay added before every API answer
  --rate-429 <share>          fault: share (0..1) of API requests answered 429 with Retry-After
  --retry-after <seconds>     fault: Retry-After of injected 429s (default 1)
  --rate-5xx <share>          fault: share answered 503
  --drop-rate <share>         fault: share of connections destroyed before handling
  --lost-response-rate <share> fault: share handled, then the connection destroyed
  --seed <n>                  fault: PRNG seed, to replay a fault pattern
  --pump <settings>           the node's pump settings for every pipe, key=value[,key=value], e.g.
                              log_events_noop_runs=true (default: Sesam's own: a run that changed nothing
                              is not logged); keys: log_events_noop_runs, log_events_noop_runs_changes_only,
                              notification_granularity (seconds)
  --pipe-pump <pipe:settings> the same for one pipe (repeatable), e.g. global-person:log_events_noop_runs=true
  --run-ms <ms>               the least time a pipe run of the node takes (default 0; a real node's take seconds)
  --schedule <ms>             the node runs every pipe in order every <ms> on its own (for SYNC_DRIVER=wait)
  --defects <list>            deliberate defects of the node's reference sync (emulators/sesam/README.md)
  -h, --help                  show this help`;

class UsageError extends Error {
  override name = "UsageError";
}

function parse(argv: string[]): Partial<SandboxOptions> | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        only: { type: "string" },
        host: { type: "string" },
        "youtrack-port": { type: "string" },
        "poweroffice-port": { type: "string" },
        "poweroffice-v1-port": { type: "string" },
        "sesam-port": { type: "string" },
        "no-throttle": { type: "boolean" },
        "throttle-per-second": { type: "string" },
        "token-lifetime": { type: "string" },
        "v1-token-lifetime": { type: "string" },
        "read-lag": { type: "string" },
        "youtrack-read-lag": { type: "string" },
        latency: { type: "string" },
        "rate-429": { type: "string" },
        "retry-after": { type: "string" },
        "rate-5xx": { type: "string" },
        "drop-rate": { type: "string" },
        "lost-response-rate": { type: "string" },
        seed: { type: "string" },
        pump: { type: "string" },
        "pipe-pump": { type: "string", multiple: true },
        "run-ms": { type: "string" },
        schedule: { type: "string" },
        defects: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return "help";

  const int = (flag: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    if (!/^-?\d+$/.test(raw)) throw new UsageError(`--${flag} expects a whole number, got "${raw}"`);
    return Number(raw);
  };
  const share = (flag: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new UsageError(`--${flag} expects a share from 0 to 1, got "${raw}"`);
    }
    return value;
  };
  const port = (flag: string, fallback: number): number => {
    const value = int(flag, values[flag as keyof typeof values] as string | undefined) ?? fallback;
    if (value < 0 || value > 65535) throw new UsageError(`--${flag} expects a port from 0 to 65535`);
    return value;
  };

  const only = values.only
    ?.split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  for (const name of only ?? []) {
    if (!(SERVICE_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`--only: unknown service "${name}" (known: ${SERVICE_NAMES.join(", ")})`);
    }
  }
  if (only?.length === 0) throw new UsageError("--only needs at least one service");
  if (only?.includes("sesam") && !(only.includes("youtrack") && only.includes("poweroffice"))) {
    throw new UsageError("--only: sesam needs youtrack and poweroffice too (its pipes sync them)");
  }

  const faults: Partial<FaultConfig> = {};
  const set = <K extends keyof FaultConfig>(key: K, value: FaultConfig[K] | undefined): void => {
    if (value !== undefined) faults[key] = value;
  };
  set("latencyMs", int("latency", values.latency));
  set("rate429", share("rate-429", values["rate-429"]));
  set("retryAfterSeconds", int("retry-after", values["retry-after"]));
  set("rate5xx", share("rate-5xx", values["rate-5xx"]));
  set("dropRate", share("drop-rate", values["drop-rate"]));
  set("lostResponseRate", share("lost-response-rate", values["lost-response-rate"]));
  set("seed", int("seed", values.seed));

  const perSecond = int("throttle-per-second", values["throttle-per-second"]);
  const lifetime = int("token-lifetime", values["token-lifetime"]);
  const v1Lifetime = int("v1-token-lifetime", values["v1-token-lifetime"]);
  const lag = (flag: "read-lag" | "youtrack-read-lag"): number | undefined => {
    const raw = values[flag];
    if (raw !== undefined && !/^\d+$/.test(raw))
      throw new UsageError(`--${flag} expects a whole number of ms (0 or more), got "${raw}"`);
    return int(flag, raw);
  };
  const readLag = lag("read-lag") ?? DEFAULT_READ_LAG_MS;
  const pumpSettings = (flag: string, text: string) => {
    const parsed = parsePumpSettingsList(text);
    if (!parsed.ok) throw new UsageError(`--${flag}: ${parsed.problem}`);
    return parsed.settings;
  };
  const pipes: Record<string, PartialPumpSettings> = {};
  for (const item of values["pipe-pump"] ?? []) {
    const colon = item.indexOf(":");
    if (colon <= 0) throw new UsageError(`--pipe-pump expects <pipe>:<key=value,...>, got "${item}"`);
    pipes[item.slice(0, colon)] = pumpSettings("pipe-pump", item.slice(colon + 1));
  }
  const runMs = int("run-ms", values["run-ms"]);
  if (runMs !== undefined && runMs < 0) throw new UsageError(`--run-ms expects a whole number of ms (0 or more)`);
  const scheduleMs = int("schedule", values.schedule);
  if (scheduleMs !== undefined && scheduleMs < 10) throw new UsageError(`--schedule expects at least 10 ms`);
  const defects = values.defects
    ?.split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const youtrackReadLag = lag("youtrack-read-lag");
  return {
    host: values.host ?? "127.0.0.1",
    ports: {
      youtrack: port("youtrack-port", SANDBOX_PORTS.youtrack),
      poweroffice: port("poweroffice-port", SANDBOX_PORTS.poweroffice),
      powerofficeV1: port("poweroffice-v1-port", SANDBOX_V1_PORT),
      sesam: port("sesam-port", SANDBOX_PORTS.sesam),
    },
    ...(only ? { only: only as ServiceName[] } : {}),
    faults,
    ...(youtrackReadLag !== undefined ? { youtrack: { readLagMs: youtrackReadLag } } : {}),
    sesam: {
      pumpSettings: { ...(values.pump !== undefined ? { all: pumpSettings("pump", values.pump) } : {}), pipes },
      ...(runMs !== undefined ? { runDurationMs: runMs } : {}),
      ...(scheduleMs !== undefined ? { schedule: { intervalMs: scheduleMs } } : {}),
      ...(defects ? { defects } : {}),
    },
    poweroffice: {
      throttle: {
        enabled: !values["no-throttle"],
        ...(perSecond !== undefined ? { perSecond } : {}),
      },
      readLagMs: readLag,
      ...(lifetime !== undefined ? { tokenLifetimeSeconds: lifetime } : {}),
      v1: {
        throttle: { enabled: !values["no-throttle"] },
        ...(v1Lifetime !== undefined ? { tokenLifetimeSeconds: v1Lifetime } : {}),
      },
    },
  };
}

async function main(argv: string[]): Promise<void> {
  let options;
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`sandbox: ${error.message} (see --help)`);
    process.exit(2);
  }
  if (options === "help") {
    console.log(USAGE);
    return;
  }

  const { startSandbox } = await import("./sandbox.ts");
  let sandbox;
  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    if (error instanceof OptionsError) {
      console.error(`sandbox: ${error.message} (see --help)`);
      process.exit(2);
    }
    console.error(`sandbox: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const running = sandbox;

  const lines = Object.entries(running.env).map(([key, value]) => `${key}=${value}`);
  console.log(["# talk-qa sandbox is running; paste these lines into .env (Ctrl-C stops it)", ...lines].join("\n"));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    void running.close().then(
      () => {
        console.error(`sandbox: stopped (${signal})`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`sandbox: error while stopping: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`sandbox: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
