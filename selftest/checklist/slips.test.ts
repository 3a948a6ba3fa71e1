import { test, expect } from "@playwright/test";
import { readdirSync } from "node:fs";
import type { Checklist, Flow } from "../../support/checklist/model.ts";
import { loadChecklist } from "../../support/checklist/load.ts";
import { REPO, doc, heading, read, readRepoFile } from "./helpers.ts";
import { modelProblems } from "./schema.ts";

// The generator's slips, seen across its generations, each read with a warning instead of a refusal. Each
// fixture under fixtures/ is a document the way one generation (or one bad run) writes it; every one the
// reader accepts must give a model that passes the schema, and the same model with LF and CRLF line ends.

const FIXTURES = "selftest/checklist/fixtures";
const REFUSED = new Set(["bad-row.rst"]);

function fixture(name: string): Checklist {
  return read(readRepoFile(`${FIXTURES}/${name}`), name);
}

function flowAt(model: Checklist, line: number): Flow {
  const flow = model.flows.find((candidate) => candidate.line === line);
  if (!flow) throw new Error(`no flow at line ${line}`);
  return flow;
}

function warningsOf(model: Checklist): string[] {
  return model.warnings.map((warning) => `${warning.line}: ${warning.message}`);
}

for (const name of readdirSync(`${REPO}${FIXTURES}`).filter((file) => file.endsWith(".rst") && !REFUSED.has(file))) {
  test(`fixture ${name}: read from disk, the schema holds, the same model with LF and CRLF`, () => {
    const fromDisk = loadChecklist(`${REPO}${FIXTURES}/${name}`);
    expect(modelProblems(fromDisk)).toEqual([]);
    const text = readRepoFile(`${FIXTURES}/${name}`);
    const lf = text.replace(/\r\n/g, "\n");
    expect(read(lf, name)).toEqual(read(lf.replace(/\n/g, "\r\n"), name));
    expect(read(lf, name)).toEqual({ ...fromDisk, file: name });
  });
}

test("odd headings: other adornment characters, underlines too short or long, trailing punctuation", () => {
  const model = fixture("odd-headings.rst");
  expect([model.title, model.source, model.target]).toEqual([
    "YouTrack to PowerOffice GO Dataflow.",
    "YouTrack",
    "PowerOffice GO",
  ]);
  expect(model.introduction).toMatch(/^A generator that adorns with other characters/);
  expect(model.flows.map((flow) => [flow.line, flow.title, flow.kind, flow.target.datatype])).toEqual([
    [12, "YouTrack Users to PowerOffice GO Contactperson.", "merge", "Contactperson"],
    [26, "YouTrack Users to PowerOffice GO Customers person", "sync-all", "Customers person"],
  ]);
  expect(flowAt(model, 12).mergeRules.map((rule) => [rule.source, rule.target])).toEqual([
    ["profile.email.email", "emailAddress"],
  ]);
  expect(warningsOf(model)).toEqual([
    "1: title overline is longer than the title",
    '2: title adorned with "#" where the generator uses "="',
    '2: title ends with "."',
    "3: title underline is longer than the title",
    '7: heading "Introduction:" read as the Introduction',
    '8: headings are underlined with "~" where the generator uses "-"',
    "8: heading underline is shorter than the heading",
    '12: heading "YouTrack Users to PowerOffice GO Contactperson." ends with "."',
    "13: heading underline is longer than the heading",
    '27: heading underlined with "^" where the first heading (line 7) uses "~"',
  ]);
});

test("systems spelled differently in the title, the headings, the statements and the tables", () => {
  const model = fixture("system-spellings.rst");
  expect(model.flows.map((flow) => [flow.line, flow.source, flow.target])).toEqual([
    [12, { system: "YouTrack", datatype: "Users" }, { system: "PowerOfficeGo", datatype: "Contactperson" }],
    [28, { system: "YouTrack", datatype: "Users" }, { system: "PowerOfficeGo", datatype: "Customers person" }],
    [44, { system: "YouTrack", datatype: "Groups" }, { system: "PowerOfficeGo", datatype: "Customers" }],
    [48, { system: "YouTrack", datatype: "Users" }, { system: "PowerOfficeGo", datatype: "Customers company" }],
    [54, { system: "Tripletex", datatype: "Contact" }, { system: "PowerOfficeGo", datatype: "Customers" }],
  ]);
  // Every sentence is recognised, whichever spelling it uses: nothing is left as a note.
  expect(model.flows.every((flow) => flow.notes.length === 0)).toBe(true);
  expect(model.flows.map((flow) => flow.statements.map((statement) => statement.kind))).toEqual([
    ["link-required", "synced-properties"],
    ["sync-all", "synced-properties"],
    ["sync-all"],
    ["sync-all", "created-from"],
    ["sync-all", "created-from"],
  ]);
  expect(flowAt(model, 48).createdFrom).toEqual([
    { via: ["Issue"], system: "YouTrack", into: "PowerOfficeGo", line: 52 },
  ]);
  expect(flowAt(model, 54).createdFrom).toEqual([
    { via: ["Order", "Invoice"], system: "Tripletex", into: "PowerOfficeGo", line: 58 },
  ]);
  expect(warningsOf(model)).toEqual([
    '28: heading "YouTrack Users to PowerOffice Customers person" writes a shortened name for PowerOfficeGo',
    '44: heading "YouTrackYoutrack Groups to Powerofficego Customers" writes a repeated name for YouTrack',
    '48: heading "YouTrack Users to  Customers company" names no system on one side; read as PowerOfficeGo',
    '54: heading "Tripletex Contact to PowerOfficeGo Customers" names Tripletex, which is not one of the title\'s systems',
  ]);
});

test("a title naming one system: flows without a target system, or with the one the heading names", () => {
  const model = fixture("title-without-target.rst");
  expect([model.title, model.source, model.target, model.generated]).toEqual([
    "YouTrack to Dataflow",
    "YouTrack",
    "",
    null,
  ]);
  expect(model.flows.map((flow) => [flow.line, flow.target, flow.syncedProperties.length])).toEqual([
    [10, { system: "", datatype: "Contactperson" }, 1],
    [27, { system: "PowerOfficeGo", datatype: "Customers" }, 1],
  ]);
  expect(warningsOf(model)).toEqual([
    "2: the title names no target system",
    '2: no "Generated:" line: the generation date is unknown',
    '5: heading "Introduction." read as the Introduction',
    "6: heading underline is shorter than the heading",
    '27: heading "YouTrack Users to PowerOfficeGo Customers" names PowerOfficeGo, where the title names none',
  ]);
});

test("odd cells: empty, qualifier-only or trailing-text property cells and empty types are kept as unreadable rows", () => {
  const model = fixture("odd-cells.rst");
  const flow = flowAt(model, 12);
  expect(flow.unreadableRows).toEqual([
    { table: "merge-rule", line: 23, cells: ["", "EmailAddress"], reason: "the YouTrack Users property cell is empty" },
    {
      table: "merge-rule",
      line: 25,
      cells: ["profile.email.email", ""],
      reason: "the PowerOffice GO Customers person property cell is empty",
    },
    {
      table: "merge-rule",
      line: 27,
      cells: ["login", "(Dependant on having NO in MailAddress.CountryCode)"],
      reason:
        'the PowerOffice GO Customers person property "(Dependant on having NO in MailAddress.CountryCode)" has a qualifier and no path',
    },
    {
      table: "merge-rule",
      line: 29,
      cells: ["name (Dependant on X) and more", "Name"],
      reason: 'the YouTrack Users property "name (Dependant on X) and more" has text after its parenthesised qualifier',
    },
    {
      table: "synced-property",
      line: 44,
      cells: ["", "FirstName", '"string"'],
      reason: "the YouTrack Users property cell is empty",
    },
    {
      table: "synced-property",
      line: 47,
      cells: ["profile.email", "EmailAddress", '""'],
      reason: "the data type cell is empty",
    },
  ]);
  expect(flow.mergeRules.map((rule) => [rule.line, rule.source, rule.target])).toEqual([
    [31, "profile.email.email", "EmailAddress"],
  ]);
  expect(
    flow.syncedProperties.map((p) => [p.line, p.source, p.sourceQualifier, p.target, p.targetQualifier, p.targetType]),
  ).toEqual([
    [50, "banned", "Dependant on having NO in country", "IsArchived", "Dependant on having wd:Q703534 in", "boolean"],
    [54, "birthday", null, "DateOfBirth", null, '"datetime-format","%Y-%m-%dT%H:%M:%S","_."]'],
    [57, "age", null, "Age", null, "N/A"],
    [60, "fullName", null, "Name", null, "string"],
  ]);
  const tables = flow.statements.flatMap((statement) =>
    "table" in statement && statement.table ? [statement.table] : [],
  );
  expect(tables).toEqual([
    { kind: "merge-rule", line: 18, rows: [23, 25, 27, 29, 31] },
    { kind: "synced-property", line: 38, rows: [44, 47, 50, 54, 57, 60] },
  ]);
  // A header with no rows is a table of no rows, not an error.
  expect(flowAt(model, 64).statements).toMatchObject([
    { kind: "merge-rules", table: { rows: [] } },
    { kind: "synced-properties", table: { rows: [] } },
  ]);
  expect(warningsOf(model)).toEqual([
    "23: merge-rule row kept as unreadable: the YouTrack Users property cell is empty",
    "26: merge-rule row kept as unreadable: the PowerOffice GO Customers person property cell is empty",
    '28: merge-rule row kept as unreadable: the PowerOffice GO Customers person property "(Dependant on having NO in MailAddress.CountryCode)" has a qualifier and no path',
    '29: merge-rule row kept as unreadable: the YouTrack Users property "name (Dependant on X) and more" has text after its parenthesised qualifier',
    "44: synced-property row kept as unreadable: the YouTrack Users property cell is empty",
    "49: synced-property row kept as unreadable: the data type cell is empty",
    '56: data type of birthday -> DateOfBirth is not quoted: "datetime-format","%Y-%m-%dT%H:%M:%S","_."]',
    "59: data type of age -> Age is N/A: the generator does not know its type",
  ]);
});

test("no Generated line and no Introduction: warnings, null and an empty introduction", () => {
  const model = fixture("no-generated-no-introduction.rst");
  expect(model).toMatchObject({ generated: null, introduction: "", notes: [], flows: [{ line: 5, kind: "merge" }] });
  expect(warningsOf(model)).toEqual([
    '2: no "Generated:" line: the generation date is unknown',
    "5: no Introduction section",
  ]);
});

test("Generated twice or not a date, and a second Introduction: read with warnings, the odd lines kept as notes", () => {
  const twice = read(
    doc().replace("Generated: 2024-11-13 00:00:00", "Generated: 2024-11-13 00:00:00\nGenerated: 2024-11-14 00:00:00"),
  );
  expect(twice).toMatchObject({
    generated: "2024-11-13T00:00:00",
    notes: [{ text: "Generated: 2024-11-14 00:00:00", line: 6 }],
  });
  expect(warningsOf(twice)).toEqual(['6: a second "Generated:" line (the first is at line 5) kept as a note']);

  const invalid = read(doc().replace("2024-11-13 00:00:00", "2024-02-30 00:00:00"));
  expect(invalid).toMatchObject({ generated: null, notes: [{ text: "Generated: 2024-02-30 00:00:00", line: 5 }] });
  expect(warningsOf(invalid)).toEqual([
    '2: no "Generated:" line: the generation date is unknown',
    '5: "Generated: 2024-02-30 00:00:00" is not "Generated: YYYY-MM-DD HH:MM:SS": kept as a note, the date is unknown',
  ]);

  const second = read(doc(...heading("Introduction"), "", "More introduction."));
  expect(second.introduction).toBe("This technical document provides a detailed overview.\n\nMore introduction.");
  expect(warningsOf(second)).toEqual(["12: a second Introduction section (the first is at line 7)"]);
});

test("a title without Dataflow, or with trailing punctuation, still names its two systems", () => {
  const model = read(
    doc().replace(
      /^=+\nYouTrack to PowerOffice GO Dataflow\n=+\n/,
      "==========================\nYouTrack to PowerOffice GO\n==========================\n",
    ),
  );
  expect([model.source, model.target]).toEqual(["YouTrack", "PowerOffice GO"]);
  expect(warningsOf(model)).toEqual(['2: title does not end with "Dataflow"']);
});
