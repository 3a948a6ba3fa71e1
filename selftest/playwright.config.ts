import { defineConfig } from "@playwright/test";

// The harness's own tests: parser, emulators, clients, reference sync and the trust checks that run the
// checklist specs as a subprocess. Kept apart from playwright.config.ts, which runs the checklist itself.
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
});
