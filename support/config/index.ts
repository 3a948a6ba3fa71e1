export { ConfigError } from "./errors.ts";
export { loadConfig, onThisMachine, WORKERS } from "./load.ts";
export type { HarnessConfig, LoadOptions, Targets } from "./load.ts";
export { SECRET_VARIABLES, VARIABLES } from "./variables.ts";
export { clientOptions } from "./client-options.ts";
