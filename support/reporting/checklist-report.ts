import type { Checklist, Flow } from "../checklist/model.ts";
import type { CaseRef } from "./case-annotation.ts";

export type Verdict = "passed" | "failed" | "skipped" | "not run";

/** The outcome of one test, as the checklist report needs it. */
export interface CaseResult {
  ref: CaseRef;
  title: string;
  status: "passed" | "failed" | "skipped" | "timedOut" | "interrupted";
  durationMs: number;
  /** The skip reason, or the first line of the failure. */
  detail: string | null;
  retries: number;
}

export interface RowReport {
  kind: "merge-rule" | "synced-property" | "flow";
  line: number;
  /** What the row says, e.g. `profile.email.email = emailAddress`. */
  text: string;
  verdict: Verdict;
  tests: { title: string; status: string; durationMs: number; detail: string | null }[];
}

export interface FlowReport {
  title: string;
  line: number;
  verdict: Verdict;
  rows: RowReport[];
}

export interface DocumentReport {
  file: string;
  title: string;
  generated: string | null;
  verdict: Verdict;
  counts: Record<Verdict, number>;
  flows: FlowReport[];
}

export interface ChecklistReport {
  run: { runId: string | null; release: string | null; targets: string; startedAt: string; durationMs: number };
  verdict: Verdict;
  counts: Record<Verdict, number>;
  documents: DocumentReport[];
}

/** A row fails when any of its tests failed; passes when all that ran passed; is skipped when none ran. */
export function combine(verdicts: Verdict[]): Verdict {
  if (verdicts.includes("failed")) return "failed";
  if (verdicts.includes("passed")) return "passed";
  if (verdicts.includes("skipped")) return "skipped";
  return "not run";
}

function verdictOf(status: CaseResult["status"]): Verdict {
  if (status === "passed") return "passed";
  if (status === "skipped") return "skipped";
  return "failed";
}

function countVerdicts(rows: { verdict: Verdict }[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { passed: 0, failed: 0, skipped: 0, "not run": 0 };
  for (const row of rows) counts[row.verdict]++;
  return counts;
}

export function buildDocumentReport(checklist: Checklist, results: readonly CaseResult[]): DocumentReport {
  const mine = results.filter((result) => result.ref.file === checklist.file);
  const flows = checklist.flows.map((flow) => flowReport(flow, mine.filter((r) => r.ref.flowLine === flow.line)));
  const rows = flows.flatMap((flow) => flow.rows);
  return {
    file: checklist.file,
    title: checklist.title,
    generated: checklist.generated,
    verdict: combine(flows.map((flow) => flow.verdict)),
    counts: countVerdicts(rows),
    flows,
  };
}

function flowReport(flow: Flow, results: readonly CaseResult[]): FlowReport {
  const rowFor = (kind: RowReport["kind"], line: number, text: string, matching: CaseResult[]): RowReport => ({
    kind,
    line,
    text,
    verdict: combine(matching.map((result) => verdictOf(result.status))),
    tests: matching.map((result) => ({
      title: result.title,
      status: result.status,
      durationMs: result.durationMs,
      detail: result.detail,
    })),
  });
  const atLine = (line: number, kinds: string[]) =>
    results.filter((result) => result.ref.line === line && kinds.includes(result.ref.kind));
  const rows: RowReport[] = [
    ...flow.mergeRules.map((rule) =>
      rowFor(
        "merge-rule",
        rule.line,
        `${rule.source} = ${rule.target}`,
        atLine(rule.line, ["merge-links", "merge-no-link", "link-survives"]),
      ),
    ),
    ...flow.syncedProperties.map((row) =>
      rowFor(
        "synced-property",
        row.line,
        `${row.source} <-> ${row.target} (${row.targetType})`,
        atLine(row.line, ["synced", "newest-wins", "empty-keeps"]),
      ),
    ),
  ];
  const flowWide = results.filter((result) => ["flow", "creates-missing"].includes(result.ref.kind));
  if (flowWide.length > 0 || rows.length === 0) rows.unshift(rowFor("flow", flow.line, flow.title, flowWide));
  return { title: flow.title, line: flow.line, verdict: combine(rows.map((row) => row.verdict)), rows };
}

export function buildChecklistReport(
  checklists: readonly Checklist[],
  results: readonly CaseResult[],
  run: ChecklistReport["run"],
): ChecklistReport {
  const documents = checklists.map((checklist) => buildDocumentReport(checklist, results));
  const counts = countVerdicts(documents.flatMap((document) => document.flows.flatMap((flow) => flow.rows)));
  return { run, verdict: combine(documents.map((document) => document.verdict)), counts, documents };
}
