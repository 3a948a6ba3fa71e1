// Talk's rules for one synced property of a linked pair: a value changed on one side since the last agreed value
// wins; when both changed (or nothing was agreed yet) the most recent change wins; an empty value never
// overwrites an existing one (the existing value fills the empty side instead).
import type { SyncBehaviour } from "../defects.ts";
import { compareInstants } from "./instant.ts";
import type { Row, SideName } from "./plan.ts";
import { decode, equal, isEmpty, type Scalar } from "./values.ts";

export interface Observed {
  /** The value as read from the API record. */
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

function moreRecent(a: string | undefined, b: string | undefined, newestWins: boolean): SideName {
  // A change of unknown time counts as the oldest.
  if (a === undefined && b === undefined) return "a";
  if (a === undefined) return newestWins ? "b" : "a";
  if (b === undefined) return newestWins ? "a" : "b";
  const order = compareInstants(a, b);
  if (order === 0) return "a";
  return order > 0 === newestWins ? "a" : "b";
}

/** The value both records of a link should hold for a row, or null when a value cannot be read as its type. */
export function resolveRow(
  row: Row,
  a: Observed,
  b: Observed,
  agreed: Scalar | undefined,
  behaviour: SyncBehaviour,
): Resolution | null {
  const da = decode(row.type, a.raw);
  const db = decode(row.type, b.raw);
  if (!da || !db) return null;
  const [va, vb] = [da.value, db.value];
  if (equal(row.type, va, vb)) return { value: va, winner: "equal", conflict: false };
  const changedA = agreed === undefined || !equal(row.type, va, agreed);
  const changedB = agreed === undefined || !equal(row.type, vb, agreed);
  const conflict = changedA && changedB;
  let winner: SideName;
  if (!row.toA) winner = "a";
  else if (!row.toB) winner = "b";
  else if (!conflict) winner = changedA ? "a" : "b";
  else winner = moreRecent(a.changedAt, b.changedAt, behaviour.newestWins);
  const [value, other] = winner === "a" ? [va, vb] : [vb, va];
  if (isEmpty(value) && !isEmpty(other) && !behaviour.emptyOverwrites) {
    return { value: other, winner: winner === "a" ? "b" : "a", conflict };
  }
  return { value, winner, conflict };
}
