import { z } from "zod";

// The parsed form of a Sesam Talk dataflow document. Field names from issue 2 are a contract with the rest of the
// harness; the extra fields (file, introduction, notes, kind, qualifiers, createdFrom.system/into) only add.
// Every line number is the 1-based physical line in the file as given.
//
// Non-empty strings and positive lines are guaranteed by the parser (it throws a ChecklistError first); the schema
// checks shape and types but not those bounds: per-value checks roughly doubled zod's share of parsing a
// 10,000-flow document, and the schema is checked on every parse.

const LineSchema = z.int();

export const EndpointSchema = z.strictObject({
  system: z.string(), // the title's spelling, so endpoints of different flows compare with ===
  datatype: z.string(), // as written in the heading, words joined by one space
});

// A cell such as `department.id (Dependant on having wd:Q703534 in  )` keeps the bare path in source/target and
// the parenthesised text, whitespace-collapsed, in the qualifier: a condition the generator attached to the row.
export const MergeRuleSchema = z.strictObject({
  source: z.string(),
  sourceQualifier: z.string().nullable(),
  target: z.string(),
  targetQualifier: z.string().nullable(),
  line: LineSchema, // the row's `* -` line
});

export const SyncedPropertySchema = z.strictObject({
  source: z.string(),
  sourceQualifier: z.string().nullable(),
  target: z.string(),
  targetQualifier: z.string().nullable(),
  // Unquoted: "string" | "integer" | "float" | "boolean" | any other type the generator writes; a bare `N/A`
  // stays "N/A" (and is warned about) because the generator did not know the type.
  targetType: z.string(),
  line: LineSchema,
});

export const TextAtLineSchema = z.strictObject({ text: z.string(), line: LineSchema });

// "A new Y will be created from a X if it is connected to a Tripletex Order, Invoice, or Orderline that is
// synchronized into Powerofficego." The generator writes the system once, before the first item only, so `via`
// holds the datatypes as written (["Order", "Invoice", "Orderline"]) and `system` the (canonical) system they
// all belong to; `into` is the canonical name of S. Items are not rewritten: "Customer-person" stays as written.
export const CreatedFromSchema = z.strictObject({
  via: z.array(z.string()).min(1),
  system: z.string(),
  into: z.string(),
  line: LineSchema,
});

export const FlowKindSchema = z.enum(["merge", "sync-all", "created-from", "conditional", "other"]);
export type FlowKind = z.infer<typeof FlowKindSchema>;

interface KindInputs {
  linkRequired: boolean;
  syncAll: boolean;
  createdFrom: readonly unknown[];
  conditions: readonly unknown[];
}

// The first that applies, in this order: a required link makes a merge flow whatever else it says (Tripletex
// Contact -> Customers person is linked *and* created-from); otherwise "Every X" makes sync-all; otherwise a
// creation statement; otherwise a free-text condition; otherwise "other" (a flow with none of these statements).
export function flowKind(flow: KindInputs): FlowKind {
  if (flow.linkRequired) return "merge";
  if (flow.syncAll) return "sync-all";
  if (flow.createdFrom.length > 0) return "created-from";
  if (flow.conditions.length > 0) return "conditional";
  return "other";
}

export const FlowSchema = z
  .strictObject({
    title: z.string(), // the heading's raw text
    line: LineSchema, // the heading's line
    kind: FlowKindSchema,
    source: EndpointSchema,
    target: EndpointSchema,
    linkRequired: z.boolean(),
    syncAll: z.boolean(),
    createIfNoMatch: z.boolean(),
    mergeIfMatch: z.boolean(),
    bidirectional: z.boolean(),
    createdFrom: z.array(CreatedFromSchema),
    conditions: z.array(TextAtLineSchema),
    mergeRules: z.array(MergeRuleSchema),
    syncedProperties: z.array(SyncedPropertySchema),
    notes: z.array(TextAtLineSchema), // prose the parser did not recognise, never dropped
  })
  .refine((flow) => flow.kind === flowKind(flow), { message: "kind does not follow from the flow's statements" });

export const WarningSchema = z.strictObject({ line: LineSchema, message: z.string() });

export const ChecklistSchema = z.strictObject({
  file: z.string(), // the path as given to the parser
  title: z.string(), // "YouTrack to Powerofficego Dataflow"
  // From "Generated: 2024-07-22 00:00:01" as ISO 8601 local time ("2024-07-22T00:00:01"); the document names no
  // zone, so none is invented. null when the line is absent.
  generated: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2})?$/)
    .nullable(),
  source: z.string(), // system names from the title, as written there
  target: z.string(),
  introduction: z.string(), // the Introduction section's prose; "" when the document has none
  notes: z.array(TextAtLineSchema), // prose between the title and the first section, other than "Generated:"
  flows: z.array(FlowSchema),
  warnings: z.array(WarningSchema), // sorted by line
});

export type Endpoint = z.infer<typeof EndpointSchema>;
export type MergeRule = z.infer<typeof MergeRuleSchema>;
export type SyncedProperty = z.infer<typeof SyncedPropertySchema>;
export type CreatedFrom = z.infer<typeof CreatedFromSchema>;
export type TextAtLine = z.infer<typeof TextAtLineSchema>;
export type Flow = z.infer<typeof FlowSchema>;
export type ChecklistWarning = z.infer<typeof WarningSchema>;
export type Checklist = z.infer<typeof ChecklistSchema>;
