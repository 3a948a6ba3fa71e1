import { test, expect } from "@playwright/test";
import {
  MERGE_HEADER,
  MERGE_INTRO,
  SYNCED_HEADER,
  SYNCED_INTRO,
  USERS_TO_CUSTOMERS,
  doc,
  heading,
  lineOf,
  listTable,
  onlyFlow,
  read,
} from "./helpers.ts";

// Merge-rule and synced-property tables: rows with their lines, qualifiers, data types, continued cells, tables
// with a header and no rows, and a table announced by a statement about other datatypes.

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
  const model = read(text, "x.rst");
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
  const model = read(text, "x.rst");
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

test("a table-announcing statement about other datatypes is a note, and its table (if it fits the flow) is kept", () => {
  const text = doc(
    ...heading(USERS_TO_CUSTOMERS),
    "A YouTrack Groups will merge with a PowerOffice GO Customers person if one of the following property combinations match:",
    "",
    ...listTable(MERGE_HEADER, ["name", "Name"]),
  );
  const model = read(text, "x.rst");
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
