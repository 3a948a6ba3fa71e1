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
  reporter: process.env.CI ? [["line"]] : [["list"]],
  outputDir: "../reports/selftest-results",
});
