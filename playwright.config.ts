import { defineConfig } from "@playwright/test";
import { loadConfig, onThisMachine } from "./support/config/index.ts";

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
  // A test spends its time waiting for sync passes, and a pass serves every test waiting for one (whichever worker
  // asked): against a node whose pipe runs take seconds, more tests at once share more. A node on this machine (the
  // embedded sandbox, or `npm run sandbox` as the rehearsal starts it) runs on this machine's cores instead, where
  // more workers only compete with it. Measured on the default checklist (2 cores): node taking 500 ms per pipe
  // run, 2 workers 175-182 s, 4: 121 s, 8: 84-85 s, 16: 72 s; embedded sandbox, 2 workers 30.5 s, 4: 30.2 s, 8:
  // 33.0 s. `--workers` overrides (a local sandbox slowed with --run-ms stands for a remote node: give it 8).
  workers: nodeOnThisMachine ? 2 : 8,
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
