// A large YouTrack -> PowerOffice document for benchmarks: `rows` synced-property rows on the contact-person flow,
// cycling through the property pairs the harness can write on both sides.
const PAIRS: [string, string, string][] = [
  ["name", "Title", "string"],
  ["profile.email.email", "emailAddress", "string"],
  ["banned", "IsActive", "boolean"],
];

export function rowsDocument(rows: number): string {
  const table = PAIRS.length
    ? Array.from({ length: rows }, (_, i) => {
        const [source, target, type] = PAIRS[i % PAIRS.length] as [string, string, string];
        return `   * - ${source}\n     - ${target}\n     - "${type}"`;
      }).join("\n")
    : "";
  return `==================================
YouTrack to Powerofficego Dataflow
==================================

Generated: 2026-11-26 00:00:00

YouTrack Users to Powerofficego Contactperson
---------------------------------------------
Before any synchronization can take place, a link between a YouTrack Users and a Powerofficego Contactperson must be established.

A YouTrack Users will merge with a Powerofficego Contactperson if one of the following property combinations match:

.. list-table::
   :header-rows: 1

   * - YouTrack Users Property
     - Powerofficego Contactperson Property
   * - profile.email.email
     - emailAddress

Once a link between a YouTrack Users and a Powerofficego Contactperson is established, it will keep in sync between the two systems, regardless of where it is edited.

The following properties are synchronized between a YouTrack Users and a Powerofficego Contactperson:

.. list-table::
   :header-rows: 1

   * - YouTrack Users Property
     - Powerofficego Contactperson Property
     - Powerofficego Data Type
${table}
`;
}
