// One error type for everything wrong with a document, so callers (the CLI, the harness) can tell a broken
// checklist from a bug and always show the same one-line `file:line: what`.
import { InputError } from "../input-error.ts";

export class ChecklistError extends InputError {
  override readonly name = "ChecklistError";
  readonly file: string;
  readonly line: number;
  readonly reason: string;

  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

// The one way the reader refuses a document (the parse context and the file loader both call it).
export function refuse(file: string, line: number, reason: string): never {
  throw new ChecklistError(file, line, reason);
}
