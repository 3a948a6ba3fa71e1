import { test, expect } from "@playwright/test";
import type { Flow } from "../../support/checklist/model.ts";
import { parseChecklist } from "../../support/checklist/parse.ts";
import { formatChecklistSummary, untestableReasons } from "../../support/checklist/summary.ts";
import { readRepoFile } from "./helpers.ts";

// What the summary says is not testable, from the document alone, and the hook the harness uses to add more.

const tripletex = parseChecklist(readRepoFile("checklists/tripletex-powerofficego.rst"), "t.rst");

function flow(title: string): Flow {
  const found = tripletex.flows.find((candidate) => candidate.title === title);
  if (!found) throw new Error(`no flow "${title}"`);
  return found;
}

test("reasons the document shows: no synced property, no merge rule, creation, condition", () => {
  expect(untestableReasons(flow("Tripletex Contact to Powerofficego Customers"))).toEqual([
    "link not observable: no synced property to edit",
    "no merge rule: the required link cannot be established by matching properties",
    "line 357: creation needs a connected Tripletex Order, Invoice, Orderline synchronized into Powerofficego",
  ]);
  expect(untestableReasons(flow("Tripletex Product to Powerofficego Product"))).toContain(
    'line 1034: synchronized only under a free-text condition: "preliminary mapping until we can sort out suppliers. This removes all supplier products for now"',
  );
  expect(untestableReasons(flow("Tripletex Customer person to Powerofficego Contactperson"))).toEqual([]);
});

test("reasons per row: N/A types and qualifiers on either side", () => {
  expect(untestableReasons(flow("Tripletex Employee to Powerofficego Employees"))).toEqual([
    "line 884: dateOfBirth -> DateOfBirth has data type N/A: no known type to write or compare",
    'line 893: synced property department.id depends on "Dependant on having wd:Q2366457 in Dependant on having wd:Q2366457 in", a condition the checklist does not define',
    'line 893: synced property DepartmentId depends on "Dependant on having wd:Q703534 in JobTitle", a condition the checklist does not define',
    'line 896: synced property department.id depends on "Dependant on having wd:Q29415466 in Dependant on having wd:Q29415466 in Dependant on having wd:Q29415492 in", a condition the checklist does not define',
  ]);
});

test("the summary lists each flow with kind, rules, properties and reasons, plus the caller's own reasons", () => {
  const model = parseChecklist(
    readRepoFile("checklists/youtrack-powerofficego.rst"),
    "checklists/youtrack-powerofficego.rst",
  );
  const summary = formatChecklistSummary(model, (f) =>
    f.target.datatype === "Contactperson" ? ["adapter: no contact-person API"] : [],
  );
  expect(summary).toBe(
    [
      "checklists/youtrack-powerofficego.rst: YouTrack to Powerofficego Dataflow, generated 2024-07-22T00:00:01",
      "  2 flows, 0 warnings",
      "",
      "Flow 1: YouTrack Users to Powerofficego Contactperson (line 12)",
      "  kind: merge (nothing syncs until a link is established)",
      "  says: link required; kept in sync both ways",
      "  merge rules: 1",
      "    line 23: profile.email.email = emailAddress",
      "  synced properties: 2",
      "    line 36: profile.email -> emailAddress (string)",
      "    line 39: profile.email.email -> emailAddress (string)",
      "  not testable:",
      "    - adapter: no contact-person API",
      "",
      "Flow 2: YouTrack Users to Powerofficego Customers person (line 44)",
      "  kind: merge (nothing syncs until a link is established)",
      "  says: link required; kept in sync both ways",
      "  merge rules: 1",
      "    line 55: profile.email.email = EmailAddress",
      "  synced properties: none",
      "  not testable:",
      "    - link not observable: no synced property to edit",
      "",
    ].join("\n"),
  );
});

test("the summary shows creation statements, conditions, qualifiers and the other kinds", () => {
  const summary = formatChecklistSummary(tripletex);
  expect(summary).toContain(
    "  created from, line 375: when connected to a Tripletex Order synchronized into Powerofficego",
  );
  expect(summary).toContain("  condition, line 678: removed person customers for now until that pattern is resolved");
  expect(summary).toContain("    line 176: department.id (Dependant on having wd:Q703534 in) -> partyId (integer)");
  expect(summary).toContain("  kind: sync-all (every source record gets a linked target)");
  expect(summary).toContain("  kind: conditional (synchronized under a free-text condition)");
  expect(summary).toContain(
    "  says: every source record is synchronized; merged with a matching target; created when no target matches; kept in sync both ways",
  );
  expect(summary.match(/^Flow \d+: /gm)).toHaveLength(18);
});
