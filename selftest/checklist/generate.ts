// Writes dataflow documents of any size from the grammar in checklist-format.md, with what the parser should find
// in them, for the round-trip test and the parse benchmark. Deterministic: flow i always looks the same. It varies
// what the real documents vary: system spellings between title and sections, multi-word names, the generator's
// double spaces, every statement form, qualifiers, N/A types, empty tables. With `slips`, also what older or
// broken generations write: an "Introduction." heading with a short underline, shortened system names and trailing
// periods in headings, merge-rule rows with an empty property cell.

export interface GeneratedFlow {
  title: string;
  kind: "merge" | "sync-all" | "created-from" | "conditional";
  mergeRules: number;
  syncedProperties: number;
  naTypes: number;
  unreadableRows: number;
  warnings: number; // all warnings the flow's section should give
}

export interface GeneratedChecklist {
  text: string;
  flows: GeneratedFlow[];
}

const TITLE_SOURCE = "Acme CRM";
const TITLE_TARGET = "PowerOffice GO";
// How sections spell the systems: the spelling drifts, as in the real documents.
const SOURCE_SPELLINGS = ["Acme CRM", "Acme crm", "AcmeCRM"];
const TARGET_SPELLINGS = ["PowerOffice GO", "Powerofficego", "PowerOfficeGO"];
const TYPES = ['"string"', '"integer"', '"float"', '"boolean"'];

export interface GenerateOptions {
  slips?: boolean;
}

export function generateChecklist(
  flowCount: number,
  lineEnd: "\n" | "\r\n" = "\n",
  options: GenerateOptions = {},
): GeneratedChecklist {
  const slips = options.slips ?? false;
  const title = `${TITLE_SOURCE} to ${TITLE_TARGET} Dataflow`;
  const rule = "=".repeat(title.length);
  const out: string[] = [
    rule,
    title,
    rule,
    "",
    "Generated: 2025-01-31 12:34:56",
    "",
    slips ? "Introduction." : "Introduction",
    "------------",
    "",
    `This technical document provides a detailed overview of the Sesam Talk data flow from ${TITLE_SOURCE} to ${TITLE_TARGET}.`,
    "",
  ];
  const flows: GeneratedFlow[] = [];
  for (let i = 0; i < flowCount; i++) flows.push(writeFlow(i, out, slips));
  return { text: out.join(lineEnd) + lineEnd, flows };
}

function writeFlow(i: number, out: string[], slips: boolean): GeneratedFlow {
  let warnings = 0;
  const shortened = slips && i % 5 === 1; // "PowerOffice" for the title's "PowerOffice GO"
  const period = slips && i % 11 === 5;
  const emptyCell = slips && i % 7 === 3;
  if (shortened) warnings++;
  if (period) warnings++;
  const X = `${SOURCE_SPELLINGS[i % 3]} Customer person ${i}`;
  const Y = `${shortened ? "PowerOffice" : TARGET_SPELLINGS[i % 3]} Contact group ${i}`;
  const heading = `${X} to ${Y}${period ? "." : ""}`;
  const kinds = ["merge", "sync-all", "created-from", "conditional"] as const;
  const kind = kinds[i % 4] ?? "merge";
  out.push(heading, "-".repeat(heading.length));

  let mergeRules = 0;
  let unreadableRows = 0;
  if (kind === "merge") {
    out.push(`Before any synchronization can take place, a link between a ${X} and a ${Y} must be established.`, "");
  } else if (kind === "sync-all") {
    out.push(`Every ${X} will be synchronized with a ${Y}.`, "");
    out.push(`If a matching ${Y} already exists, the ${X} will be merged with the existing one.`);
    out.push(`If no matching ${Y} is found, a new ${Y} will be created.`, "");
  } else if (kind === "created-from") {
    const via = [`${SOURCE_SPELLINGS[0]} Order`, "Invoice", "Order line"].slice(0, 1 + (i % 3));
    const list = via.length === 3 ? `${via[0]}, ${via[1]}, or ${via[2]}` : via.join(" or ");
    out.push(
      `A new ${Y} will be created from a ${X} if it is connected to a ${list} that is synchronized into ${TARGET_SPELLINGS[1]}.`,
      "",
    );
  } else {
    out.push(`records with a number, set by a rule in the pipe, it  will be synchronized with a ${Y}.`, "");
  }
  if (kind === "merge" || kind === "sync-all") {
    mergeRules = 1 + (i % 2);
    out.push(`A ${X} will merge with a ${Y} if one of the following property combinations match:`, "");
    out.push(".. list-table::", "   :header-rows: 1", "");
    out.push(`   * - ${X} Property`, `     - ${Y} Property`);
    for (let r = 0; r < mergeRules; r++) out.push(`   * - contact.email${r}`, `     - EmailAddress${r}`);
    if (emptyCell) {
      out.push("   * - ", "     - EmailAddressX");
      unreadableRows++;
      warnings++;
    }
    out.push("");
  }
  out.push(
    `Once a link between a ${X} and a ${Y} is established, it will keep in sync between the two systems, regardless of where it is edited.`,
    "",
  );

  // Every fifth flow has an empty synced-property table, like the 2024-11-13 document.
  const syncedProperties = i % 5 === 4 ? 0 : 2 + (i % 7);
  let naTypes = 0;
  out.push(`The following properties are synchronized between a ${X} and a ${Y}:`, "");
  out.push(".. list-table::", "   :header-rows: 1", "");
  out.push(`   * - ${X} Property`, `     - ${Y} Property`, `     - ${TARGET_SPELLINGS[i % 3]} Data Type`);
  for (let p = 0; p < syncedProperties; p++) {
    const qualified = p === 1 && i % 6 === 0;
    const na = p === 2 && i % 3 === 0;
    if (na) {
      naTypes++;
      warnings++;
    }
    out.push(`   * - address.line${p}${qualified ? " (Dependant on having NO in  MailAddress.CountryCode)" : ""}`);
    out.push(`     - MailAddress.AddressLine${p}`, `     - ${na ? "N/A" : TYPES[p % TYPES.length]}`);
  }
  out.push("", "");
  return { title: heading, kind, mergeRules, syncedProperties, naTypes, unreadableRows, warnings };
}
