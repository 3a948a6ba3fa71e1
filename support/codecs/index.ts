export * from "./data-types.ts";
export type { DatatypeCodec, PropertyCodec, SystemId } from "./types.ts";
