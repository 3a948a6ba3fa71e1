export { buildPlan } from "./build.ts";
export { between, direction, otherSide, sideName, slug } from "./titles.ts";
export type { CaseKind, PlannedCase, PlannedFlow, PropertyPair, ResolvedFlow, Side } from "./types.ts";
