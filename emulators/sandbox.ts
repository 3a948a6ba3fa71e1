import { loadChecklist } from "../support/checklist/load.ts";
import { SANDBOX_CREDENTIALS, SANDBOX_PORTS, SANDBOX_V1_PORT } from "./credentials.ts";
import type { FaultConfig } from "./http/faults.ts";
import { PowerOfficeEmulator } from "./poweroffice/server.ts";
import type { PowerOfficeOptions } from "./poweroffice/server.ts";
import { DEFAULT_SESAM_CHECKLISTS } from "./sesam/options.ts";
import { SesamNodeEmulator } from "./sesam/server.ts";
import type { SesamNodeOptions } from "./sesam/server.ts";
import { YouTrackEmulator } from "./youtrack/server.ts";
import type { YouTrackOptions } from "./youtrack/server.ts";

export type ServiceName = keyof typeof SANDBOX_PORTS;
export const SERVICE_NAMES = Object.keys(SANDBOX_PORTS) as ServiceName[];
/** What listens on a port: a service, or a further host of one (PowerOffice's legacy v1 API). */
export type HostName = ServiceName | "powerofficeV1";
export { SANDBOX_V1_PORT };

/**
 * The read lag of the sandbox's PowerOffice (both hosts) unless `poweroffice.readLagMs` says otherwise, and the
 * lag that behaves like the real replica ("typically below 1 second", limitations.md "Live data").
 *
 * Decision: the embedded default is the real-like lag. The harness holds under it (its seeds and edits wait until
 * the replica shows them; a negative check or a cleanup scan waits the lag out after the last write) and so does
 * the reference sync (a listing older than what it collected is ignored; an incremental read overlaps its
 * watermark). `SANDBOX_READ_LAG_MS=0` (`npm run sandbox -- --read-lag 0`) turns it off.
 */
export const REAL_LIKE_READ_LAG_MS = 300;
export const DEFAULT_SANDBOX_READ_LAG_MS = REAL_LIKE_READ_LAG_MS;

/** What the sandbox needs of an emulator; every emulator class has this shape (see contracts.md). */
export interface EmulatorLike {
  readonly url: string;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  reset(): void;
  setFaults(faults: Partial<FaultConfig>): void;
}

export interface SandboxOptions {
  host: string;
  /** Port per service (and for PowerOffice's v1 host, `powerofficeV1`); 0 (the default) picks a free one. */
  ports: Partial<Record<HostName, number>>;
  /** The services to start (all when absent). Sesam needs both tenants: its pipes sync them. */
  only: readonly ServiceName[];
  /** Faults on both tenants' APIs (a tenant's own `faults` option wins; the Sesam node takes `sesam.faults`). */
  faults: Partial<FaultConfig>;
  youtrack: Partial<YouTrackOptions>;
  /** PowerOffice options; `readLagMs` defaults to DEFAULT_SANDBOX_READ_LAG_MS, `throttle.enabled: false` turns off v1's too. */
  poweroffice: Partial<PowerOfficeOptions>;
  /** Sesam node options; the tenants' URLs and credentials are filled in. Checklists default to the harness's. */
  sesam: Omit<Partial<SesamNodeOptions>, "youtrack" | "poweroffice">;
}

export interface SandboxCredentials {
  youtrack: { token: string };
  poweroffice: { applicationKey: string; clientKey: string; subscriptionKey: string };
  sesam: { jwt: string };
}

export interface Sandbox {
  youtrack?: YouTrackEmulator;
  poweroffice?: PowerOfficeEmulator;
  sesam?: SesamNodeEmulator;
  urls: Partial<Record<HostName, string>>;
  credentials: SandboxCredentials;
  /** The `.env` lines of the started services, in a stable order (see .env.example). */
  env: Record<string, string>;
  close(): Promise<void>;
}

interface Started {
  emulator: EmulatorLike;
  /** Further hosts of the service, each on its own port (closed by the service's own close). */
  hosts?: { name: HostName; label: string; emulator: EmulatorLike }[];
  /** The service's `.env` lines, once it listens. */
  env(): Record<string, string>;
}

interface StartContext {
  options: Partial<SandboxOptions>;
  credentials: SandboxCredentials;
  /** The URLs of the services (and hosts) started before this one. */
  urls: Partial<Record<HostName, string>>;
}

/** One service the sandbox can start; a new service is one more entry in SERVICES. Order is start order. */
interface ServiceDescriptor {
  name: ServiceName;
  create(context: StartContext): Started;
}

const SERVICES: readonly ServiceDescriptor[] = [
  {
    name: "youtrack",
    create: ({ options, credentials }) => {
      const emulator = new YouTrackEmulator({ faults: options.faults, ...options.youtrack, ...credentials.youtrack });
      return { emulator, env: () => ({ YOUTRACK_URL: emulator.url, YOUTRACK_TOKEN: credentials.youtrack.token }) };
    },
  },
  {
    name: "poweroffice",
    create: ({ options, credentials }) => {
      const po = options.poweroffice ?? {};
      // "Throttling off" means both hosts' limits, unless v1's is given on its own.
      const v1Throttle = po.v1?.throttle ?? (po.throttle?.enabled === false ? { enabled: false } : undefined);
      const emulator = new PowerOfficeEmulator({
        faults: options.faults,
        integrations: [SANDBOX_CREDENTIALS.powerofficeTalk],
        ...po,
        // Given as undefined (an unset SANDBOX_READ_LAG_MS passed through) is the default too.
        readLagMs: po.readLagMs ?? DEFAULT_SANDBOX_READ_LAG_MS,
        v1: { ...po.v1, ...(v1Throttle ? { throttle: v1Throttle } : {}) },
        ...credentials.poweroffice,
      });
      const { applicationKey, clientKey, subscriptionKey } = credentials.poweroffice;
      return {
        emulator,
        hosts: [{ name: "powerofficeV1", label: "poweroffice v1", emulator: emulator.v1 }],
        env: () => ({
          POWEROFFICE_URL: emulator.url,
          POWEROFFICE_V1_URL: emulator.v1.url,
          POWEROFFICE_APPLICATION_KEY: applicationKey,
          POWEROFFICE_CLIENT_KEY: clientKey,
          POWEROFFICE_SUBSCRIPTION_KEY: subscriptionKey,
          // How long the harness must allow for the replica: this sandbox's own lag (real tenants: the docs' 1-2 s).
          POWEROFFICE_READ_LAG_MS: String(emulator.readLagMs),
        }),
      };
    },
  },
  {
    name: "sesam",
    create: ({ options, credentials, urls }) => {
      if (!urls.youtrack || !urls.poweroffice || !urls.powerofficeV1) {
        throw new Error("sesam needs youtrack and poweroffice in the same sandbox (its pipes sync them)");
      }
      // When PowerOffice does not throttle, neither does the sync's client, so local runs go at full speed.
      const throttled = options.poweroffice?.throttle?.enabled ?? true;
      const emulator = new SesamNodeEmulator({
        ...options.sesam,
        jwt: credentials.sesam.jwt,
        checklists: options.sesam?.checklists ?? DEFAULT_SESAM_CHECKLISTS.map((path) => loadChecklist(path)),
        youtrack: { url: urls.youtrack, ...credentials.youtrack },
        // Talk is its own PowerOffice integration: its own keys, its own share of the rate limit.
        poweroffice: {
          url: urls.poweroffice,
          v1Url: urls.powerofficeV1,
          ...SANDBOX_CREDENTIALS.powerofficeTalk,
          ...(throttled ? {} : { throttle: false }),
        },
      });
      return {
        emulator,
        env: () => ({
          SESAM_URL: emulator.url,
          SESAM_JWT: credentials.sesam.jwt,
          SESAM_PIPES: emulator.pipes.join(","),
        }),
      };
    },
  },
];

/** A port the sandbox could not listen on; `code` is the system error code (EADDRINUSE, EACCES, …). */
export class SandboxListenError extends Error {
  override name = "SandboxListenError";
  constructor(
    readonly service: ServiceName,
    readonly port: number,
    readonly code: string | undefined,
    cause: unknown,
    /** What listens there, when it is not the service's main host ("poweroffice v1"). */
    label: string = service,
  ) {
    super(
      code === "EADDRINUSE"
        ? `port ${port} (${label}) is already in use`
        : `cannot listen on port ${port} (${label}): ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/** Starts the emulators in process. Ports default to 0 (free ports); `close()` stops them all. */
export async function startSandbox(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  const credentials = credentialsOf(options);
  const host = options.host ?? "127.0.0.1";
  const wanted = new Set<ServiceName>(options.only ?? SERVICE_NAMES);
  const started: (Started & { name: ServiceName })[] = [];
  const urls: Partial<Record<HostName, string>> = {};
  // Stop in reverse order: the Sesam node first, while the tenants it talks to are still up.
  const closeAll = async (): Promise<void> => {
    for (const { emulator } of [...started].reverse()) await emulator.close();
  };
  try {
    for (const descriptor of SERVICES) {
      if (!wanted.has(descriptor.name)) continue;
      const service = descriptor.create({ options, credentials, urls });
      const listen = async (emulator: EmulatorLike, name: HostName, label: string): Promise<void> => {
        const port = options.ports?.[name] ?? 0;
        try {
          urls[name] = await emulator.listen(port, host);
        } catch (error) {
          throw new SandboxListenError(descriptor.name, port, (error as NodeJS.ErrnoException).code, error, label);
        }
      };
      await listen(service.emulator, descriptor.name, descriptor.name);
      started.push({ ...service, name: descriptor.name });
      for (const extra of service.hosts ?? []) await listen(extra.emulator, extra.name, extra.label);
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  const emulator = (name: ServiceName): EmulatorLike | undefined => started.find((s) => s.name === name)?.emulator;
  return {
    youtrack: emulator("youtrack") as YouTrackEmulator | undefined,
    poweroffice: emulator("poweroffice") as PowerOfficeEmulator | undefined,
    sesam: emulator("sesam") as SesamNodeEmulator | undefined,
    urls,
    credentials,
    env: Object.assign({}, ...started.map((service) => service.env())) as Record<string, string>,
    close: closeAll,
  };
}

function credentialsOf(options: Partial<SandboxOptions>): SandboxCredentials {
  const defaults = SANDBOX_CREDENTIALS;
  const po = options.poweroffice ?? {};
  return {
    youtrack: { token: options.youtrack?.token ?? defaults.youtrack.token },
    poweroffice: {
      applicationKey: po.applicationKey ?? defaults.poweroffice.applicationKey,
      clientKey: po.clientKey ?? defaults.poweroffice.clientKey,
      subscriptionKey: po.subscriptionKey ?? defaults.poweroffice.subscriptionKey,
    },
    sesam: { jwt: options.sesam?.jwt ?? defaults.sesam.jwt },
  };
}
