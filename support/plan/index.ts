export { buildPlan } from "./build.ts";
export { between, direction, otherSide, sideName, slug } from "./titles.ts";
export type {
  CaseKind,
  CaseOf,
  PlannedCase,
  PlannedFlow,
  PropertyPair,
  RunnableCase,
  SeedPlan,
  Side,
  SkippedCase,
  SyncedPair,
} from "./types.ts";
