// The emulator tests' fixtures: the tenant emulators (selftest/fixtures.ts) and a plain-fetch client on each, so
// the emulators are tested without the harness's own clients.
import { test as emulators } from "../fixtures.ts";
import { Go, Hub, V1 } from "./helpers.ts";

export const test = emulators.extend<{ hub: Hub; go: Go; v1: V1 }>({
  /** Requests to the YouTrack emulator's Hub users API with the sandbox token. */
  hub: async ({ youtrack }, use) => use(new Hub(youtrack.url)),
  /** Requests to the PowerOffice emulator's v2 host, with a token fetched on first use. */
  go: async ({ poweroffice }, use) => use(new Go(poweroffice.url)),
  /** Requests to the PowerOffice emulator's legacy v1 host. */
  v1: async ({ poweroffice }, use) => use(new V1(poweroffice.v1.url)),
});

export { expect } from "@playwright/test";
