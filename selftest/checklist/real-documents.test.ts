import { test, expect } from "@playwright/test";
import { ChecklistSchema, type Checklist } from "../../support/checklist/model.ts";
import { loadChecklist } from "../../support/checklist/load.ts";
import { tableRows } from "../../support/checklist/views.ts";
import { REAL_DOCUMENTS, REPO, read, readRepoFile } from "./helpers.ts";
import { modelProblems } from "./schema.ts";

// The five real documents against models checked in under expected/ (each value reviewed against the document),
// plus the facts the rest of the harness relies on, spelled out so a wrong expected file cannot hide them.

function parseReal(name: string): Checklist {
  const file = `checklists/${name}.rst`;
  return read(readRepoFile(file), file);
}

function expected(name: string): Checklist {
  return ChecklistSchema.parse(JSON.parse(readRepoFile(`selftest/checklist/expected/${name}.json`)));
}

for (const name of REAL_DOCUMENTS) {
  test(`${name}.rst parses to the expected model`, () => {
    expect(parseReal(name)).toEqual(expected(name));
  });
}

test("loadChecklist reads a real document from disk like parseChecklist", () => {
  const model = loadChecklist(`${REPO}checklists/youtrack-powerofficego.rst`);
  expect(modelProblems(model)).toEqual([]);
  expect(model).toEqual({
    ...expected("youtrack-powerofficego"),
    file: `${REPO}checklists/youtrack-powerofficego.rst`,
  });
});

test("youtrack-powerofficego.rst: Users -> Contactperson and Users -> Customers person", () => {
  const model = parseReal("youtrack-powerofficego");
  expect(model.title).toBe("YouTrack to Powerofficego Dataflow");
  expect(model.generated).toBe("2024-07-22T00:00:01");
  expect([model.source, model.target]).toEqual(["YouTrack", "Powerofficego"]);
  expect(model.flows.map((flow) => flow.title)).toEqual([
    "YouTrack Users to Powerofficego Contactperson",
    "YouTrack Users to Powerofficego Customers person",
  ]);
  const [contact, person] = model.flows;
  expect(contact?.mergeRules).toEqual([
    { source: "profile.email.email", sourceQualifier: null, target: "emailAddress", targetQualifier: null, line: 23 },
  ]);
  expect(contact?.syncedProperties.map((p) => [p.source, p.target, p.targetType, p.line])).toEqual([
    ["profile.email", "emailAddress", "string", 36],
    ["profile.email.email", "emailAddress", "string", 39],
  ]);
  expect(person?.target).toEqual({ system: "Powerofficego", datatype: "Customers person" });
  expect(person?.mergeRules.map((rule) => [rule.source, rule.target, rule.line])).toEqual([
    ["profile.email.email", "EmailAddress", 55],
  ]);
  expect(person?.syncedProperties).toEqual([]);
  for (const flow of model.flows) {
    expect(flow).toMatchObject({ kind: "merge", linkRequired: true, bidirectional: true, syncAll: false });
  }
  expect(model.warnings).toEqual([]);
});

test("the 2023-11-20 generation: Introduction. with a short underline, one flow, an empty merge-rule cell", () => {
  const model = parseReal("youtrack-powerofficego.2023-11-20");
  expect([model.title, model.source, model.target, model.generated]).toEqual([
    "YouTrack to PowerOfficeGo Dataflow",
    "YouTrack",
    "PowerOfficeGo",
    "2023-11-20T15:21:11",
  ]);
  expect(model.introduction).toMatch(/^This technical document provides a detailed overview .* is prohibited\.$/);
  expect(model.flows).toHaveLength(1);
  const [flow] = model.flows;
  expect(flow).toMatchObject({
    title: "YouTrack Users to PowerOfficeGo Contactperson",
    kind: "merge",
    linkRequired: true,
    bidirectional: true,
    target: { system: "PowerOfficeGo", datatype: "Contactperson" },
    notes: [],
  });
  // The row with the empty cell is kept (line 23), outside mergeRules, with why it names no rule.
  expect(flow?.unreadableRows).toEqual([
    { table: "merge-rule", line: 23, cells: ["", "emailAddress"], reason: "the YouTrack Users property cell is empty" },
  ]);
  expect(flow?.mergeRules.map((rule) => [rule.source, rule.target, rule.line])).toEqual([
    ["profile.email", "emailAddress", 25],
    ["profile.email.email", "emailAddress", 27],
  ]);
  expect(flow?.syncedProperties.map((p) => [p.source, p.target, p.targetType, p.line])).toEqual([
    ["profile.email", "emailAddress", "string", 40],
    ["profile.email.email", "emailAddress", "string", 43],
  ]);
  expect(flow?.statements.map((statement) => [statement.line, statement.kind])).toEqual([
    [14, "link-required"],
    [16, "merge-rules"],
    [30, "bidirectional"],
    [32, "synced-properties"],
  ]);
  const mergeTable = flow?.statements[1];
  expect(mergeTable && "table" in mergeTable ? mergeTable.table : null).toEqual({
    kind: "merge-rule",
    line: 18,
    rows: [23, 25, 27],
  });
  if (flow && mergeTable && "table" in mergeTable && mergeTable.table) {
    expect(tableRows(flow, mergeTable.table).map((row) => row.kind)).toEqual([
      "unreadable",
      "merge-rule",
      "merge-rule",
    ]);
  }
  expect(model.warnings).toEqual([
    { line: 7, message: 'heading "Introduction." read as the Introduction' },
    { line: 8, message: "heading underline is shorter than the heading" },
    { line: 23, message: "merge-rule row kept as unreadable: the YouTrack Users property cell is empty" },
  ]);
});

test("every real document: one statement per sentence, in order, each table row listed once", () => {
  for (const name of REAL_DOCUMENTS) {
    const text = readRepoFile(`checklists/${name}.rst`);
    const model = parseReal(name);
    const lines = text.split(/\r\n|\n/);
    for (const flow of model.flows) {
      for (const statement of flow.statements) {
        // The statement's text is its line, whitespace-collapsed.
        expect(statement.text).toBe((lines[statement.line - 1] ?? "").replace(/\s+/g, " ").trim());
      }
    }
    // Every non-blank, non-table line after the title block and outside the Introduction is a statement, a
    // heading, or an underline: nothing in a flow section is left out of its statements.
    const stated = new Set(model.flows.flatMap((flow) => flow.statements.map((statement) => statement.line)));
    const headings = new Set(model.flows.flatMap((flow) => [flow.line, flow.line + 1]));
    const firstFlow = model.flows[0]?.line ?? lines.length;
    lines.forEach((line, i) => {
      const number = i + 1;
      if (number < firstFlow || line.trim() === "" || line.startsWith(" ") || line.startsWith(".. list-table::"))
        return;
      expect(stated.has(number) || headings.has(number), `${name}:${number}: ${line}`).toBe(true);
    });
  }
});

test("the 2024-11-13 generation uses PowerOffice GO and Customers, with empty synced-property tables", () => {
  const model = parseReal("youtrack-powerofficego.2024-11-13");
  expect(model.target).toBe("PowerOffice GO");
  expect(model.flows.map((flow) => [flow.title, flow.target.system, flow.target.datatype])).toEqual([
    ["YouTrack Users to PowerOffice GO Contactperson", "PowerOffice GO", "Contactperson"],
    ["YouTrack Users to PowerOffice GO Customers", "PowerOffice GO", "Customers"],
  ]);
  expect(model.flows.map((flow) => flow.mergeRules.length)).toEqual([1, 1]);
  expect(model.flows.map((flow) => flow.syncedProperties.length)).toEqual([0, 0]);
});

test("powerofficego-youtrack.rst has its 5 flows, sync-all ones and nested paths", () => {
  const model = parseReal("powerofficego-youtrack");
  expect([model.source, model.target]).toEqual(["Powerofficego", "Youtrack"]);
  expect(
    model.flows.map((flow) => [flow.title, flow.kind, flow.mergeRules.length, flow.syncedProperties.length]),
  ).toEqual([
    ["Powerofficego Contactperson to Youtrack Users", "merge", 1, 3],
    ["Powerofficego Customers person to Youtrack Users", "merge", 1, 2],
    ["Powerofficego Customers to Youtrack Groups", "sync-all", 0, 1],
    ["Powerofficego Departments to Youtrack Groups", "sync-all", 0, 1],
    ["Powerofficego Projects to Youtrack Hubprojects", "sync-all", 0, 0],
  ]);
  expect(model.flows[1]?.syncedProperties[1]).toEqual({
    source: "MailAddress.CountryCode",
    sourceQualifier: null,
    target: "userType.id",
    targetQualifier: null,
    targetType: "string",
    line: 74,
  });
});

test("tripletex-powerofficego.rst: creation statements, conditions, qualifiers and N/A types", () => {
  const model = parseReal("tripletex-powerofficego");
  expect(model.flows).toHaveLength(18);
  const byTitle = new Map(model.flows.map((flow) => [flow.title, flow]));

  expect(byTitle.get("Tripletex Customer to Powerofficego Customers person")?.createdFrom).toEqual([
    {
      via: ["Order", "Contact", "Invoice", "Project", "Customer", "Employee", "Orderline", "Customer-person"],
      system: "Tripletex",
      into: "Powerofficego",
      line: 393,
    },
  ]);
  expect(byTitle.get("Tripletex Customer to Powerofficego Contactperson")?.createdFrom).toEqual([
    { via: ["Order"], system: "Tripletex", into: "Powerofficego", line: 375 },
  ]);

  const customers = byTitle.get("Tripletex Customer to Powerofficego Customers");
  expect(customers?.kind).toBe("conditional");
  expect(customers?.conditions).toEqual([
    { text: "removed person customers for now until that pattern is resolved", line: 678 },
  ]);
  expect(customers).toMatchObject({ mergeIfMatch: true, createIfNoMatch: true, linkRequired: false, syncAll: false });
  expect(byTitle.get("Tripletex Product to Powerofficego Product")?.conditions).toEqual([
    {
      text: "preliminary mapping until we can sort out suppliers. This removes all supplier products for now",
      line: 1034,
    },
  ]);

  const employee = byTitle.get("Tripletex Employee to Powerofficego Contactperson");
  expect(employee?.syncedProperties.find((p) => p.line === 176)).toEqual({
    source: "department.id",
    sourceQualifier: "Dependant on having wd:Q703534 in",
    target: "partyId",
    targetQualifier: null,
    targetType: "integer",
    line: 176,
  });
  expect(employee?.syncedProperties.find((p) => p.line === 173)?.targetType).toBe("N/A");
  expect(employee?.mergeRules.map((rule) => [rule.source, rule.target])).toEqual([
    ["email", "emailAddress"],
    ["nationalIdentityNumber", "SocialSecurityNumber"],
  ]);

  expect(model.warnings.map((warning) => warning.line)).toEqual([175, 237, 640, 886, 993, 1017, 1020]);
  expect(model.warnings[0]?.message).toBe(
    "data type of dateOfBirth -> dateOfBirth is N/A: the generator does not know its type",
  );
  expect(model.flows.every((flow) => flow.notes.length === 0)).toBe(true);
  expect(model.flows.map((flow) => flow.kind)).toEqual([
    ...Array<string>(8).fill("merge"),
    "sync-all",
    "sync-all",
    "sync-all",
    "conditional",
    "sync-all",
    "sync-all",
    "sync-all",
    "sync-all",
    "conditional",
    "sync-all",
  ]);
});

test("the Introduction is kept as prose, not as a note", () => {
  const model = parseReal("youtrack-powerofficego");
  expect(model.introduction).toMatch(/^This technical document provides a detailed overview .* is prohibited\.$/);
  expect(model.notes).toEqual([]);
});

for (const name of REAL_DOCUMENTS) {
  test(`${name}.rst gives the same model with LF, CRLF, a BOM, or lone CRs`, () => {
    const original = readRepoFile(`checklists/${name}.rst`);
    const lf = original.replace(/\r\n/g, "\n");
    const crlf = lf.replace(/\n/g, "\r\n");
    const variants = [lf, crlf, `\uFEFF${lf}`, `\uFEFF${crlf}`, lf.replace(/\n/g, "\r")];
    expect(original.includes("\r\n")).toBe(name !== "youtrack-powerofficego");
    const models = variants.map((text) => read(text, "same.rst"));
    for (const model of models) expect(model).toEqual(models[0]);
    expect(models[0]?.flows.length).toBeGreaterThan(0);
  });
}
