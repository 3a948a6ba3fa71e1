import { defineConfig } from "@playwright/test";

// The harness's own tests: parser, emulators, clients, reference sync and the trust checks that run the
// checklist specs as a subprocess. Kept apart from playwright.config.ts, which runs the checklist itself.
const SUBPROCESS_CHECKS = /selftest\/(trust\/.*|ci\/rehearse)\.test\.ts$/;

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.test.ts",
  fullyParallel: true,
  forbidOnly: true,
  workers: 2,
  timeout: 60_000,
  // Each failure again at the end of the output, where a CI log's tail shows it.
  reporter: [[process.env.CI ? "line" : "list"], ["./reporters/failures-at-end.ts"]],
  outputDir: "../reports/selftest-results",
  // The checks that run the checklist as a subprocess take 5 to 40 s each, the rest milliseconds: queued first, the
  // long ones end together and the short ones fill the gaps, instead of one long check ending the run alone.
  projects: [
    { name: "subprocess", testMatch: [SUBPROCESS_CHECKS] },
    { name: "in-process", testIgnore: [SUBPROCESS_CHECKS] },
  ],
});
