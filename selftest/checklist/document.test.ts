import { test, expect } from "@playwright/test";
import { USERS_TO_CUSTOMERS, doc, heading, read } from "./helpers.ts";

// The document around the flows: how headings split into systems and datatypes, the Introduction, the preamble,
// and repeated or badly underlined headings.

test("headings: either system on either side, multi-word datatypes, 'to' inside a datatype, longest system", () => {
  const model = read(
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

  const nested = read(
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
  const model = read(
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
  const model = read(["=====", "A to B Dataflow", "=====", "", ...heading("A Xs to B Ys")].join("\n"), "x.rst");
  expect(model).toMatchObject({ generated: null, introduction: "", flows: [{ title: "A Xs to B Ys", line: 5 }] });
});

test("a repeated flow heading and a short underline are warnings", () => {
  const text = doc(...heading(USERS_TO_CUSTOMERS), "", USERS_TO_CUSTOMERS, "-----", "");
  const model = read(text, "x.rst");
  expect(model.flows.map((flow) => flow.line)).toEqual([12, 15]);
  expect(model.warnings).toEqual([
    { line: 15, message: `flow "${USERS_TO_CUSTOMERS}" repeats the heading at line 12` },
    { line: 16, message: "heading underline is shorter than the heading" },
  ]);
});

test("headings right under the title or under each other, with no blank line between", () => {
  const model = read(
    [
      "Acme to Beta Dataflow",
      "=====================",
      "Introduction",
      "------------",
      ...heading("Acme Xs to Beta Ys"),
    ].join("\n"),
  );
  expect(model.flows.map((flow) => [flow.line, flow.title])).toEqual([[5, "Acme Xs to Beta Ys"]]);
  expect(model.warnings).toEqual([{ line: 1, message: 'no "Generated:" line: the generation date is unknown' }]);
});
