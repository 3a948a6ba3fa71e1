import type { ChecklistReport, RowReport, Verdict } from "./checklist-report.ts";

const MARK: Record<Verdict, string> = { passed: "✅", failed: "❌", skipped: "⏭️", "not run": "⬜" };
const KIND: Record<RowReport["kind"], string> = {
  statement: "",
  "merge-rule": "merge rule ",
  "synced-property": "synced ",
  "unreadable-row": "unreadable row ",
  note: "note ",
  flow: "flow ",
};
const PROOF: Record<NonNullable<RowReport["provenBy"]>, string> = {
  tenants: "tenants",
  node: "node",
  both: "tenants + node",
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

function testSummary(row: RowReport): string {
  const byStatus = new Map<string, number>();
  for (const test of row.tests) byStatus.set(test.status, (byStatus.get(test.status) ?? 0) + 1);
  const total = row.tests.reduce((sum, test) => sum + test.durationMs, 0);
  const parts = [...byStatus].map(([status, count]) => `${count} ${status}`);
  return parts.length ? `${parts.join(", ")} (${seconds(total)})` : "no test";
}

function what(row: RowReport): string {
  const text =
    row.kind === "statement" || row.kind === "note" || row.kind === "flow" ? cell(row.text) : `\`${cell(row.text)}\``;
  return `${row.depth === 1 ? "↳ " : ""}${KIND[row.kind]}${text}`;
}

/** The checklist itself, ticked statement by statement and row by row, with each one's tests and why anything was not tested. */
export function renderMarkdown(report: ChecklistReport): string {
  const out: string[] = [];
  const { run, counts } = report;
  out.push(`# Checklist verdicts: ${report.verdict.toUpperCase()}`, "");
  out.push(
    `Run \`${run.runId ?? "-"}\`${run.seed !== undefined && run.seed !== null ? ` (values seeded ${run.seed}: TALK_QA_SEED=${run.seed} replays them)` : ""} · release ${run.release ?? "not given"} · targets: ${run.targets} · ` +
      `started ${run.startedAt} · ${seconds(run.durationMs)}`,
    "",
  );
  out.push(
    `Statements and rows: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped, ${counts["not run"]} not run.`,
  );
  for (const document of report.documents) {
    out.push("", `## ${MARK[document.verdict]} ${document.title}`, "");
    out.push(`\`${document.file}\`, generated ${document.generated ?? "(no date)"}: ${document.verdict}.`);
    for (const flow of document.flows) {
      out.push("", `### ${MARK[flow.verdict]} ${flow.title} (line ${flow.line})`, "");
      out.push("| | Line | Statement / row | Verdict | Proven through | Tests |", "|---|---|---|---|---|---|");
      for (const row of flow.rows) {
        const verdict =
          row.reason && row.verdict !== "passed" && row.verdict !== "failed"
            ? `${row.verdict}: ${cell(row.reason)}`
            : row.verdict;
        out.push(
          `| ${MARK[row.verdict]} | ${row.line} | ${what(row)} | ${verdict} | ${row.provenBy ? PROOF[row.provenBy] : "-"} | ${testSummary(row)} |`,
        );
      }
      // Each test once, under the row or statement it stands for.
      const tests = [...new Map(flow.rows.flatMap((row) => row.tests).map((test) => [test.title, test])).values()];
      const details = tests
        .sort((a, b) => a.line - b.line)
        .map((test) => {
          const verdict: Verdict =
            test.status === "passed" ? "passed" : test.status === "skipped" ? "skipped" : "failed";
          const detail = test.detail ? `: ${cell(test.detail)}` : "";
          return `- ${MARK[verdict]} line ${test.line}: ${cell(test.title)} (${test.status}, ${seconds(test.durationMs)})${detail}`;
        });
      if (details.length) out.push("", ...details);
      const proven = flow.rows.flatMap((row) =>
        Object.entries(row.values).map(
          ([where, names]) => `- line ${row.line}, ${where}: values proven: ${names.map(cell).join(", ")}`,
        ),
      );
      if (proven.length) out.push("", ...proven);
    }
  }
  return `${out.join("\n")}\n`;
}
