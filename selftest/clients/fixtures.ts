// The client tests' fixtures: the harness's clients on the tenant emulators (selftest/fixtures.ts), every request
// they make in one log, and a hook a test sets to act the moment a request ends (before any retry is sent).
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";
import type { RequestLogEntry } from "../../support/clients/http/request-log.ts";
import {
  createPowerOfficeClient,
  type PowerOfficeClient,
  type PowerOfficeClientOptions,
} from "../../support/clients/poweroffice/client.ts";
import {
  createYouTrackClient,
  type YouTrackClient,
  type YouTrackClientOptions,
} from "../../support/clients/youtrack/client.ts";
import { test as emulators } from "../fixtures.ts";
import { FAST_RETRY } from "./helpers/api.ts";

/** Acts on a request log entry the moment it is written; a test sets `onRequest` (and may change it). */
export interface RequestHook {
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface ClientFixtures {
  /** The request log of the clients below, in order (a test may empty it to count from a point on). */
  log: RequestLogEntry[];
  hook: RequestHook;
  /** PowerOffice client options over the fixture's (fast retries, no client throttle, both hosts' URLs). */
  powerofficeClientOptions: Partial<PowerOfficeClientOptions>;
  /** A path after the emulator's v2 URL (`/Demo`, as goapi's demo base): "" unless a test sets it. */
  powerofficeBasePath: string;
  /** The harness's PowerOffice client on the `poweroffice` emulator; closed after the test. */
  powerofficeClient: PowerOfficeClient;
  /** YouTrack client options over the fixture's (fast retries). */
  youtrackClientOptions: Partial<YouTrackClientOptions>;
  /** The harness's YouTrack client on the `youtrack` emulator; closed after the test. */
  youtrackClient: YouTrackClient;
}

export const test = emulators.extend<ClientFixtures>({
  // Client tests count requests exactly: no throttling on either host unless the test asks for it.
  powerofficeOptions: { throttle: { enabled: false }, v1: { throttle: { enabled: false } } },
  log: async ({}, use) => use([]),
  hook: async ({}, use) => use({}),
  powerofficeClientOptions: [{}, { option: true }],
  powerofficeBasePath: ["", { option: true }],
  powerofficeClient: async ({ poweroffice, powerofficeClientOptions, powerofficeBasePath, log, hook }, use) => {
    const client = createPowerOfficeClient({
      baseUrl: poweroffice.url + powerofficeBasePath,
      v1BaseUrl: poweroffice.v1.url,
      ...SANDBOX_CREDENTIALS.poweroffice,
      retry: FAST_RETRY,
      throttle: false,
      ...powerofficeClientOptions,
      onRequest: logTo(log, hook),
    });
    await use(client);
    await client.close();
  },
  youtrackClientOptions: [{}, { option: true }],
  youtrackClient: async ({ youtrack, youtrackClientOptions, log, hook }, use) => {
    const client = createYouTrackClient({
      baseUrl: youtrack.url,
      token: SANDBOX_CREDENTIALS.youtrack.token,
      retry: FAST_RETRY,
      ...youtrackClientOptions,
      onRequest: logTo(log, hook),
    });
    await use(client);
    await client.close();
  },
});

function logTo(log: RequestLogEntry[], hook: RequestHook): (entry: RequestLogEntry) => void {
  return (entry) => {
    log.push(entry);
    hook.onRequest?.(entry);
  };
}

export { expect } from "@playwright/test";

/** Pages of two records, so what paging costs shows in request counts (the PowerOffice method tests). */
export const SMALL_PAGES = { pageSize: 2 } as const;
