import { test, expect } from "@playwright/test";
import { parseChecklist } from "../../support/checklist/parse.ts";
import { generateChecklist } from "./generate.ts";

// Documents written from the grammar (the benchmark's input) parse to what the generator put in them: the parser
// works for the family of documents, not only the four real ones.

test("a generated 1,000-flow document parses to the flows, kinds, rows and warnings it was written with", () => {
  const { text, flows } = generateChecklist(1_000);
  const model = parseChecklist(text, "generated.rst");
  expect(model).toMatchObject({ source: "Acme CRM", target: "PowerOffice GO", generated: "2025-01-31T12:34:56" });
  expect(
    model.flows.map((flow) => ({
      title: flow.title,
      kind: flow.kind,
      mergeRules: flow.mergeRules.length,
      syncedProperties: flow.syncedProperties.length,
      naTypes: flow.syncedProperties.filter((p) => p.targetType === "N/A").length,
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

test("a generated document gives the same model with LF and CRLF", () => {
  const lf = parseChecklist(generateChecklist(200, "\n").text, "g.rst");
  const crlf = parseChecklist(generateChecklist(200, "\r\n").text, "g.rst");
  expect(crlf).toEqual(lf);
});
