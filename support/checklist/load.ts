import { readFileSync } from "node:fs";
import { refuse } from "./errors.ts";
import type { Checklist } from "./model.ts";
import { parseChecklist } from "./parse.ts";

// Reads a checklist file. Document problems (empty, binary, malformed) are ChecklistErrors naming the path as
// given; a missing or unreadable file is the file system's own error, since that is not the document's fault.
export function loadChecklist(path: string): Checklist {
  const bytes = readFileSync(path);
  if (bytes.length === 0) refuse(path, 1, "file is empty");
  if (bytes.includes(0)) refuse(path, 1, "binary file: it contains NUL bytes");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return refuse(path, 1, "binary file: it is not valid UTF-8");
  }
  return parseChecklist(text, path);
}
