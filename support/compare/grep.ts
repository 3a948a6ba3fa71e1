import { basename } from "node:path";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The Playwright `--grep` that selects the tests of some lines of a document. Built from the two things every
 * checklist test's full title carries: the document's file name (in its describe title, e.g. "... (youtrack-
 * powerofficego.rst)") and `(line N)` for a row's tests. Playwright matches it against "file describe title tags".
 */
export function grepForLines(documentFile: string, lines: readonly number[]): string | null {
  if (lines.length === 0) return null;
  return `${escapeRegExp(basename(documentFile))}.*\\(line (${lines.join("|")})\\)`;
}

/** The command that runs those tests: the new document as CHECKLIST, the grep passed to Playwright. */
export function qaCommand(documentFile: string, grep: string): string {
  return `CHECKLIST=${documentFile} npm run qa -- --grep "${grep}"`;
}
