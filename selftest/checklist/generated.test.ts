import { test, expect } from "@playwright/test";
import { generateChecklist } from "./generate.ts";
import { read } from "./helpers.ts";

// Documents written from the grammar (the benchmark's input) parse to what the generator put in them: the parser
// works for the family of documents, not only the four real ones.

test("a generated 1,000-flow document parses to the flows, kinds, rows and warnings it was written with", () => {
  const { text, flows } = generateChecklist(1_000);
  const model = read(text, "generated.rst");
  expect(model).toMatchObject({ source: "Acme CRM", target: "PowerOffice GO", generated: "2025-01-31T12:34:56" });
  expect(
    model.flows.map((flow, i) => ({
      title: flow.title,
      kind: flow.kind,
      mergeRules: flow.mergeRules.length,
      syncedProperties: flow.syncedProperties.length,
      naTypes: flow.syncedProperties.filter((p) => p.targetType === "N/A").length,
      unreadableRows: flow.unreadableRows.length,
      warnings: model.warnings.filter((w) => w.line >= flow.line && w.line < (model.flows[i + 1]?.line ?? Infinity))
        .length,
    })),
  ).toEqual(flows);
  expect(model.flows.every((flow) => flow.notes.length === 0 && flow.bidirectional)).toBe(true);
  expect(
    model.flows.every((flow) => flow.source.system === "Acme CRM" && flow.target.system === "PowerOffice GO"),
  ).toBe(true);
  expect(model.warnings).toHaveLength(flows.reduce((sum, flow) => sum + flow.naTypes, 0));
  expect(model.flows[2]?.createdFrom).toEqual([
    { via: ["Order", "Invoice", "Order line"], system: "Acme CRM", into: "PowerOffice GO", line: expect.any(Number) },
  ]);
  expect(model.flows[3]?.conditions[0]?.text).toBe("records with a number, set by a rule in the pipe");
  expect(model.flows[0]?.syncedProperties[1]?.sourceQualifier).toBe(
    "Dependant on having NO in MailAddress.CountryCode",
  );
});

test("a generated 1,000-flow document of an older, sloppier generation reads the same flows, with a warning per slip", () => {
  const { text, flows } = generateChecklist(1_000, "\r\n", { slips: true });
  const model = read(text, "generated.rst");
  expect(
    model.flows.map((flow, i) => ({
      title: flow.title,
      kind: flow.kind,
      mergeRules: flow.mergeRules.length,
      syncedProperties: flow.syncedProperties.length,
      naTypes: flow.syncedProperties.filter((p) => p.targetType === "N/A").length,
      unreadableRows: flow.unreadableRows.length,
      warnings: model.warnings.filter((w) => w.line >= flow.line && w.line < (model.flows[i + 1]?.line ?? Infinity))
        .length,
    })),
  ).toEqual(flows);
  expect(model.flows.every((flow) => flow.target.system === "PowerOffice GO" && flow.notes.length === 0)).toBe(true);
  expect(model.warnings.slice(0, 2).map((w) => w.message)).toEqual([
    'heading "Introduction." read as the Introduction',
    "heading underline is shorter than the heading",
  ]);
  expect(model.warnings).toHaveLength(2 + flows.reduce((sum, flow) => sum + flow.warnings, 0));
});

test("a generated document gives the same model with LF and CRLF", () => {
  const lf = read(generateChecklist(200, "\n").text, "g.rst");
  const crlf = read(generateChecklist(200, "\r\n").text, "g.rst");
  expect(crlf).toEqual(lf);
});
