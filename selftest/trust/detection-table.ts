// The detection table (defect -> the checklist rows that caught it), kept as a file under reports/ and rebuilt
// from one JSON row per defect, so parallel tests can each add theirs.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./harness.ts";

export interface DetectionRow {
  defect: string;
  /** The node behaviour the run used (modes.ts). */
  mode: string;
  /** "extended.rst line 38" -> number of its tests that failed */
  caughtBy: Record<string, number>;
  failed: number;
  expectedToFail: number;
  stillPassing: number;
  ran: number;
  seconds: number;
}

const DIR = join(ROOT, "reports", "trust");

export function recordDetection(row: DetectionRow): string {
  mkdirSync(join(DIR, "detection"), { recursive: true });
  const name = `${row.mode}-${row.defect}`.replace(/[^a-z0-9-]/gi, "_");
  writeFileSync(join(DIR, "detection", `${name}.json`), JSON.stringify(row, null, 2));
  const rows = readdirSync(join(DIR, "detection"))
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(readFileSync(join(DIR, "detection", name), "utf8")) as DetectionRow)
    .sort((a, b) => a.defect.localeCompare(b.defect) || (a.mode ?? "").localeCompare(b.mode ?? ""));
  const lines = [
    "# Detection table: each defect of the reference sync, and the checklist rows whose tests caught it",
    "",
    "Checklists: `checklists/youtrack-powerofficego.rst` (default) and `selftest/trust/fixtures/extended.rst`.",
    "",
    "| defect | node | failed tests (expected) | caught by rows (failed tests) | untouched tests still passing | tests run | time |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| \`${r.defect}\` | ${r.mode ?? "-"} | ${r.failed} (${r.expectedToFail}) | ${Object.entries(r.caughtBy)
          .map(([row, n]) => `${row} x${n}`)
          .join(", ")} | ${r.stillPassing} | ${r.ran} | ${r.seconds.toFixed(1)} s |`,
    ),
  ];
  const table = `${lines.join("\n")}\n`;
  writeFileSync(join(DIR, "detection-table.md"), table);
  return table;
}
