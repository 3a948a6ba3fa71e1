import { test, expect } from "@playwright/test";
import type { Flow } from "../../support/checklist/model.ts";
import { formatChecklistSummary } from "../../support/checklist/summary.ts";
import { buildPlan } from "../../support/plan/build.ts";
import { untestableByFlow } from "../../support/plan/untestable.ts";
import { read, readRepoFile } from "./helpers.ts";

// The readable summary of a document, and what of it is not testable (the plan's reasons, passed in by the caller).

const tripletex = read(readRepoFile("checklists/tripletex-powerofficego.rst"), "t.rst");

function flow(title: string): Flow {
  const found = tripletex.flows.find((candidate) => candidate.title === title);
  if (!found) throw new Error(`no flow "${title}"`);
  return found;
}

test("what is not testable comes from the plan, one line per reason with its lines", () => {
  const untestable = untestableByFlow(buildPlan([tripletex]));
  expect(untestable(flow("Tripletex Contact to Powerofficego Customers"))[0]).toMatch(
    /^line 353: no adapter for Tripletex Contact \(the harness can seed and read YouTrack Users, /,
  );
  const youtrack = read(readRepoFile("checklists/youtrack-powerofficego.rst"), "y.rst");
  const reasons = untestableByFlow(buildPlan([youtrack]));
  expect(reasons(youtrack.flows[0] as Flow)).toEqual([]);
  // A flow without a synced row is still testable: its links are seen where the node keeps them.
  expect(reasons(youtrack.flows[1] as Flow)).toEqual([]);
});

test("the summary lists every statement of each flow with its rows, then reasons, plus the caller's own", () => {
  const model = read(readRepoFile("checklists/youtrack-powerofficego.rst"), "checklists/youtrack-powerofficego.rst");
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
      "  line 14: link required before anything syncs",
      "  line 16: merge rules (any one matching row links the pair); table at line 18:",
      "    line 23: profile.email.email = emailAddress",
      "  line 26: kept in sync both ways",
      "  line 28: synced properties; table at line 30:",
      "    line 36: profile.email -> emailAddress (string)",
      "    line 39: profile.email.email -> emailAddress (string)",
      "  not testable:",
      "    - adapter: no contact-person API",
      "",
      "Flow 2: YouTrack Users to Powerofficego Customers person (line 44)",
      "  kind: merge (nothing syncs until a link is established)",
      "  line 46: link required before anything syncs",
      "  line 48: merge rules (any one matching row links the pair); table at line 50:",
      "    line 55: profile.email.email = EmailAddress",
      "  line 58: kept in sync both ways",
      "  line 60: synced properties; table at line 62, no rows",
      "  not testable: nothing",
      "",
    ].join("\n"),
  );
});

test("the summary shows creation statements, conditions, qualifiers, notes and the other kinds", () => {
  const summary = formatChecklistSummary(tripletex);
  expect(summary).toContain(
    "  line 375: created from: when connected to a Tripletex Order synchronized into Powerofficego",
  );
  expect(summary).toContain(
    "  line 678: synchronized under a condition: removed person customers for now until that pattern is resolved",
  );
  expect(summary).toContain("    line 176: department.id (Dependant on having wd:Q703534 in) -> partyId (integer)");
  expect(summary).toContain("  kind: sync-all (every source record gets a linked target)");
  expect(summary).toContain("  kind: conditional (synchronized under a free-text condition)");
  expect(summary).toContain(
    [
      "  line 853: every source record is synchronized",
      "  line 855: merged with a matching target",
      "  line 856: created when no target matches",
    ].join("\n"),
  );
  expect(summary).toContain("  line 361: synced properties; table at line 363, no rows");
  expect(summary.match(/^Flow \d+: /gm)).toHaveLength(18);
  // Every row of every table is listed under its statement, every warning under its flow.
  const rows = tripletex.flows.reduce((sum, flow) => sum + flow.mergeRules.length + flow.syncedProperties.length, 0);
  expect(summary.match(/^ {4}line \d+: /gm)).toHaveLength(rows + tripletex.warnings.length);
});

test("the summary shows unreadable rows with their reason, notes, and the warnings of the document and of each flow", () => {
  const model = read(readRepoFile("checklists/youtrack-powerofficego.2023-11-20.rst"), "old.rst");
  const summary = formatChecklistSummary(model);
  expect(summary).toContain(
    [
      "old.rst: YouTrack to PowerOfficeGo Dataflow, generated 2023-11-20T15:21:11",
      "  1 flow, 3 warnings",
      "  warnings:",
      '    line 7: heading "Introduction." read as the Introduction',
      "    line 8: heading underline is shorter than the heading",
      "",
      "Flow 1: YouTrack Users to PowerOfficeGo Contactperson (line 12)",
    ].join("\n"),
  );
  expect(summary).toContain(
    [
      "  line 16: merge rules (any one matching row links the pair); table at line 18:",
      "    line 23: (empty) = emailAddress; not testable: the YouTrack Users property cell is empty",
      "    line 25: profile.email = emailAddress",
    ].join("\n"),
  );
  expect(summary).toContain(
    ["  warnings:", "    line 23: merge-rule row kept as unreadable: the YouTrack Users property cell is empty"].join(
      "\n",
    ),
  );
  const notes = formatChecklistSummary(read(readRepoFile("selftest/checklist/fixtures/notes.rst"), "notes.rst"));
  expect(notes).toContain("  line 16: note (not a statement of the dataflow grammar): This flow is under review.");
  expect(notes).toContain("  line 18: merge rules (any one matching row links the pair); table at line 20:");
});
