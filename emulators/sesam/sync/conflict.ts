// Talk's rules for one synced property of a linked pair: a value changed on one side since the last agreed value
// wins; when both changed (or nothing was agreed yet) the most recent change wins; an empty value never
// overwrites an existing one (the existing value fills the empty side instead).
import { decodeAs, equalAs, isEmptyValue } from "../../../support/codecs/index.ts";
import type { Scalar } from "../../../support/codecs/index.ts";
import type { SyncBehaviour } from "../defects.ts";
import type { Row, SideName } from "./plan.ts";

export interface Observed {
  /** The value as the codec read it from the API record. */
  raw: Scalar;
  /** When it became what it is (ISO 8601), if known. */
  changedAt: string | undefined;
}

export type Winner = SideName | "equal";

export interface Resolution {
  value: Scalar;
  winner: Winner;
  conflict: boolean;
}

/** Reads a raw value as the row's data type; null when it is not one (the row is then left alone). */
export function decodeRow(row: Row, raw: Scalar): { value: Scalar } | null {
  const decoded = decodeAs(row.type, raw);
  return decoded.ok ? { value: decoded.value } : null;
}

function moreRecent(a: string | undefined, b: string | undefined, newestWins: boolean): SideName {
  const ta = a === undefined ? 0 : Date.parse(a);
  const tb = b === undefined ? 0 : Date.parse(b);
  if (ta === tb) return "a";
  return ta > tb === newestWins ? "a" : "b";
}

/** The value both records of a link should hold for a row, or null when a value cannot be read as its type. */
export function resolveRow(
  row: Row,
  a: Observed,
  b: Observed,
  agreed: Scalar | undefined,
  behaviour: SyncBehaviour,
): Resolution | null {
  const da = decodeRow(row, a.raw);
  const db = decodeRow(row, b.raw);
  if (!da || !db) return null;
  const [va, vb] = [da.value, db.value];
  if (equalAs(row.type, va, vb)) return { value: va, winner: "equal", conflict: false };
  const changedA = agreed === undefined || !equalAs(row.type, va, agreed);
  const changedB = agreed === undefined || !equalAs(row.type, vb, agreed);
  const conflict = changedA && changedB;
  let winner: SideName;
  if (!row.toA) winner = "a";
  else if (!row.toB) winner = "b";
  else if (!conflict) winner = changedA ? "a" : "b";
  else winner = moreRecent(a.changedAt, b.changedAt, behaviour.newestWins);
  const [value, other] = winner === "a" ? [va, vb] : [vb, va];
  if (isEmptyValue(value) && !isEmptyValue(other) && !behaviour.emptyOverwrites) {
    return { value: other, winner: winner === "a" ? "b" : "a", conflict };
  }
  return { value, winner, conflict };
}
