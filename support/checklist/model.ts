import { z } from "zod";

// The parsed form of a Sesam Talk dataflow document. Field names from issue 2 are a contract with the rest of the
// harness; the extra fields (file, introduction, notes, kind, qualifiers, createdFrom.system/into, statements,
// unreadableRows) only add. Every line number is the 1-based physical line in the file as given.
//
// The reader builds these types directly; it does not run the schema on its own output (that costs as much as
// reading, on every parse). The selftests check every document they parse against it (selftest/checklist/schema.ts),
// and the sandbox checks checklists it is handed. Non-empty paths and positive lines are the reader's promise;
// the schema checks shape and types, not those bounds.

const LineSchema = z.int();

export const EndpointSchema = z.strictObject({
  // The title's spelling, so endpoints of different flows compare with ===, however the heading spells it. Two
  // generator slips, both warned: a heading naming a system the title does not ("Visma" in a BusinessNxt
  // document, a section copied from another pair) keeps its own word; a system neither names is "".
  system: z.string(),
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

// A row of a merge-rule or synced-property table that cannot be read as a rule: a property cell that is empty,
// holds only a qualifier, or has text after its qualifier; or an empty data type. It is kept (never dropped) with
// the cells as written and the reason, and warned about, so a report can tick it as "not testable: <reason>".
// It is never put in mergeRules / syncedProperties, whose rows always have both paths.
export const UnreadableRowSchema = z.strictObject({
  table: z.enum(["merge-rule", "synced-property"]),
  line: LineSchema, // the row's `* -` line
  cells: z.array(z.string()), // trimmed, continuation lines joined; "" for an empty cell
  reason: z.string(),
});

// The list-table a statement introduces: its directive's line and the `* -` line of every row in document order.
// Each row line is in exactly one of the flow's mergeRules / syncedProperties (by `kind`) or unreadableRows, so a
// row is stored once; `tableRows` (rows.ts) returns the rows of a table as objects.
export const TableRefSchema = z.strictObject({
  kind: z.enum(["merge-rule", "synced-property"]),
  line: LineSchema,
  rows: z.array(LineSchema),
});

// Every statement a flow section makes, in document order, one per line: what a report ticks. `text` is the line
// whitespace-collapsed. The flow's booleans and arrays (linkRequired ... notes) are views of this list: a
// statement of kind "sync-all" is what sets syncAll, a "condition" is the entry of conditions at the same line,
// a "note" the entry of notes at the same line.
const PlainStatementSchema = z.strictObject({
  kind: z.enum([
    "link-required", // Before any synchronization can take place, a link between a X and a Y must be established.
    "bidirectional", // Once a link ... it will keep in sync between the two systems, regardless of where it is edited.
    "sync-all", // Every X will be synchronized with a Y.
    "create-if-no-match", // If no matching Y is found, a new Y will be created.
    "merge-if-match", // If a matching Y already exists, the X will be merged with the existing one.
    "created-from", // A new Y will be created from a X if it is connected to ... (createdFrom at the same line)
    "condition", // <free text>, it will be synchronized with a Y. (conditions at the same line)
  ]),
  line: LineSchema,
  text: z.string(),
});

const TableStatementSchema = z.strictObject({
  kind: z.enum([
    "merge-rules", // A X will merge with a Y if one of the following property combinations match:
    "synced-properties", // The following properties are synchronized between a X and a Y:
  ]),
  line: LineSchema,
  text: z.string(),
  table: TableRefSchema.nullable(), // null: no list-table followed (warned)
});

// Text that is not a statement of the grammar, or a known sentence naming other datatypes than the flow's. When
// such a sentence announced a table, the table is still read (its header must name this flow's columns).
const NoteStatementSchema = z.strictObject({
  kind: z.literal("note"),
  line: LineSchema,
  text: z.string(),
  reason: z.string(),
  table: TableRefSchema.nullable(),
});

export const StatementSchema = z.discriminatedUnion("kind", [
  PlainStatementSchema,
  TableStatementSchema,
  NoteStatementSchema,
]);

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
    statements: z.array(StatementSchema), // everything the section says, in order (see StatementSchema)
    unreadableRows: z.array(UnreadableRowSchema), // table rows that name no rule, with why (see UnreadableRowSchema)
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
export type UnreadableRow = z.infer<typeof UnreadableRowSchema>;
export type TableRef = z.infer<typeof TableRefSchema>;
export type Statement = z.infer<typeof StatementSchema>;
export type MergeRule = z.infer<typeof MergeRuleSchema>;
export type SyncedProperty = z.infer<typeof SyncedPropertySchema>;
export type TextAtLine = z.infer<typeof TextAtLineSchema>;
export type Flow = z.infer<typeof FlowSchema>;
export type ChecklistWarning = z.infer<typeof WarningSchema>;
export type Checklist = z.infer<typeof ChecklistSchema>;
