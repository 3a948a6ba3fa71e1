// The tenant emulators as Playwright fixtures, for the selftests that start their own: each listens on a free
// port (listen(0)) for one test and is closed after it, whatever the test did. Options are fixtures too: a file or
// a describe block changes them with `test.use({ powerofficeOptions: … })` (the value replaces the default whole).
import { test as base } from "@playwright/test";
import { PowerOfficeEmulator, type PowerOfficeOptions } from "../emulators/poweroffice/server.ts";
import { YouTrackEmulator, type YouTrackOptions } from "../emulators/youtrack/server.ts";

export interface EmulatorFixtures {
  /** The YouTrack emulator's options (none by default). */
  youtrackOptions: Partial<YouTrackOptions>;
  /** A YouTrack emulator (Hub users API) listening on a free port. */
  youtrack: YouTrackEmulator;
  /** The PowerOffice emulator's options (by default, no API Management rate limit on the v2 host). */
  powerofficeOptions: Partial<PowerOfficeOptions>;
  /** A PowerOffice Go tenant with both hosts listening on free ports: v2 at `url`, the legacy v1 at `v1.url`. */
  poweroffice: PowerOfficeEmulator;
}

export const test = base.extend<EmulatorFixtures>({
  youtrackOptions: [{}, { option: true }],
  youtrack: async ({ youtrackOptions }, use) => {
    const emulator = new YouTrackEmulator(youtrackOptions);
    await emulator.listen(0);
    await use(emulator);
    await emulator.close();
  },
  powerofficeOptions: [{ throttle: { enabled: false } }, { option: true }],
  poweroffice: async ({ powerofficeOptions }, use) => {
    const emulator = new PowerOfficeEmulator(powerofficeOptions);
    await emulator.listen(0);
    await emulator.v1.listen(0);
    await use(emulator);
    await emulator.close();
  },
});

export { expect } from "@playwright/test";
