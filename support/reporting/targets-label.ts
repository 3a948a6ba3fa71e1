import type { HarnessConfig } from "../config/index.ts";

/** Where the run went, for reports: never a secret, only hosts. */
export function targetsLabel(config: HarnessConfig): string {
  if (!config.targets) return "embedded sandbox (not started)";
  const hosts = [config.targets.youtrack.url, config.targets.poweroffice.url, config.targets.sesam.url]
    .map((url) => new URL(url).host)
    .join(", ");
  return config.embedded ? `embedded sandbox (${hosts})` : hosts;
}
