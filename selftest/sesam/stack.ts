// The three emulators in process on free ports, the clients a test seeds and reads the tenants with, and a
// pass driver that pumps the node's pipes in order, knowing a run is over from the pump's runtime.
import { fileURLToPath } from "node:url";
import { setTimeout as delay } from "node:timers/promises";
import { loadChecklist } from "../../support/checklist/load.ts";
import { createPowerOfficeClient, type PowerOfficeClient } from "../../support/clients/poweroffice/client.ts";
import { createSesamClient, type SesamClient } from "../../support/clients/sesam/client.ts";
import { createYouTrackClient, type YouTrackClient } from "../../support/clients/youtrack/client.ts";
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";
import { PowerOfficeEmulator } from "../../emulators/poweroffice/server.ts";
import { SesamNodeEmulator, type SesamNodeOptions } from "../../emulators/sesam/server.ts";
import { YouTrackEmulator } from "../../emulators/youtrack/server.ts";
import { createSyncDriver } from "../../support/sync/driver.ts";
import { SyncRunFailedError } from "../../support/sync/errors.ts";
import { sesamNodeAccess } from "../../support/sync/node-access.ts";
import { nodeProfile } from "../../support/sync/node-profile.ts";
import type { PipeRun } from "../../support/sync/types.ts";
import { recordingProxy, type RecordingProxy } from "./recording-proxy.ts";

export const JWT = SANDBOX_CREDENTIALS.sesam.jwt;
export const DEFAULT_CHECKLIST = fileURLToPath(new URL("../../checklists/youtrack-powerofficego.rst", import.meta.url));
export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
export const checklist = (name: string): string => fileURLToPath(new URL(`../../checklists/${name}`, import.meta.url));

export interface StackOptions {
  checklists?: string[];
  node?: Omit<Partial<SesamNodeOptions>, "youtrack" | "poweroffice" | "checklists">;
  /** PowerOffice's rate limit, on in the emulator and in the sync's client (off: both off, for speed). */
  throttle?: boolean;
  /** Puts a recording proxy between the node and PowerOffice (`Stack.powerofficeRequests`). */
  recordPowerOffice?: boolean;
  /** How long `pump` waits for a run to end (10 s). */
  runTimeoutMs?: number;
}

export interface PassResult {
  /** entities_succeeded summed over the pipes' runs. */
  changes: number;
  runs: { pipe: string; outcome: string; changes: number | null; reason: string | null }[];
}

export interface Stack {
  youtrack: YouTrackEmulator;
  poweroffice: PowerOfficeEmulator;
  node: SesamNodeEmulator;
  yt: YouTrackClient;
  po: PowerOfficeClient;
  sesam: SesamClient;
  logs: string[];
  /** What the node asked PowerOffice (with `recordPowerOffice`). */
  powerofficeRequests: RecordingProxy["requests"];
  /** A company customer to file test contact persons under. */
  parentId: number;
  /** Starts a pipe and waits (with a deadline) for the run that start began. */
  pump(pipe: string): Promise<PassResult["runs"][number]>;
  /** One run of each pipe in order. */
  pass(): Promise<PassResult>;
  /** Passes until one changes nothing (as sesam-py's zero runs); the passes made. */
  settle(maxPasses?: number): Promise<PassResult[]>;
  admin(service: "youtrack" | "poweroffice" | "sesam", path: string, init?: RequestInit): Promise<unknown>;
  close(): Promise<void>;
}

/** Polls `check` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(5);
  }
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const throttle = options.throttle ?? false;
  const youtrack = new YouTrackEmulator();
  const poweroffice = new PowerOfficeEmulator({ throttle: { enabled: throttle } });
  await Promise.all([youtrack.listen(0), poweroffice.listen(0)]);
  const proxy = options.recordPowerOffice ? await recordingProxy(poweroffice.url) : undefined;
  const logs: string[] = [];
  const node = new SesamNodeEmulator({
    log: (line) => logs.push(line),
    // The emulators here serve reads without lag: a short allowance keeps the lookups that wait for one quick.
    sync: { readLagMs: 300 },
    ...options.node,
    youtrack: { url: youtrack.url },
    poweroffice: { url: proxy?.url ?? poweroffice.url, ...(throttle ? {} : { throttle: false as const }) },
    checklists: (options.checklists ?? [DEFAULT_CHECKLIST]).map((path) => loadChecklist(path)),
  });
  await node.listen(0);
  const fast = { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200 };
  const yt = createYouTrackClient({ baseUrl: youtrack.url, token: SANDBOX_CREDENTIALS.youtrack.token, retry: fast });
  const po = createPowerOfficeClient({
    baseUrl: poweroffice.url,
    ...SANDBOX_CREDENTIALS.poweroffice,
    throttle: throttle ? { perSecond: 10 } : false,
    retry: fast,
  });
  const sesam = createSesamClient({ baseUrl: node.url, jwt: JWT, retry: fast });
  const parent = await po.customers.create({ Name: "Test contacts", IsPerson: false, InvoiceDeliveryType: "Print" });
  const urls = { youtrack: youtrack.url, poweroffice: poweroffice.url, sesam: node.url };

  // The harness's own driver, on the node's own pipe config: a run is followed through its pump's runtime, so a
  // run the node does not log (a no-op, by Sesam's default) still ends the wait; the log adds what a logged run
  // tells (a run without an entry changed nothing).
  const driverFor = async (pipes: readonly string[]) =>
    createSyncDriver("pump", sesamNodeAccess(sesam), {
      profile: nodeProfile(await sesam.pipes.list(), pipes, null),
      timeoutMs: options.runTimeoutMs ?? 10_000,
      maxPasses: 6,
      pollIntervalsMs: [2, 5, 10, 20],
    });
  const asRun = (run: PipeRun): PassResult["runs"][number] => ({
    pipe: run.pipe,
    outcome: run.outcome,
    changes: run.changes,
    reason: run.reason ?? null,
  });

  const pump = async (pipe: string) => {
    try {
      const pass = await (await driverFor([pipe])).pass();
      return asRun(pass.runs[0] as PipeRun);
    } catch (error) {
      if (error instanceof SyncRunFailedError) return asRun(error.run);
      throw error;
    }
  };

  const pass = async (): Promise<PassResult> => {
    const runs: PassResult["runs"] = [];
    for (const pipe of node.pipes) runs.push(await pump(pipe));
    return { changes: runs.reduce((sum, run) => sum + (run.changes ?? 0), 0), runs };
  };

  return {
    youtrack,
    poweroffice,
    node,
    yt,
    po,
    sesam,
    logs,
    powerofficeRequests: proxy?.requests ?? [],
    parentId: parent.Id,
    pump,
    pass,
    async settle(maxPasses = 6) {
      const passes: PassResult[] = [];
      while (passes.length < maxPasses) {
        const result = await pass();
        passes.push(result);
        const failed = result.runs.find((run) => run.outcome !== "completed");
        if (failed) throw new Error(`${failed.pipe} ${failed.outcome}: ${failed.reason}`);
        if (result.changes === 0) return passes;
      }
      throw new Error(`no zero-change pass in ${maxPasses} passes`);
    },
    async admin(service, path, init) {
      const response = await fetch(`${urls[service]}/__admin/${path}`, init);
      return response.json();
    },
    async close() {
      await Promise.all([yt.close(), po.close(), sesam.close()]);
      await node.close();
      await proxy?.close();
      await Promise.all([youtrack.close(), poweroffice.close()]);
    },
  };
}

/** The node's `/__admin/store`, typed loosely for the fields tests read. */
export interface StoreSnapshot {
  links: Record<string, { links: { a: string; b: string; via: string }[]; orphaned: { a: string[]; b: string[] } }>;
  unsupported: { source: string; flow: string; row?: string; reason: string }[];
  flows: { key: string; title: string }[];
  pipes: { _id: string; kind: string }[];
}

export async function storeOf(stack: Stack): Promise<StoreSnapshot> {
  return (await stack.admin("sesam", "store")) as StoreSnapshot;
}

/** The links of the flow whose key contains `fragment`. */
export async function linksOf(stack: Stack, fragment: string): Promise<{ a: string; b: string; via: string }[]> {
  const store = await storeOf(stack);
  const entry = Object.entries(store.links).find(([key]) => key.includes(fragment));
  if (!entry) throw new Error(`no flow matching ${fragment}: ${Object.keys(store.links).join(", ")}`);
  return entry[1].links;
}

/**
 * The default checklist's pipes in pump order, as the connector templates chain them: -all reads PowerOffice,
 * -collect its dataset (Hub's collect reads Hub), the merge links, -transform and -share write back (Customers
 * person syncs no property: nothing to write).
 */
export const DEFAULT_PIPE_ORDER = [
  "powerofficego-contactperson-all",
  "powerofficego-customers-person-all",
  "youtrack-users-collect",
  "powerofficego-contactperson-collect",
  "powerofficego-customers-person-collect",
  "global-person",
  "youtrack-users-transform",
  "powerofficego-contactperson-transform",
  "youtrack-users-share",
  "powerofficego-contactperson-share",
];

export const USERS_CONTACT = "poweroffice/contactperson <-> youtrack/users";
export const USERS_PERSON = "poweroffice/customers-person <-> youtrack/users";
