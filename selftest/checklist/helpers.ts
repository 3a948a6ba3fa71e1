import { expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ChecklistError } from "../../support/checklist/errors.ts";
import type { Checklist, Flow } from "../../support/checklist/model.ts";
import { parseChecklist } from "../../support/checklist/parse.ts";
import { modelProblems } from "./schema.ts";

// Small documents written inline, so each test shows the text it parses. The head is the real generator's.

export const REPO = fileURLToPath(new URL("../../", import.meta.url));

export const REAL_DOCUMENTS = [
  "youtrack-powerofficego",
  "youtrack-powerofficego.2023-11-20",
  "youtrack-powerofficego.2024-11-13",
  "powerofficego-youtrack",
  "tripletex-powerofficego",
] as const;

export function readRepoFile(path: string): string {
  return readFileSync(`${REPO}${path}`, "utf8");
}

const HEAD = [
  "===================================",
  "YouTrack to PowerOffice GO Dataflow",
  "===================================",
  "",
  "Generated: 2024-11-13 00:00:00",
  "",
  "Introduction",
  "------------",
  "",
  "This technical document provides a detailed overview.",
  "",
];

// HEAD followed by the given lines; the first of them is line HEAD.length + 1 (12).
export function doc(...lines: string[]): string {
  return `${[...HEAD, ...lines].join("\n")}\n`;
}

export function heading(text: string): string[] {
  return [text, "-".repeat(text.length)];
}

export const USERS_TO_CUSTOMERS = "YouTrack Users to PowerOffice GO Customers person";
// The source and target of USERS_TO_CUSTOMERS, as statements name them.
export const X = "YouTrack Users";
export const Y = "PowerOffice GO Customers person";

// A flow whose statements are the given lines (no tables).
export function flowDoc(...statements: string[]): string {
  return doc(...heading(USERS_TO_CUSTOMERS), ...statements, "");
}

export function listTable(...rows: string[][]): string[] {
  const out = [".. list-table::", "   :header-rows: 1", ""];
  for (const [first, ...rest] of rows) out.push(`   * - ${first ?? ""}`, ...rest.map((cell) => `     - ${cell}`));
  return [...out, ""];
}

export const MERGE_INTRO =
  "A YouTrack Users will merge with a PowerOffice GO Customers person if one of the following property combinations match:";
export const MERGE_HEADER = ["YouTrack Users Property", "PowerOffice GO Customers person Property"];
export const SYNCED_INTRO =
  "The following properties are synchronized between a YouTrack Users and a PowerOffice GO Customers person:";
export const SYNCED_HEADER = [...MERGE_HEADER, "PowerOffice GO Data Type"];

// The 1-based line of the first line of `text` that contains `needle` (occurrence `nth`, counting from 1).
export function lineOf(text: string, needle: string, nth = 1): number {
  let seen = 0;
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i] ?? "").includes(needle) && ++seen === nth) return i + 1;
  }
  throw new Error(`"${needle}" (occurrence ${nth}) not in the document`);
}

// parseChecklist, and the model checked against the schema and its invariants (schema.ts): how every selftest
// reads a document it expects to be accepted.
export function read(text: string, file = "x.rst"): Checklist {
  const model = parseChecklist(text, file);
  expect(modelProblems(model), `the model of ${file}`).toEqual([]);
  return model;
}

// The one flow of a document that must have exactly one.
export function onlyFlow(text: string): Flow {
  const model = read(text, "x.rst");
  expect(model.flows).toHaveLength(1);
  return model.flows[0] as Flow;
}

// The ChecklistError parseChecklist throws; fails the test if it returns a model instead.
export function parseError(text: string, file = "x.rst"): ChecklistError {
  try {
    parseChecklist(text, file);
  } catch (error) {
    if (error instanceof ChecklistError) return error;
    throw error;
  }
  throw new Error("parseChecklist returned a model for a malformed document");
}
