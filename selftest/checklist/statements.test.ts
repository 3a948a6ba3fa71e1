import { test, expect } from "@playwright/test";
import type { Flow } from "../../support/checklist/model.ts";
import {
  MERGE_HEADER,
  MERGE_INTRO,
  SYNCED_HEADER,
  SYNCED_INTRO,
  USERS_TO_CUSTOMERS,
  X,
  Y,
  doc,
  flowDoc,
  heading,
  lineOf,
  listTable,
  onlyFlow,
  read,
} from "./helpers.ts";

// Every statement form of the format note, each in a document of its own, what the reader lists for a flow, and
// what it does with text it does not know. X = "YouTrack Users" (source), Y = "PowerOffice GO Customers person".

const NOTHING: Partial<Flow> = {
  linkRequired: false,
  syncAll: false,
  createIfNoMatch: false,
  mergeIfMatch: false,
  bidirectional: false,
  createdFrom: [],
  conditions: [],
  mergeRules: [],
  syncedProperties: [],
  notes: [],
  unreadableRows: [],
};

test("a flow with no statements and no tables is kind other", () => {
  const flow = onlyFlow(flowDoc());
  expect(flow).toEqual({
    ...NOTHING,
    title: USERS_TO_CUSTOMERS,
    line: 12,
    kind: "other",
    source: { system: "YouTrack", datatype: "Users" },
    target: { system: "PowerOffice GO", datatype: "Customers person" },
    statements: [],
  });
});

test("every statement of a flow, in order, with its line, kind and collapsed text; tables with their rows", () => {
  const text = doc(
    ...heading(USERS_TO_CUSTOMERS),
    `Before any synchronization can take place, a link between a ${X} and a ${Y} must be established.`,
    "",
    `A new ${Y} will be created from a ${X} if it is connected to a YouTrack Issue that is synchronized into PowerOffice GO.`,
    `only active ones, it  will be synchronized with a ${Y}.`,
    `Every ${X} will be synchronized with a ${Y}.`,
    `If a matching ${Y} already exists, the ${X} will be merged with the existing one.`,
    `If no matching ${Y} is found, a new ${Y} will be created.`,
    "",
    MERGE_INTRO,
    "",
    ...listTable(MERGE_HEADER, ["profile.email.email", "EmailAddress"], ["", "CustomerNo"]),
    `Once a link between a ${X} and a ${Y} is established, it will keep in sync between the two systems, regardless of where it is edited.`,
    "",
    SYNCED_INTRO,
    "",
    ...listTable(SYNCED_HEADER, ["profile.email", "EmailAddress", '"string"']),
    "This  flow is under review.",
    SYNCED_INTRO,
  );
  const flow = onlyFlow(text);
  const at = (needle: string, nth = 1) => lineOf(text, needle, nth);
  expect(flow.statements).toEqual([
    { kind: "link-required", line: at("Before any"), text: expect.stringMatching(/^Before any synchronization/) },
    { kind: "created-from", line: at("A new"), text: expect.stringMatching(/^A new/) },
    { kind: "condition", line: at("only active"), text: `only active ones, it will be synchronized with a ${Y}.` },
    { kind: "sync-all", line: at("Every "), text: `Every ${X} will be synchronized with a ${Y}.` },
    { kind: "merge-if-match", line: at("If a matching"), text: expect.stringMatching(/^If a matching/) },
    { kind: "create-if-no-match", line: at("If no matching"), text: expect.stringMatching(/^If no matching/) },
    {
      kind: "merge-rules",
      line: at(MERGE_INTRO),
      text: MERGE_INTRO,
      table: {
        kind: "merge-rule",
        line: at(".. list-table::"),
        rows: [at("* - profile.email.email"), at("- CustomerNo") - 1],
      },
    },
    { kind: "bidirectional", line: at("Once a link"), text: expect.stringMatching(/^Once a link/) },
    {
      kind: "synced-properties",
      line: at(SYNCED_INTRO),
      text: SYNCED_INTRO,
      table: { kind: "synced-property", line: at(".. list-table::", 2), rows: [at("* - profile.email", 2)] },
    },
    {
      kind: "note",
      line: at("under review"),
      text: "This flow is under review.",
      reason: "not a statement of the dataflow grammar",
      table: null,
    },
    { kind: "synced-properties", line: at(SYNCED_INTRO, 2), text: SYNCED_INTRO, table: null },
  ]);
  expect(flow.unreadableRows).toEqual([
    {
      table: "merge-rule",
      line: at("- CustomerNo") - 1,
      cells: ["", "CustomerNo"],
      reason: "the YouTrack Users property cell is empty",
    },
  ]);
  expect(flow.notes).toEqual([{ text: "This flow is under review.", line: at("under review") }]);
});

test("Before any synchronization ... must be established: linkRequired, kind merge", () => {
  const flow = onlyFlow(
    flowDoc(`Before any synchronization can take place, a link between a ${X} and a ${Y} must be established.`),
  );
  expect(flow).toMatchObject({ ...NOTHING, linkRequired: true, kind: "merge" });
});

test("Once a link ... regardless of where it is edited: bidirectional", () => {
  const flow = onlyFlow(
    flowDoc(
      `Once a link between a ${X} and a ${Y} is established, it will keep in sync between the two systems, regardless of where it is edited.`,
    ),
  );
  expect(flow).toMatchObject({ ...NOTHING, bidirectional: true, kind: "other" });
});

test("Every X will be synchronized with a Y: syncAll, kind sync-all", () => {
  const flow = onlyFlow(flowDoc(`Every ${X} will be synchronized with a ${Y}.`));
  expect(flow).toMatchObject({ ...NOTHING, syncAll: true, kind: "sync-all" });
});

test("If no matching Y is found / If a matching Y already exists: createIfNoMatch, mergeIfMatch (one paragraph)", () => {
  const flow = onlyFlow(
    flowDoc(
      `If a matching ${Y} already exists, the ${X} will be merged with the existing one.`,
      `If no matching ${Y} is found, a new ${Y} will be created.`,
    ),
  );
  expect(flow).toMatchObject({ ...NOTHING, createIfNoMatch: true, mergeIfMatch: true, kind: "other" });
});

test("A new Y will be created from a X if it is connected to ...: via keeps the datatypes as written", () => {
  const statement = (list: string) =>
    `A new ${Y} will be created from a ${X} if it is connected to a ${list} that is synchronized into PowerOffice GO.`;
  const text = flowDoc(
    statement("YouTrack Issue"),
    statement("YouTrack Issue or Work item"),
    statement("YouTrack Issue, Work item, or Hub project"),
    statement("Youtrack Issue, Work item, Article, or Customer-person"),
  );
  const flow = onlyFlow(text);
  expect(flow.kind).toBe("created-from");
  const line = (nth: number) => lineOf(text, "A new", nth);
  expect(flow.createdFrom).toEqual([
    { via: ["Issue"], system: "YouTrack", into: "PowerOffice GO", line: line(1) },
    { via: ["Issue", "Work item"], system: "YouTrack", into: "PowerOffice GO", line: line(2) },
    { via: ["Issue", "Work item", "Hub project"], system: "YouTrack", into: "PowerOffice GO", line: line(3) },
    {
      via: ["Issue", "Work item", "Article", "Customer-person"],
      system: "YouTrack",
      into: "PowerOffice GO",
      line: line(4),
    },
  ]);
  expect(flow.notes).toEqual([]);
});

test("<condition>, it  will be synchronized with a Y: the free text is the condition, commas and periods included", () => {
  const text = flowDoc(
    `removed person customers for now until that pattern is resolved, it  will be synchronized with a ${Y}.`,
    `preliminary mapping. This removes, for now, all suppliers, it will be synchronized with a ${Y}.`,
  );
  const flow = onlyFlow(text);
  expect(flow.kind).toBe("conditional");
  expect(flow.conditions).toEqual([
    { text: "removed person customers for now until that pattern is resolved", line: 12 + 2 },
    { text: "preliminary mapping. This removes, for now, all suppliers", line: 12 + 3 },
  ]);
});

test("whitespace, case, 'an' and system spelling do not matter; the model keeps the title's spelling", () => {
  const flow = onlyFlow(
    doc(
      ...heading("Youtrack  Users to Powerofficego Customers  person"),
      `  Before any synchronization  can take place, a link between an youtrack users and a POWEROFFICEGO Customers person must be established.  `,
      `Every\tYouTrack Users will be synchronized with an PowerOffice GO Customers person.`,
    ),
  );
  expect(flow).toMatchObject({
    title: "Youtrack  Users to Powerofficego Customers  person",
    source: { system: "YouTrack", datatype: "Users" },
    target: { system: "PowerOffice GO", datatype: "Customers person" },
    linkRequired: true,
    syncAll: true,
    kind: "merge",
    notes: [],
  });
});

test("flow kind: the first that applies of link, sync-all, created-from, condition", () => {
  const link = `Before any synchronization can take place, a link between a ${X} and a ${Y} must be established.`;
  const every = `Every ${X} will be synchronized with a ${Y}.`;
  const created = `A new ${Y} will be created from a ${X} if it is connected to a YouTrack Issue that is synchronized into PowerOffice GO.`;
  const condition = `only active ones, it  will be synchronized with a ${Y}.`;
  expect(onlyFlow(flowDoc(condition, created, every, link)).kind).toBe("merge");
  expect(onlyFlow(flowDoc(condition, created, every)).kind).toBe("sync-all");
  expect(onlyFlow(flowDoc(condition, created)).kind).toBe("created-from");
  expect(onlyFlow(flowDoc(condition)).kind).toBe("conditional");
});

test("unknown prose becomes a note and a warning naming its line, never dropped", () => {
  const text = flowDoc(
    `Every ${X} will be synchronized with a ${Y}.`,
    "",
    "Some  prose the generator  added.",
    ".. note:: odd",
  );
  const model = read(text, "x.rst");
  expect(model.flows[0]?.notes).toEqual([
    { text: "Some prose the generator added.", line: 16 },
    { text: ".. note:: odd", line: 17 },
  ]);
  expect(model.warnings).toEqual([
    { line: 16, message: 'unrecognized text kept as a note: "Some prose the generator added."' },
    { line: 17, message: 'unrecognized text kept as a note: ".. note:: odd"' },
  ]);
});

test("a known statement about other datatypes is a note and a warning, not accepted", () => {
  const text = flowDoc(
    `Every YouTrack Groups will be synchronized with a ${Y}.`,
    `If no matching PowerOffice GO Customers is found, a new PowerOffice GO Customers will be created.`,
    `A new ${Y} will be created from a ${X} if it is connected to a YouTrack Issue that is synchronized into Tripletex.`,
    `A new ${Y} will be created from a ${X} if it is connected to a PowerOffice GO Invoice that is synchronized into PowerOffice GO.`,
    `Before any synchronization can take place, a link between a ${Y} and a ${X} must be established.`,
  );
  const model = read(text, "x.rst");
  const flow = model.flows[0];
  expect(flow).toMatchObject({ ...NOTHING, kind: "other", notes: expect.any(Array) });
  expect(flow?.notes.map((note) => note.line)).toEqual([12 + 2, 12 + 3, 12 + 4, 12 + 5, 12 + 6]);
  expect(model.warnings.map((warning) => warning.message)).toEqual([
    'statement names "YouTrack Groups" where this flow\'s source is "YouTrack Users"; kept as a note',
    'statement names "PowerOffice GO Customers" where this flow\'s target is "PowerOffice GO Customers person"; kept as a note',
    'statement is synchronized into "Tripletex" where this flow\'s target is PowerOffice GO; kept as a note',
    'statement connects to "PowerOffice GO Invoice", which does not start with YouTrack; kept as a note',
    'statement names "PowerOffice GO Customers person" where this flow\'s source is "YouTrack Users"; kept as a note',
  ]);
});

test("a statement that announces a table with none following is a warning", () => {
  const text = flowDoc(MERGE_INTRO, "", `Every ${X} will be synchronized with a ${Y}.`);
  const model = read(text, "x.rst");
  expect(model.flows[0]).toMatchObject({ syncAll: true, mergeRules: [], notes: [] });
  expect(model.warnings).toEqual([
    { line: 14, message: "statement announces a merge-rule table but no list-table follows" },
  ]);
});
