// Large YouTrack -> PowerOffice documents for the scale benchmark: `rows` synced-property rows spread over the two
// flows the harness supports between YouTrack Users and PowerOffice (Contactperson, Customers person), each cycling
// through property pairs the harness can write on both sides (e-mail, name, title, a boolean), so every row gives
// runnable tests. Deterministic: row i is always the same row, so a sample of the first rows is the same sample at
// every size.

interface FlowSpec {
  target: string;
  /** The target property the merge rule matches on. */
  mergeKey: string;
  /** [YouTrack Users property, target property, data type], cycled through. */
  pairs: readonly (readonly [string, string, string])[];
}

const FLOWS: readonly FlowSpec[] = [
  {
    target: "Contactperson",
    mergeKey: "emailAddress",
    pairs: [
      ["name", "Title", "string"],
      ["profile.email.email", "emailAddress", "string"],
      ["banned", "IsActive", "boolean"],
    ],
  },
  {
    target: "Customers person",
    mergeKey: "EmailAddress",
    pairs: [
      ["profile.email.email", "EmailAddress", "string"],
      ["name", "LastName", "string"],
      ["banned", "IsActive", "boolean"],
    ],
  },
];

/** How many of the `rows` rows go to flow `index`: the first flows take one more when rows do not divide evenly. */
function rowsOf(rows: number, index: number): number {
  return Math.floor(rows / FLOWS.length) + (index < rows % FLOWS.length ? 1 : 0);
}

function flowSection(flow: FlowSpec, rows: number): string {
  const heading = `YouTrack Users to Powerofficego ${flow.target}`;
  const other = `Powerofficego ${flow.target}`;
  const table = Array.from({ length: rows }, (_, i) => {
    const [source, target, type] = flow.pairs[i % flow.pairs.length] as readonly [string, string, string];
    return `   * - ${source}\n     - ${target}\n     - "${type}"`;
  }).join("\n");
  return `${heading}
${"-".repeat(heading.length)}
Before any synchronization can take place, a link between a YouTrack Users and a ${other} must be established.

A YouTrack Users will merge with a ${other} if one of the following property combinations match:

.. list-table::
   :header-rows: 1

   * - YouTrack Users Property
     - ${other} Property
   * - profile.email.email
     - ${flow.mergeKey}

Once a link between a YouTrack Users and a ${other} is established, it will keep in sync between the two systems, regardless of where it is edited.

The following properties are synchronized between a YouTrack Users and a ${other}:

.. list-table::
   :header-rows: 1

   * - YouTrack Users Property
     - ${other} Property
     - Powerofficego Data Type
${table}
`;
}

export function rowsDocument(rows: number): string {
  const sections = FLOWS.map((flow, index) => flowSection(flow, rowsOf(rows, index)));
  return `==================================
YouTrack to Powerofficego Dataflow
==================================

Generated: 2026-11-26 00:00:00

${sections.join("\n\n")}`;
}
