export * from "./data-types.ts";
export type { DatatypeCodec, PropertyCodec, SystemId, ValueKind } from "./types.ts";
