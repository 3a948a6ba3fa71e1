import { randomBytes } from "node:crypto";

// A run id is also the tag every record of the run carries (in its email, login and names), so that a sweeper
// can find leftovers by pattern and tell their age without any state: tqa + yymmddhhmmss (UTC) + 4 random chars.
export const RUN_TAG_PATTERN = /tqa(\d{12})([a-z0-9]{4})/;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, "").slice(2, 14);
  const random = Array.from(randomBytes(4), (byte) => ALPHABET[byte % ALPHABET.length]).join("");
  return `tqa${stamp}${random}`;
}

/** The run id a text carries, and when that run started; undefined when the text carries no tag. */
export function findRunTag(text: string): { runId: string; startedAt: Date } | undefined {
  const match = RUN_TAG_PATTERN.exec(text);
  if (!match?.[1]) return undefined;
  const d = match[1];
  const startedAt = new Date(
    `20${d.slice(0, 2)}-${d.slice(2, 4)}-${d.slice(4, 6)}T${d.slice(6, 8)}:${d.slice(8, 10)}:${d.slice(10, 12)}Z`,
  );
  if (Number.isNaN(startedAt.getTime())) return undefined;
  return { runId: match[0], startedAt };
}
