// The checklist itself with a verdict on everything it says: every statement of every flow, in document order, and
// every row of its tables (unreadable ones too), each with its tests, the reason when nothing could test it, and
// where it was proven (through the tenants, the node, or both). Nothing of the document is silently absent.
import type { Checklist, Flow, Statement, TableRef } from "../checklist/model.ts";
import { tableRows } from "../checklist/views.ts";
import type { CaseRef } from "./case-annotation.ts";

export type Verdict = "passed" | "failed" | "skipped" | "not run";
export type Proof = "tenants" | "node";

/** The outcome of one test, as the checklist report needs it. */
export interface CaseResult {
  ref: CaseRef;
  title: string;
  status: "passed" | "failed" | "skipped" | "timedOut" | "interrupted";
  durationMs: number;
  /** The skip reason, or the failure in one line. */
  detail: string | null;
  retries: number;
  /** Where the test's passed checks looked: the tenants' APIs, the node's merged entities. */
  proofs?: Proof[];
  /** The edge values the test proved arrive exactly (values tests). */
  values?: string[];
  /** The sync passes the test made or waited for. */
  passes?: number;
}

export type EntryKind = "statement" | "merge-rule" | "synced-property" | "unreadable-row" | "note" | "flow";

export interface RowReport {
  kind: EntryKind;
  line: number;
  /** What the document says there, e.g. `profile.email.email = emailAddress` or the statement's text. */
  text: string;
  /** 0: a statement of the flow; 1: a row of the table the statement above introduces. */
  depth: 0 | 1;
  verdict: Verdict;
  /** Why nothing ran for it (a skip reason, an unreadable cell, prose that is not a statement), or null. */
  reason: string | null;
  /** Where its passed tests proved it; null when none passed. */
  provenBy: "tenants" | "node" | "both" | null;
  /** Whether it is a claim of the document counted in the totals (not a note, not a table heading). */
  counted: boolean;
  /** The edge values its tests proved arrive exactly, per direction ("YouTrack Users -> ...": names). */
  values: Record<string, string[]>;
  /** The tests that speak to it; `line`: the row or statement each stands for. */
  tests: { title: string; line: number; status: string; durationMs: number; detail: string | null }[];
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
  run: {
    runId: string | null;
    release: string | null;
    targets: string;
    startedAt: string;
    durationMs: number;
    /** The seed of the run's ordinary values (TALK_QA_SEED replays them). */
    seed?: number | null;
  };
  verdict: Verdict;
  /** Every claim of the documents: statements and table rows. */
  counts: Record<Verdict, number>;
  /**
   * The lines tests stand for (a row, or the statement a sequence or a creation test stands for), each with its
   * tests' combined verdict: what the quality gate judges, grouped as Allure's document > flow > row tree groups
   * them (a test ticks other statements too, but sits under one story).
   */
  gateCounts: Record<Verdict, number>;
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
  const flows = checklist.flows.map((flow) =>
    flowReport(
      flow,
      mine.filter((r) => r.ref.flowLine === flow.line),
    ),
  );
  const counted = flows.flatMap((flow) => flow.rows.filter((row) => row.counted));
  return {
    file: checklist.file,
    title: checklist.title,
    generated: checklist.generated,
    verdict: combine(flows.map((flow) => flow.verdict)),
    counts: countVerdicts(counted),
    flows,
  };
}

function entry(
  kind: EntryKind,
  line: number,
  text: string,
  depth: 0 | 1,
  results: readonly CaseResult[],
  fixed: { reason?: string; counted?: boolean } = {},
): RowReport {
  const ticking = results.filter((result) =>
    (result.ref.ticks.length > 0 ? result.ref.ticks : [result.ref.line]).includes(line),
  );
  const verdict =
    fixed.reason !== undefined && ticking.length === 0 ? "skipped" : combine(ticking.map((r) => verdictOf(r.status)));
  const skipReasons = [
    ...new Set(ticking.filter((r) => r.status === "skipped" && r.detail).map((r) => r.detail as string)),
  ];
  const proofs = new Set(ticking.filter((r) => r.status === "passed").flatMap((r) => r.proofs ?? []));
  return {
    kind,
    line,
    text,
    depth,
    verdict,
    reason: fixed.reason ?? (verdict === "skipped" ? skipReasons.join("; ") || null : null),
    provenBy: joinProofs([...proofs]),
    counted: fixed.counted ?? true,
    values: Object.fromEntries(
      ticking
        .filter((result) => (result.values ?? []).length > 0)
        .map((result) => [
          result.ref.edited === "target" ? "edited in the target" : "edited in the source",
          result.values ?? [],
        ]),
    ),
    tests: ticking.map((result) => ({
      title: result.title,
      line: result.ref.line,
      status: result.status,
      durationMs: result.durationMs,
      detail: result.detail,
    })),
  };
}

function statementEntries(flow: Flow, statement: Statement, results: readonly CaseResult[]): RowReport[] {
  if (statement.kind === "note") {
    const note = entry("note", statement.line, statement.text, 0, [], {
      reason: `not a statement of the dataflow grammar: ${statement.reason}`,
      counted: false,
    });
    return [note, ...(statement.table ? tableEntries(flow, statement.table, results) : [])];
  }
  if (statement.kind !== "merge-rules" && statement.kind !== "synced-properties") {
    return [entry("statement", statement.line, statement.text, 0, results)];
  }
  const children = statement.table ? tableEntries(flow, statement.table, results) : [];
  const heading: RowReport = {
    ...entry("statement", statement.line, statement.text, 0, []),
    counted: false,
    verdict: children.length === 0 ? "not run" : combine(children.map((child) => child.verdict)),
    reason: children.length === 0 ? "its table has no rows: it states nothing to check" : null,
    provenBy: joinProofs(children.map((child) => child.provenBy)),
  };
  return [heading, ...children];
}

function tableEntries(flow: Flow, table: TableRef, results: readonly CaseResult[]): RowReport[] {
  return tableRows(flow, table).map((row): RowReport => {
    if (row.kind === "unreadable") {
      return entry("unreadable-row", row.line, row.row.cells.join(" | "), 1, [], { reason: row.row.reason });
    }
    if (row.kind === "merge-rule")
      return entry("merge-rule", row.line, `${row.rule.source} = ${row.rule.target}`, 1, results);
    const p = row.property;
    return entry("synced-property", row.line, `${p.source} <-> ${p.target} (${p.targetType})`, 1, results);
  });
}

function joinProofs(proofs: RowReport["provenBy"][]): RowReport["provenBy"] {
  const all = new Set(proofs.flatMap((proof) => (proof === "both" ? ["tenants", "node"] : proof ? [proof] : [])));
  return all.size === 2 ? "both" : all.has("node") ? "node" : all.has("tenants") ? "tenants" : null;
}

function flowReport(flow: Flow, results: readonly CaseResult[]): FlowReport {
  const flowCase = results.some((result) => result.ref.kind === "flow");
  const rows = [
    ...(flowCase
      ? [
          entry(
            "flow",
            flow.line,
            flow.title,
            0,
            results.filter((r) => r.ref.kind === "flow"),
          ),
        ]
      : []),
    ...flow.statements.flatMap((statement) => statementEntries(flow, statement, results)),
  ];
  const claims = rows.filter((row) => row.counted || row.kind === "flow");
  return { title: flow.title, line: flow.line, verdict: combine(claims.map((row) => row.verdict)), rows };
}

export function buildChecklistReport(
  checklists: readonly Checklist[],
  results: readonly CaseResult[],
  run: ChecklistReport["run"],
): ChecklistReport {
  const documents = checklists.map((checklist) => buildDocumentReport(checklist, results));
  const counts = countVerdicts(
    documents.flatMap((document) => document.flows.flatMap((flow) => flow.rows.filter((row) => row.counted))),
  );
  const byLine = new Map<string, Verdict[]>();
  for (const result of results) {
    const key = `${result.ref.file}:${result.ref.line}`;
    byLine.set(key, [...(byLine.get(key) ?? []), verdictOf(result.status)]);
  }
  const gateCounts = countVerdicts([...byLine.values()].map((verdicts) => ({ verdict: combine(verdicts) })));
  return { run, verdict: combine(documents.map((document) => document.verdict)), counts, gateCounts, documents };
}
