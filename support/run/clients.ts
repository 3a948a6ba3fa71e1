import { createAdapters } from "../adapters/registry.ts";
import type { AdapterRegistry } from "../adapters/registry.ts";
import type { RequestLogHook } from "../clients/http/request-log.ts";
import { createPowerOfficeClient, type PowerOfficeClient } from "../clients/poweroffice/client.ts";
import { createYouTrackClient } from "../clients/youtrack/client.ts";
import { clientOptions } from "../config/index.ts";
import type { Targets } from "../config/index.ts";

/** Tenant clients and adapters for work outside a test (teardown, sweeper); `close()` when done. */
export function tenantAdapters(
  targets: Targets,
  onRequest?: RequestLogHook,
): { adapters: AdapterRegistry; poweroffice: PowerOfficeClient; close(): Promise<void> } {
  const options = clientOptions(targets);
  const youtrack = createYouTrackClient({ ...options.youtrack, onRequest });
  // The run's one PowerOffice budget when there is one (global teardown: the workers' last second is in it; a client
  // of its own would not know it, and its first calls went over the key's limit: one 429 a run).
  const hub = process.env.TALK_QA_THROTTLE_HUB;
  const poweroffice = createPowerOfficeClient({
    ...options.poweroffice,
    ...(hub ? { throttleHub: hub } : {}),
    onRequest,
  });
  return {
    adapters: createAdapters({ youtrack, poweroffice }),
    poweroffice,
    close: async () => {
      await Promise.all([youtrack.close(), poweroffice.close()]);
    },
  };
}
