// The plan: one test per checklist row (and direction), and a reason for every test the harness cannot run.
import { expect, test } from "@playwright/test";
import { loadChecklist } from "../../support/checklist/load.ts";
import { parseChecklist } from "../../support/checklist/parse.ts";
import { buildPlan } from "../../support/plan/index.ts";
import { assertInScope } from "../../support/plan/scope.ts";

const plan = (file: string) => buildPlan([loadChecklist(file)]);
const summary = (file: string) =>
  plan(file).flatMap((flow) =>
    flow.cases.map((c) => `${c.kind}:${c.line}:${c.edited ?? "-"}:${c.skip ? "skip" : "run"}`),
  );

test("the default checklist: every row, direction and statement runs, the customers flow's through the node", () => {
  expect(summary("checklists/youtrack-powerofficego.rst")).toEqual([
    "merge-links:23:-:run",
    "merge-no-link:23:-:run",
    "link-survives:23:source:run",
    "link-survives:23:target:run",
    "synced:36:source:run",
    "values:36:source:run",
    "synced:36:target:run",
    "values:36:target:run",
    "synced:39:source:run",
    "values:39:source:run",
    "synced:39:target:run",
    "values:39:target:run",
    "newest-wins:36:source:run",
    "newest-wins:36:target:run",
    "empty-keeps:36:source:run",
    "empty-keeps:36:target:run",
    "keeps-in-sync:26:-:run",
    "merge-links:55:-:run",
    "merge-no-link:55:-:run",
    "link-survives:55:source:run",
    "link-survives:55:target:run",
  ]);
  const [contact, customers] = plan("checklists/youtrack-powerofficego.rst");
  // No synced row: the link is seen only where the node keeps it; "keeps in sync" is the link holding.
  const survives = customers?.cases.find((c) => c.kind === "link-survives");
  expect(survives && survives.skip === null && "observe" in survives ? survives.observe : "?").toBeNull();
  expect(survives?.ticks).toEqual([55, 58]);
  const sequence = contact?.cases.find((c) => c.kind === "keeps-in-sync");
  expect(sequence?.ticks).toEqual([26, 36, 39]);
  expect(
    sequence && sequence.skip === null && sequence.kind === "keeps-in-sync"
      ? sequence.steps.map((s) => `${s.side}:${s.row.row.line}`)
      : [],
  ).toEqual(["source:36", "target:39", "source:36"]);
  expect(contact?.cases.find((c) => c.kind === "merge-links")?.ticks).toEqual([23, 14]);
});

test("every generation of the default document plans without a skipped case", () => {
  for (const file of [
    "checklists/youtrack-powerofficego.2024-11-13.rst",
    "checklists/youtrack-powerofficego.2023-11-20.rst",
  ]) {
    const cases = plan(file).flatMap((flow) => flow.cases);
    expect(
      cases.filter((c) => c.skip !== null).map((c) => `${c.line}: ${c.skip}`),
      file,
    ).toEqual([]);
    expect(cases.length, file).toBeGreaterThan(0);
  }
});

test("the companion document: unmapped rows and flows without adapters are skipped with their reason", () => {
  const flows = plan("checklists/powerofficego-youtrack.rst");
  expect(flows).toHaveLength(5);
  const reasons = flows.flatMap((flow) => flow.cases.filter((c) => c.skip).map((c) => `${c.line}: ${c.skip}`));
  expect(reasons).toContain(
    "42: no mapping for poweroffice contactperson property residenceCountryCode (mapped: Id, ContactId, FirstName, LastName, EmailAddress, PhoneNumber, Title, ExternalCode, IsActive)",
  );
  expect(reasons.some((reason) => reason.startsWith("79: no adapter for Youtrack Groups"))).toBe(true);
  expect(flows[4]?.cases.map((c) => c.kind)).toEqual(["flow"]);
  const ids = flows.flatMap((flow) => flow.cases.map((c) => c.id));
  expect(new Set(ids).size).toBe(ids.length);
});

test("conditional rows, unknown data types, one-way flows and read-only properties are skipped with reasons", () => {
  const doc = `=====================================
YouTrack to PowerOffice GO Dataflow
=====================================

YouTrack Users to PowerOffice GO Contactperson
----------------------------------------------
Before any synchronization can take place, a link between a YouTrack Users and a PowerOffice GO Contactperson must be established.

A YouTrack Users will merge with a PowerOffice GO Contactperson if one of the following property combinations match:

.. list-table::
   :header-rows: 1

   * - YouTrack Users Property
     - PowerOffice GO Contactperson Property
   * - profile.email.email
     - emailAddress

The following properties are synchronized between a YouTrack Users and a PowerOffice GO Contactperson:

.. list-table::
   :header-rows: 1

   * - YouTrack Users Property
     - PowerOffice GO Contactperson Property
     - PowerOffice GO Data Type
   * - name (Dependant on having NO in country)
     - Title
     - "string"
   * - login
     - Title
     - N/A
   * - name
     - Id
     - "integer"
`;
  const [flow] = buildPlan([parseChecklist(doc, "inline.rst")]);
  const synced = flow?.cases.filter((c) => c.kind === "synced") ?? [];
  expect(synced.map((c) => c.skip)).toEqual([
    'conditional row ("Dependant on having NO in country"): the harness does not set up the condition',
    'conditional row ("Dependant on having NO in country"): the harness does not set up the condition',
    "data type N/A: the document does not say how to compare the values",
    "data type N/A: the document does not say how to compare the values",
    "PowerOffice GO Contactperson Id is assigned by the server: no sync can write it",
    'YouTrack Users to PowerOffice GO Contactperson is not stated to sync both ways ("regardless of where it is edited" is absent)',
  ]);
});

test("a document about a system without any adapter is refused in one line", () => {
  expect(() => assertInScope(loadChecklist("checklists/tripletex-powerofficego.rst"))).toThrow(
    'checklists/tripletex-powerofficego.rst:1: "Tripletex to Powerofficego Dataflow" is about Tripletex, which the harness has no adapter for (it tests YouTrack and PowerOffice Go)',
  );
  expect(() => assertInScope(loadChecklist("checklists/youtrack-powerofficego.2024-11-13.rst"))).not.toThrow();
});
