import { loadChecklist } from "../support/checklist/load.ts";
import { SANDBOX_CREDENTIALS, SANDBOX_PORTS } from "./credentials.ts";
import type { FaultConfig } from "./http/faults.ts";
import { PowerOfficeEmulator } from "./poweroffice/server.ts";
import type { PowerOfficeOptions } from "./poweroffice/server.ts";
import { DEFAULT_SESAM_CHECKLISTS, SesamNodeEmulator } from "./sesam/service.ts";
import type { SesamNodeOptions } from "./sesam/service.ts";
import { YouTrackEmulator } from "./youtrack/server.ts";
import type { YouTrackOptions } from "./youtrack/server.ts";

export type ServiceName = keyof typeof SANDBOX_PORTS;
export const SERVICE_NAMES = Object.keys(SANDBOX_PORTS) as ServiceName[];

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
  /** Port per service; 0 (the default) picks a free one. */
  ports: Partial<Record<ServiceName, number>>;
  /** The services to start (all when absent). Sesam needs both tenants: its pipes sync them. */
  only: readonly ServiceName[];
  /** Faults on both tenants' APIs (a tenant's own `faults` option wins; the Sesam node takes `sesam.faults`). */
  faults: Partial<FaultConfig>;
  youtrack: Partial<YouTrackOptions>;
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
  urls: Partial<Record<ServiceName, string>>;
  credentials: SandboxCredentials;
  /** The `.env` lines of the started services, in a stable order (see .env.example). */
  env: Record<string, string>;
  close(): Promise<void>;
}

interface Started {
  emulator: EmulatorLike;
  /** The service's `.env` lines, once it listens. */
  env(): Record<string, string>;
}

interface StartContext {
  options: Partial<SandboxOptions>;
  credentials: SandboxCredentials;
  /** The URLs of the services started before this one. */
  urls: Partial<Record<ServiceName, string>>;
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
      const emulator = new PowerOfficeEmulator({
        faults: options.faults,
        integrations: [SANDBOX_CREDENTIALS.powerofficeTalk],
        ...options.poweroffice,
        ...credentials.poweroffice,
      });
      const { applicationKey, clientKey, subscriptionKey } = credentials.poweroffice;
      return {
        emulator,
        env: () => ({
          POWEROFFICE_URL: emulator.url,
          POWEROFFICE_APPLICATION_KEY: applicationKey,
          POWEROFFICE_CLIENT_KEY: clientKey,
          POWEROFFICE_SUBSCRIPTION_KEY: subscriptionKey,
        }),
      };
    },
  },
  {
    name: "sesam",
    create: ({ options, credentials, urls }) => {
      if (!urls.youtrack || !urls.poweroffice) {
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
        poweroffice: { url: urls.poweroffice, ...SANDBOX_CREDENTIALS.powerofficeTalk, ...(throttled ? {} : { throttle: false }) },
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
  ) {
    super(
      code === "EADDRINUSE"
        ? `port ${port} (${service}) is already in use`
        : `cannot listen on port ${port} (${service}): ${cause instanceof Error ? cause.message : String(cause)}`,
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
  const urls: Partial<Record<ServiceName, string>> = {};
  // Stop in reverse order: the Sesam node first, while the tenants it talks to are still up.
  const closeAll = async (): Promise<void> => {
    for (const { emulator } of [...started].reverse()) await emulator.close();
  };
  try {
    for (const descriptor of SERVICES) {
      if (!wanted.has(descriptor.name)) continue;
      const service = descriptor.create({ options, credentials, urls });
      const port = options.ports?.[descriptor.name] ?? 0;
      try {
        await service.emulator.listen(port, host);
      } catch (error) {
        throw new SandboxListenError(descriptor.name, port, (error as NodeJS.ErrnoException).code, error);
      }
      started.push({ ...service, name: descriptor.name });
      urls[descriptor.name] = service.emulator.url;
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
