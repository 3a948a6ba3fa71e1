export { ConfigError } from "./errors.ts";
export { loadConfig, onThisMachine } from "./load.ts";
export type { HarnessConfig, LoadOptions, Targets } from "./load.ts";
export { SECRET_VARIABLES, VARIABLES } from "./variables.ts";
export { clientOptions } from "./client-options.ts";
