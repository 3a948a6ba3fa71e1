import type { ChecklistReport, RowReport, Verdict } from "./checklist-report.ts";

const MARK: Record<Verdict, string> = { passed: "✅", failed: "❌", skipped: "⏭️", "not run": "⬜" };
const KIND: Record<RowReport["kind"], string> = { "merge-rule": "merge rule", "synced-property": "synced", flow: "flow" };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

function testSummary(row: RowReport): string {
  const byStatus = new Map<string, number>();
  for (const test of row.tests) byStatus.set(test.status, (byStatus.get(test.status) ?? 0) + 1);
  const total = row.tests.reduce((sum, test) => sum + test.durationMs, 0);
  const parts = [...byStatus].map(([status, count]) => `${count} ${status}`);
  return parts.length ? `${parts.join(", ")} (${seconds(total)})` : "no test";
}

/** The checklist itself, ticked row by row, with each row's tests and why anything was skipped. */
export function renderMarkdown(report: ChecklistReport): string {
  const out: string[] = [];
  const { run, counts } = report;
  out.push(`# Checklist verdicts: ${report.verdict.toUpperCase()}`, "");
  out.push(
    `Run \`${run.runId ?? "-"}\` · release ${run.release ?? "not given"} · targets: ${run.targets} · ` +
      `started ${run.startedAt} · ${seconds(run.durationMs)}`,
    "",
  );
  out.push(
    `Rows: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped, ${counts["not run"]} not run.`,
  );
  for (const document of report.documents) {
    out.push("", `## ${MARK[document.verdict]} ${document.title}`, "");
    out.push(`\`${document.file}\`, generated ${document.generated ?? "(no date)"}: ${document.verdict}.`);
    for (const flow of document.flows) {
      out.push("", `### ${MARK[flow.verdict]} ${flow.title} (line ${flow.line})`, "");
      out.push("| | Line | Row | Verdict | Tests |", "|---|---|---|---|---|");
      for (const row of flow.rows) {
        out.push(
          `| ${MARK[row.verdict]} | ${row.line} | ${KIND[row.kind]} \`${cell(row.text)}\` | ${row.verdict} | ${testSummary(row)} |`,
        );
      }
      const details = flow.rows.flatMap((row) =>
        row.tests.map((test) => {
          const verdict: Verdict =
            test.status === "passed" ? "passed" : test.status === "skipped" ? "skipped" : "failed";
          const detail = test.detail ? `: ${cell(test.detail)}` : "";
          return `- ${MARK[verdict]} line ${row.line}: ${cell(test.title)} (${test.status}, ${seconds(test.durationMs)})${detail}`;
        }),
      );
      if (details.length) out.push("", ...details);
    }
  }
  return `${out.join("\n")}\n`;
}
