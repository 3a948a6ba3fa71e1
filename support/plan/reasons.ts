// Why the harness cannot run a case: every reason, worded once. The plan decides (checks.ts); the report, the
// checklist CLI and the specs only show what it decided.
import type { Flow } from "../checklist/model.ts";
import type { DatatypeCodec } from "../codecs/index.ts";
import { SUPPORTED_LABELS } from "../datatypes/index.ts";
import { sideName } from "./titles.ts";
import type { Side } from "./types.ts";

export const reasons = {
  noAdapter: (names: string) => `no adapter for ${names} (the harness can seed and read ${SUPPORTED_LABELS})`,
  createdFrom: (via: string) => `records are created only when connected to ${via}, which the harness does not seed`,
  conditionalFlow: (condition: string) =>
    `synchronized only under a condition the harness cannot set up: "${condition}"`,
  emptyFlow: (flow: Flow) => `${flow.title} states no merge rule and no synced property: nothing to test`,
  conditionalRow: (qualifier: string) => `conditional row ("${qualifier}"): the harness does not set up the condition`,
  unknownType: (type: string) => `data type ${type}: the document does not say how to compare the values`,
  unknownProperty: (codec: DatatypeCodec, path: string) =>
    `no mapping for ${codec.system} ${codec.datatype} property ${path} (mapped: ${codec.properties.map((p) => p.path).join(", ")})`,
  noMergeRule: () => "no merge rule: the document gives no property to link the records by",
  noWritableMergeRule: () => "no merge rule the harness can write on both sides, so a test cannot link a pair",
  oneWay: (flow: Flow) =>
    `${flow.title} is not stated to sync both ways ("regardless of where it is edited" is absent)`,
  serverAssignedEdit: (flow: Flow, side: Side, path: string) =>
    `${sideName(flow, side)} ${path} is assigned by the server: a test cannot edit it`,
  serverAssignedWrite: (flow: Flow, side: Side, path: string) =>
    `${sideName(flow, side)} ${path} is assigned by the server: no sync can write it`,
  cannotEmpty: (flow: Flow, side: Side, path: string) =>
    `${sideName(flow, side)} ${path} cannot be emptied: the API requires a value`,
  createdNotFindable: () =>
    "the new record cannot be found: the flow has no synced property and no merge rule the harness can look it up by",
} as const;
