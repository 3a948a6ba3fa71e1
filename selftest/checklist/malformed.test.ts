import { test, expect } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { ChecklistError } from "../../support/checklist/errors.ts";
import { loadChecklist } from "../../support/checklist/load.ts";
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
  parseError,
  readRepoFile,
} from "./helpers.ts";

// Every malformed case: one ChecklistError (never a model) whose message is `file:line: what`.

function expectError(text: string, line: number, what: string): void {
  const error = parseError(text, "checklists/x.rst");
  expect(error.message).toBe(`checklists/x.rst:${line}: ${what}`);
  expect([error.file, error.line, error.reason]).toEqual(["checklists/x.rst", line, what]);
}

function mergeFlow(...rows: string[][]): string {
  return doc(...heading(USERS_TO_CUSTOMERS), MERGE_INTRO, "", ...listTable(...rows));
}

function syncedFlow(...rows: string[][]): string {
  return doc(...heading(USERS_TO_CUSTOMERS), SYNCED_INTRO, "", ...listTable(...rows));
}

test("the issue's example: a synced-property row with 2 cells, at line 41 of the real document", () => {
  const lines = readRepoFile("checklists/youtrack-powerofficego.rst").split("\n");
  expect(lines[40]).toBe('     - "string"'); // the type of the row at line 39
  lines.splice(40, 1);
  lines.splice(29, 0, "", ""); // two more blank lines before the table: that row is now at line 41
  const error = parseError(lines.join("\n"), "checklists/x.rst");
  expect(error).toBeInstanceOf(ChecklistError);
  expect(error.message).toBe("checklists/x.rst:41: synced-property row has 2 cells, expected 3");
});

test("empty and blank documents", () => {
  expectError("", 1, "file is empty");
  expectError("\uFEFF", 1, "file is empty");
  expectError("\r\n  \n\t\n", 1, "file is empty");
});

test("no title", () => {
  const what = 'no title: the document must start with "<System> to <System> Dataflow" over- and underlined with "="';
  expectError("\nIntroduction\n------------\n", 2, what);
  expectError("YouTrack to PowerOffice GO Dataflow\n\nGenerated: 2024-11-13 00:00:00\n", 1, what);
  expectError("=====\n\n=====\n", 1, what);
});

test("a title not naming two systems joined by one 'to'", () => {
  expectError("====\nYouTrack Dataflow\n====\n", 2, 'title "YouTrack Dataflow" is not "<System> to <System> Dataflow"');
  expectError(
    "====\nA to B to C Dataflow\n====\n",
    2,
    'title "A to B to C Dataflow" is not "<System> to <System> Dataflow"',
  );
  expectError("====\nto Dataflow\n====\n", 2, 'title "to Dataflow" is not "<System> to <System> Dataflow"');
});

test("a row with the wrong number of cells, in either table", () => {
  const merge = mergeFlow(MERGE_HEADER, ["profile.email.email", "EmailAddress", '"string"']);
  expectError(merge, lineOf(merge, "* - profile.email.email"), "merge-rule row has 3 cells, expected 2");
  const mergeShort = mergeFlow(MERGE_HEADER, ["profile.email.email"]);
  expectError(mergeShort, lineOf(mergeShort, "* - profile.email.email"), "merge-rule row has 1 cells, expected 2");
  const synced = syncedFlow(SYNCED_HEADER, ["profile.email", "EmailAddress"]);
  expectError(synced, lineOf(synced, "* - profile.email"), "synced-property row has 2 cells, expected 3");
});

test("a header that does not name its columns", () => {
  const wrongSource = mergeFlow(["YouTrack Groups Property", MERGE_HEADER[1] ?? ""]);
  expectError(
    wrongSource,
    lineOf(wrongSource, "* - YouTrack Groups Property"),
    'merge-rule header cell 1 is "YouTrack Groups Property", expected "YouTrack Users Property"',
  );
  const wrongType = syncedFlow([...MERGE_HEADER, "YouTrack Data Type"]);
  expectError(
    wrongType,
    lineOf(wrongType, "- YouTrack Data Type"),
    'synced-property header cell 3 is "YouTrack Data Type", expected "PowerOffice GO Data Type"',
  );
  const missingType = syncedFlow(MERGE_HEADER);
  expectError(
    missingType,
    lineOf(missingType, "* - YouTrack Users Property"),
    "synced-property header row has 2 cells, expected 3",
  );
  const noWordProperty = mergeFlow(["YouTrack Users", "PowerOffice GO Customers person"]);
  expectError(
    noWordProperty,
    lineOf(noWordProperty, "* - YouTrack Users"),
    'merge-rule header cell 1 is "YouTrack Users", expected "YouTrack Users Property"',
  );
});

test("a table outside any flow: in the Introduction, or before the first section", () => {
  const inIntroduction = doc(MERGE_INTRO, "", ...listTable(MERGE_HEADER));
  expectError(inIntroduction, lineOf(inIntroduction, ".. list-table::"), "list-table outside any flow");
  const beforeSections = ["=====", "A to B Dataflow", "=====", "", ...listTable(["A X Property", "B Y Property"])].join(
    "\n",
  );
  expectError(beforeSections, 5, "list-table outside any flow");
});

test("a table with no statement introducing it", () => {
  const what =
    'list-table with no statement introducing it ("... will merge with ... match:" or "The following properties are synchronized between ...:")';
  const bare = doc(...heading(USERS_TO_CUSTOMERS), ...listTable(MERGE_HEADER));
  expectError(bare, lineOf(bare, ".. list-table::"), what);
  const afterOther = doc(
    ...heading(USERS_TO_CUSTOMERS),
    MERGE_INTRO,
    "",
    "Some prose.",
    "",
    ...listTable(MERGE_HEADER),
  );
  expectError(afterOther, lineOf(afterOther, ".. list-table::"), what);
  const twoTables = doc(
    ...heading(USERS_TO_CUSTOMERS),
    MERGE_INTRO,
    "",
    ...listTable(MERGE_HEADER),
    ...listTable(MERGE_HEADER),
  );
  expectError(twoTables, lineOf(twoTables, ".. list-table::", 2), what);
});

test("a heading that cannot be split, or splits more than one way", () => {
  const systems = `"<System> <Datatype> to <System> <Datatype>" with the title's systems (YouTrack, PowerOffice GO)`;
  // Neither side names a system of the title (one side may: slips.test.ts).
  expectError(
    doc(...heading("Tripletex Users to Visma Customers")),
    12,
    `heading "Tripletex Users to Visma Customers" cannot be split into ${systems}`,
  );
  expectError(
    doc(...heading("YouTrack to PowerOffice GO Customers")),
    12,
    `heading "YouTrack to PowerOffice GO Customers" cannot be split into ${systems}`,
  );
  expectError(
    doc(...heading("YouTrack Users and groups")),
    12,
    `heading "YouTrack Users and groups" cannot be split into ${systems}`,
  );
  expectError(
    doc(...heading("YouTrack A to YouTrack B to YouTrack C")),
    12,
    `heading "YouTrack A to YouTrack B to YouTrack C" splits into ${systems} in more than one way`,
  );
});

test("list-table structure: header-rows, rows, stray text", () => {
  const noHeaderRows = doc(
    ...heading(USERS_TO_CUSTOMERS),
    MERGE_INTRO,
    "",
    ".. list-table::",
    "",
    `   * - ${MERGE_HEADER[0]}`,
    `     - ${MERGE_HEADER[1]}`,
  );
  expectError(noHeaderRows, lineOf(noHeaderRows, ".. list-table::"), 'list-table without ":header-rows: 1"');
  const twoHeaderRows = doc(
    ...heading(USERS_TO_CUSTOMERS),
    MERGE_INTRO,
    "",
    ".. list-table::",
    "   :header-rows: 2",
    "",
  );
  expectError(twoHeaderRows, lineOf(twoHeaderRows, ".. list-table::"), 'list-table has ":header-rows: 2", expected 1');
  const noRows = doc(
    ...heading(USERS_TO_CUSTOMERS),
    MERGE_INTRO,
    "",
    ".. list-table::",
    "   :header-rows: 1",
    "",
    "After.",
  );
  expectError(noRows, lineOf(noRows, ".. list-table::"), "list-table has no header row");
  const stray = doc(
    ...heading(USERS_TO_CUSTOMERS),
    MERGE_INTRO,
    "",
    ...listTable(MERGE_HEADER).slice(0, -1),
    "   stray text",
  );
  expectError(stray, lineOf(stray, "stray text"), 'unexpected text in list-table: "stray text"');
  const bullet = doc(
    ...heading(USERS_TO_CUSTOMERS),
    MERGE_INTRO,
    "",
    ".. list-table::",
    "   :header-rows: 1",
    "",
    "   * YouTrack Users Property",
  );
  expectError(
    bullet,
    lineOf(bullet, "* YouTrack"),
    'list-table row does not start with "* -": "* YouTrack Users Property"',
  );
  const orphanCell = doc(
    ...heading(USERS_TO_CUSTOMERS),
    MERGE_INTRO,
    "",
    ".. list-table::",
    "   :header-rows: 1",
    "",
    "   - YouTrack Users Property",
  );
  expectError(orphanCell, lineOf(orphanCell, "- YouTrack"), "list-table cell before any `* -` row");
  const badOption = doc(...heading(USERS_TO_CUSTOMERS), MERGE_INTRO, "", ".. list-table::", "   :header-rows 1");
  expectError(badOption, lineOf(badOption, ":header-rows"), 'malformed list-table option ":header-rows 1"');
});

test("a second title", () => {
  const two = `${doc()}${doc()}`;
  expectError(
    two,
    lineOf(two, "YouTrack to PowerOffice GO Dataflow", 2),
    "a second title: one file holds one dataflow document",
  );
});

test("loadChecklist: empty and binary files are errors naming the file at line 1", () => {
  const dir = test.info().outputPath();
  const cases: [string, Uint8Array, string][] = [
    ["empty.rst", new Uint8Array(), "file is empty"],
    ["nul.rst", Buffer.from("=====\nA to B Dataflow\u0000\n=====\n", "utf8"), "binary file: it contains NUL bytes"],
    ["latin1.rst", Buffer.from([0x3d, 0x0a, 0x41, 0xe9, 0x0a]), "binary file: it is not valid UTF-8"],
    [
      "png.rst",
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      "binary file: it contains NUL bytes",
    ],
  ];
  for (const [name, bytes, what] of cases) {
    const path = `${dir}/${name}`;
    writeFileSync(path, bytes);
    let caught: unknown = null;
    try {
      loadChecklist(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ChecklistError);
    expect((caught as ChecklistError).message).toBe(`${path}:1: ${what}`);
  }
});

test("loadChecklist: a missing file is the file system's error, not a ChecklistError", () => {
  expect(() => loadChecklist(`${test.info().outputPath()}/missing.rst`)).toThrow(
    expect.objectContaining({ code: "ENOENT" }),
  );
});

test("a table announced by a statement about other datatypes is read, and its header names the mismatch", () => {
  const text = doc(
    ...heading(USERS_TO_CUSTOMERS),
    "The following properties are synchronized between a YouTrack Groups and a PowerOffice GO Customers person:",
    "",
    ...listTable(["YouTrack Groups Property", "PowerOffice GO Customers person Property", "PowerOffice GO Data Type"]),
  );
  expectError(
    text,
    lineOf(text, "* - YouTrack Groups Property"),
    'synced-property header cell 1 is "YouTrack Groups Property", expected "YouTrack Users Property"',
  );
});
