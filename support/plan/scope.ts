import type { Checklist } from "../checklist/model.ts";
import { resolveSystem } from "../datatypes/index.ts";
import { InputError } from "../input-error.ts";

/** A document about a system the harness has no adapter for at all: nothing of it could run. */
export class ChecklistScopeError extends InputError {
  constructor(checklist: Checklist, unknown: string[]) {
    super(
      `${checklist.file}:1: "${checklist.title}" is about ${unknown.join(" and ")}, which the harness has no adapter for ` +
        `(it tests YouTrack and PowerOffice Go)`,
    );
    this.name = "ChecklistScopeError";
  }
}

/**
 * Both systems of the title must be ones the harness can seed and read. Within such a document a datatype
 * without an adapter is a skipped row with its reason; a whole document about another system is bad input.
 */
export function assertInScope(checklist: Checklist): void {
  const unknown = [checklist.source, checklist.target].filter((system) => resolveSystem(system) === undefined);
  if (unknown.length > 0) throw new ChecklistScopeError(checklist, unknown);
}
