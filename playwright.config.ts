import { defineConfig } from "@playwright/test";
import { loadConfig } from "./support/config/index.ts";

// The checklist run (`npm run qa`). The harness's own tests have their config in selftest/.
const config = loadConfig();
const reports = config.reportsDir;

export default defineConfig({
  testDir: "specs",
  fullyParallel: true,
  forbidOnly: true,
  // A conformance verdict must not hide a flaky sync behind a retry.
  retries: 0,
  workers: 2,
  // A test makes a few sync passes, each bounded by SYNC_TIMEOUT_MS.
  timeout: 4 * config.sync.timeoutMs + 30_000,
  globalSetup: "./fixtures/global-setup.ts",
  outputDir: `${reports}/test-results`,
  reporter: [
    [process.env.CI ? "line" : "list"],
    ["allure-playwright", { resultsDir: `${reports}/allure-results`, suiteTitle: true }],
    ["junit", { outputFile: `${reports}/junit.xml` }],
    ["./support/reporting/checklist-reporter.ts", { outputDir: reports }],
  ],
});
