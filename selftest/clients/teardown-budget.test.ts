// Work outside a test (global teardown's cleanup) spends the run's one PowerOffice budget: with the run's rate-limit
// hub set, its client waits for the window the workers' last calls filled, instead of going over the key's limit.
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";
import { sharedThrottle } from "../../support/clients/http/throttle.ts";
import { startThrottleHub } from "../../support/clients/http/throttle-hub.ts";
import { tenantAdapters } from "../../support/run/clients.ts";
import { expect, test } from "../fixtures.ts";

test("global teardown's PowerOffice client waits for the window the workers filled through the run's hub", async ({
  poweroffice,
  youtrack,
}) => {
  const hub = await startThrottleHub();
  const before = process.env.TALK_QA_THROTTLE_HUB;
  process.env.TALK_QA_THROTTLE_HUB = hub.url;
  const { subscriptionKey, applicationKey, clientKey } = SANDBOX_CREDENTIALS.poweroffice;
  const teardown = tenantAdapters({
    youtrack: { url: youtrack.url, token: SANDBOX_CREDENTIALS.youtrack.token },
    poweroffice: {
      url: poweroffice.url,
      v1Url: poweroffice.v1.url,
      applicationKey,
      clientKey,
      subscriptionKey,
      readLagMs: 0,
    },
    sesam: { url: "http://127.0.0.1:1", jwt: "x", pipes: [] },
  });
  try {
    // The workers' last second: the key's whole budget, spent through the hub.
    const workers = sharedThrottle(subscriptionKey, 10, hub.url);
    for (let i = 0; i < 10; i++) (await workers.throttle.acquire())();
    const started = performance.now();
    await teardown.poweroffice.customers.list();
    expect(performance.now() - started, "the teardown's first call waits for the workers' window").toBeGreaterThan(900);
  } finally {
    await teardown.close();
    await hub.close();
    if (before === undefined) delete process.env.TALK_QA_THROTTLE_HUB;
    else process.env.TALK_QA_THROTTLE_HUB = before;
  }
});
