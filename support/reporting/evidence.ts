// What a failed check saw, as data: the scenario records it on the test (an annotation) and the reporters read it
// back, so the checklist report never parses an assertion's text.
import { z } from "zod";
import { describeValue } from "../codecs/index.ts";
import { jsonAnnotation, readJsonAnnotation } from "./json-annotation.ts";

export const EVIDENCE_ANNOTATION = "checklist-evidence";
/** A check that passed says where it looked: "tenants" (the systems' APIs) or "node" (the merged entities). */
export const PROOF_ANNOTATION = "checklist-proof";
/** An edge value a test proved (it arrived exactly): the report lists them per row. */
export const VALUES_ANNOTATION = "checklist-value";
/** How many sync passes the test made or waited for (benchmarks read it from cases.json). */
export const PASSES_ANNOTATION = "checklist-passes";
/** On a failure, when SYNC_TIMEOUT_MS allows too few of this node's passes: the line that says so (`deadlineHint`). */
export const DEADLINE_ANNOTATION = "checklist-sync-deadline";

export const EvidenceSchema = z.strictObject({
  /** The check: "reaches", "keeps", "count". */
  check: z.string(),
  /** One line: the row, the direction, and what should have happened to which record. */
  message: z.string(),
  type: z.string(),
  expected: z.unknown(),
  received: z.unknown(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export function evidenceAnnotation(evidence: Evidence): { type: string; description: string } {
  return jsonAnnotation(EVIDENCE_ANNOTATION, evidence);
}

export function readEvidence(annotations: readonly { type: string; description?: string }[]): Evidence | undefined {
  return readJsonAnnotation(annotations, EVIDENCE_ANNOTATION, EvidenceSchema);
}

/** One line: what should have happened, then the values (`Expected (<type>): ...` / `Received (<type>): ...`). */
export function formatEvidence(evidence: Evidence): string {
  return (
    `${evidence.message} ` +
    `Expected (${evidence.type}): ${describeValue(evidence.expected)} Received (${evidence.type}): ${describeValue(evidence.received)}`
  );
}
