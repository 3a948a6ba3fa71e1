import { defineConfig } from "@playwright/test";
import { loadConfig, onThisMachine, WORKERS } from "./support/config/index.ts";
import { testTimeoutMs } from "./support/sync/deadline.ts";

// The checklist run (`npm run qa`). The harness's own tests have their config in selftest/.
const config = loadConfig();
const reports = config.reportsDir;
const nodeOnThisMachine = !config.targets || config.embedded || onThisMachine(config.targets.sesam.url);

export default defineConfig({
  testDir: "specs",
  fullyParallel: true,
  forbidOnly: true,
  // A conformance verdict must not hide a flaky sync behind a retry.
  retries: 0,
  // A node on this machine shares its cores with the workers; a remote one leaves them waiting (WORKERS says why
  // and what was measured). `--workers` overrides (a local sandbox slowed with --run-ms stands for a remote node).
  workers: nodeOnThisMachine ? WORKERS.onThisMachine : WORKERS.remote,
  // A test makes a few sync passes, each bounded by SYNC_TIMEOUT_MS (fixtures/harness.ts follows a longer one that
  // global setup chooses for a slow node).
  timeout: testTimeoutMs(config.sync.timeoutMs),
  globalSetup: "./fixtures/global-setup.ts",
  outputDir: `${reports}/test-results`,
  reporter: [
    [process.env.CI ? "line" : "list"],
    ["allure-playwright", { resultsDir: `${reports}/allure-results`, suiteTitle: true }],
    ["junit", { outputFile: `${reports}/junit.xml` }],
    ["./support/reporting/checklist-reporter.ts", { outputDir: reports }],
  ],
});
