import { refuse } from "./errors.ts";
import { SourceLines } from "./lines.ts";
import type { ChecklistWarning } from "./model.ts";

// What every step of the reader shares: the document's lines, where warnings go, and the one way to refuse it.
// Lines are 1-based in everything a step reports; indexes into `lines` are 0-based.
export class ParseContext {
  readonly file: string;
  readonly lines: SourceLines;
  readonly warnings: ChecklistWarning[] = [];

  constructor(text: string, file: string) {
    this.file = file;
    this.lines = new SourceLines(text);
  }

  fail(line: number, what: string): never {
    return refuse(this.file, line, what);
  }

  warn(line: number, message: string): void {
    this.warnings.push({ line, message });
  }
}
