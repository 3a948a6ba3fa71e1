import { test, expect } from "@playwright/test";
import type { Flow } from "../../support/checklist/model.ts";
import { parseChecklist } from "../../support/checklist/parse.ts";
import {
  MERGE_HEADER,
  MERGE_INTRO,
  SYNCED_HEADER,
  SYNCED_INTRO,
  USERS_TO_CUSTOMERS,
  doc,
  flowDoc,
  heading,
  lineOf,
  listTable,
} from "./helpers.ts";

// Every statement form of the format note, each in a document of its own, and what the parser does with text it
// does not know. X = "YouTrack Users" (source), Y = "PowerOffice GO Customers person" (target).

const X = "YouTrack Users";
const Y = "PowerOffice GO Customers person";

function onlyFlow(text: string): Flow {
  const model = parseChecklist(text, "x.rst");
  expect(model.flows).toHaveLength(1);
  return model.flows[0] as Flow;
}

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
  });
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

test("a merge-rule statement and its table give merge rules with their row lines", () => {
  const text = doc(
    ...heading(USERS_TO_CUSTOMERS),
    MERGE_INTRO,
    "",
    ...listTable(MERGE_HEADER, ["profile.email.email", "EmailAddress"], ["login", "CustomerNo"]),
  );
  const flow = onlyFlow(text);
  expect(flow.mergeRules).toEqual([
    {
      source: "profile.email.email",
      sourceQualifier: null,
      target: "EmailAddress",
      targetQualifier: null,
      line: lineOf(text, "* - profile.email.email"),
    },
    {
      source: "login",
      sourceQualifier: null,
      target: "CustomerNo",
      targetQualifier: null,
      line: lineOf(text, "* - login"),
    },
  ]);
  expect(flow.notes).toEqual([]);
});

test("a synced-property statement and its table give properties with unquoted types", () => {
  const text = doc(
    ...heading(USERS_TO_CUSTOMERS),
    SYNCED_INTRO,
    "",
    ...listTable(
      SYNCED_HEADER,
      ["profile.email", "EmailAddress", '"string"'],
      ["id", "CustomerNo", '"integer"'],
      ["ratio", "Discount", '"float"'],
      ["banned", "IsArchived", '"boolean"'],
    ),
  );
  const flow = onlyFlow(text);
  expect(flow.syncedProperties.map((p) => [p.source, p.target, p.targetType, p.line])).toEqual([
    ["profile.email", "EmailAddress", "string", lineOf(text, "* - profile.email")],
    ["id", "CustomerNo", "integer", lineOf(text, "* - id")],
    ["ratio", "Discount", "float", lineOf(text, "* - ratio")],
    ["banned", "IsArchived", "boolean", lineOf(text, "* - banned")],
  ]);
});

test("tables with a header and no rows, and the header in another spelling of the systems", () => {
  const flow = onlyFlow(
    doc(
      ...heading(USERS_TO_CUSTOMERS),
      MERGE_INTRO,
      "",
      ...listTable(["Youtrack Users Property", "Powerofficego Customers person Property"]),
      SYNCED_INTRO,
      "",
      ...listTable(["Youtrack users property", "PowerOfficeGO Customers Person Property", "POWEROFFICE GO data type"]),
    ),
  );
  expect(flow).toMatchObject({ mergeRules: [], syncedProperties: [], notes: [] });
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
  const model = parseChecklist(text, "x.rst");
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
  const model = parseChecklist(text, "x.rst");
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
  const model = parseChecklist(text, "x.rst");
  expect(model.flows[0]).toMatchObject({ syncAll: true, mergeRules: [], notes: [] });
  expect(model.warnings).toEqual([
    { line: 14, message: "statement announces a merge-rule table but no list-table follows" },
  ]);
});

test("qualifiers in parentheses: the bare path stays in source/target, the text (collapsed) in the qualifier", () => {
  const text = doc(
    ...heading(USERS_TO_CUSTOMERS),
    SYNCED_INTRO,
    "",
    ...listTable(
      SYNCED_HEADER,
      ["department.id (Dependant on having wd:Q703534 in  )", "partyId", '"integer"'],
      ["name", "OrganizationNumber (Dependant on having NO in MailAddress.CountryCode)", '"string"'],
      ["login ()", "Name", '"string"'],
    ),
  );
  const flow = onlyFlow(text);
  expect(flow.syncedProperties.map((p) => [p.source, p.sourceQualifier, p.target, p.targetQualifier])).toEqual([
    ["department.id", "Dependant on having wd:Q703534 in", "partyId", null],
    ["name", null, "OrganizationNumber", "Dependant on having NO in MailAddress.CountryCode"],
    ["login", null, "Name", null],
  ]);
});

test("N/A and unquoted data types are kept, with a warning naming the line", () => {
  const text = doc(
    ...heading(USERS_TO_CUSTOMERS),
    SYNCED_INTRO,
    "",
    ...listTable(SYNCED_HEADER, ["birthday", "DateOfBirth", "N/A"], ["age", "Age", "integer"], ["x", "Y", '"N/A"']),
  );
  const model = parseChecklist(text, "x.rst");
  expect(model.flows[0]?.syncedProperties.map((p) => p.targetType)).toEqual(["N/A", "integer", "N/A"]);
  expect(model.warnings).toEqual([
    {
      line: lineOf(text, "- N/A"),
      message: "data type of birthday -> DateOfBirth is N/A: the generator does not know its type",
    },
    { line: lineOf(text, "- integer"), message: "data type of age -> Age is not quoted: integer" },
    { line: lineOf(text, '- "N/A"'), message: "data type of x -> Y is N/A: the generator does not know its type" },
  ]);
});

test("a cell continued on deeper-indented lines is joined; other list-table options are ignored", () => {
  const text = doc(
    ...heading(USERS_TO_CUSTOMERS),
    MERGE_INTRO,
    "",
    ".. list-table:: Merge rules",
    "   :header-rows: 1",
    "   :widths: 50 50",
    "   :colour: red",
    "",
    `   * - ${MERGE_HEADER[0]}`,
    `     - ${MERGE_HEADER[1]}`,
    "   * - profile.email.email (Dependant on",
    "       having NO in country)",
    "     -",
    "       EmailAddress",
    "",
  );
  const model = parseChecklist(text, "x.rst");
  expect(model.flows[0]?.mergeRules).toEqual([
    {
      source: "profile.email.email",
      sourceQualifier: "Dependant on having NO in country",
      target: "EmailAddress",
      targetQualifier: null,
      line: lineOf(text, "* - profile.email.email"),
    },
  ]);
  expect(model.warnings).toEqual([
    { line: lineOf(text, ".. list-table::"), message: 'list-table title "Merge rules" ignored' },
    { line: lineOf(text, ":colour:"), message: 'unknown list-table option ":colour:" ignored' },
  ]);
});

test("headings: either system on either side, multi-word datatypes, 'to' inside a datatype, longest system", () => {
  const model = parseChecklist(
    doc(
      ...heading("PowerOffice GO Customers person to YouTrack Users"),
      ...heading("YouTrack Time to market plan to PowerOffice GO Projects"),
      ...heading("PowerOfficeGO Sales order lines to Youtrack Work items"),
    ),
    "x.rst",
  );
  expect(model.flows.map((flow) => [flow.source, flow.target])).toEqual([
    [
      { system: "PowerOffice GO", datatype: "Customers person" },
      { system: "YouTrack", datatype: "Users" },
    ],
    [
      { system: "YouTrack", datatype: "Time to market plan" },
      { system: "PowerOffice GO", datatype: "Projects" },
    ],
    [
      { system: "PowerOffice GO", datatype: "Sales order lines" },
      { system: "YouTrack", datatype: "Work items" },
    ],
  ]);

  const nested = parseChecklist(
    [
      "=============================",
      "Sesam to Sesam Talk Dataflow",
      "=============================",
      "",
      ...heading("Sesam Talk Users to Sesam Groups"),
    ].join("\n"),
    "x.rst",
  );
  expect(nested.flows[0]).toMatchObject({
    source: { system: "Sesam Talk", datatype: "Users" },
    target: { system: "Sesam", datatype: "Groups" },
  });
});

test("the Introduction keeps its paragraphs; prose before it is a checklist note with a warning", () => {
  const model = parseChecklist(
    [
      "Acme to Beta Dataflow",
      "=====================",
      "",
      "Generated: 2025-02-03",
      "Draft copy.",
      "",
      "Introduction",
      "------------",
      "",
      "First paragraph,",
      "  second line.",
      "",
      "",
      "Second paragraph.   ",
      "",
    ].join("\n"),
    "x.rst",
  );
  expect(model).toMatchObject({
    title: "Acme to Beta Dataflow",
    source: "Acme",
    target: "Beta",
    generated: "2025-02-03",
    introduction: "First paragraph,\n  second line.\n\nSecond paragraph.",
    notes: [{ text: "Draft copy.", line: 5 }],
    flows: [],
    warnings: [{ line: 5, message: 'text before the first section kept as a note: "Draft copy."' }],
  });
});

test("no Generated line gives null; a document without an Introduction gives an empty one", () => {
  const model = parseChecklist(
    ["=====", "A to B Dataflow", "=====", "", ...heading("A Xs to B Ys")].join("\n"),
    "x.rst",
  );
  expect(model).toMatchObject({ generated: null, introduction: "", flows: [{ title: "A Xs to B Ys", line: 5 }] });
});

test("a repeated flow heading and a short underline are warnings", () => {
  const text = doc(...heading(USERS_TO_CUSTOMERS), "", USERS_TO_CUSTOMERS, "-----", "");
  const model = parseChecklist(text, "x.rst");
  expect(model.flows.map((flow) => flow.line)).toEqual([12, 15]);
  expect(model.warnings).toEqual([
    { line: 15, message: `flow "${USERS_TO_CUSTOMERS}" repeats the heading at line 12` },
    { line: 16, message: "heading underline is shorter than the heading" },
  ]);
});

test("a table-announcing statement about other datatypes is a note, and its table (if it fits the flow) is kept", () => {
  const text = doc(
    ...heading(USERS_TO_CUSTOMERS),
    "A YouTrack Groups will merge with a PowerOffice GO Customers person if one of the following property combinations match:",
    "",
    ...listTable(MERGE_HEADER, ["name", "Name"]),
  );
  const model = parseChecklist(text, "x.rst");
  expect(model.flows[0]?.mergeRules).toEqual([
    { source: "name", sourceQualifier: null, target: "Name", targetQualifier: null, line: lineOf(text, "* - name") },
  ]);
  expect(model.flows[0]?.notes).toEqual([{ text: expect.stringMatching(/^A YouTrack Groups will merge/), line: 14 }]);
  expect(model.warnings).toEqual([
    {
      line: 14,
      message: 'statement names "YouTrack Groups" where this flow\'s source is "YouTrack Users"; kept as a note',
    },
  ]);
});
