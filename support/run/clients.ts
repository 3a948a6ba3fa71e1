import { createAdapters } from "../adapters/registry.ts";
import type { AdapterRegistry } from "../adapters/registry.ts";
import type { RequestLogHook } from "../clients/http/request-log.ts";
import { createPowerOfficeClient } from "../clients/poweroffice/client.ts";
import { createYouTrackClient } from "../clients/youtrack/client.ts";
import { clientOptions } from "../config/index.ts";
import type { Targets } from "../config/index.ts";

/** Tenant clients and adapters for work outside a test (teardown, sweeper); `close()` when done. */
export function tenantAdapters(
  targets: Targets,
  onRequest?: RequestLogHook,
): { adapters: AdapterRegistry; close(): Promise<void> } {
  const options = clientOptions(targets);
  const youtrack = createYouTrackClient({ ...options.youtrack, onRequest });
  const poweroffice = createPowerOfficeClient({ ...options.poweroffice, onRequest });
  return {
    adapters: createAdapters({ youtrack, poweroffice }),
    close: async () => {
      await Promise.all([youtrack.close(), poweroffice.close()]);
    },
  };
}
