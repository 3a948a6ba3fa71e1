// Linking: a record the sync created links to the record it was made from (its `$origin`); otherwise an unlinked
// record links to an unlinked record on the other side when any one merge rule's pair is equal, compared exactly
// under the rule's type (case and whitespace count); empty values match nothing. Links are one-to-one: when
// several records on one side share a value, the first seen links and the others stay unlinked (and, since they
// do match, are never created on the other side either).
import type { StoredEntity } from "../dataset.ts";
import type { SyncBehaviour } from "../defects.ts";
import { readField, type Field } from "./mapping.ts";
import type { Rule, SideName, SyncFlow } from "./plan.ts";
import type { CollectEntity, Link, LinkTable } from "./state.ts";
import { decode, isEmpty, type Scalar } from "./values.ts";

export type Entity = StoredEntity<CollectEntity>;

/** The rule's value of a record as a comparable key, or null when empty or not of the rule's type. */
function ruleValue(rule: Rule, field: Field, entity: Entity): { key: string; value: Scalar } | null {
  const decoded = decode(rule.type, readField(entity, field));
  if (!decoded || isEmpty(decoded.value)) return null;
  return { key: JSON.stringify(decoded.value), value: decoded.value };
}

interface RuleSides {
  rule: Rule;
  a: Field;
  /** The field compared on b: the rule's, unless a defect picks another. */
  b: Field;
}

export interface LinkingResult {
  created: Link[];
  /** Unlinked records that match a record on the other side (already linked elsewhere): never created. */
  matched: { a: Set<string>; b: Set<string> };
}

/** Links each unlinked record the sync created to the unlinked record it was made from. */
export function linkByOrigin(flow: SyncFlow, a: readonly Entity[], b: readonly Entity[], table: LinkTable): Link[] {
  const created: Link[] = [];
  const origins = (records: readonly Entity[], side: SideName, other: SideName) => {
    const namespace = `~:${flow[other].mapping.namespace}:`;
    const ids = new Set((other === "a" ? a : b).map((e) => e._id));
    const linked = side === "a" ? table.byA : table.byB;
    const linkedOther = other === "a" ? table.byA : table.byB;
    for (const record of records) {
      const origin = record.$origin;
      if (!origin?.startsWith(namespace) || linked.has(record._id)) continue;
      const source = origin.slice(namespace.length);
      if (!ids.has(source) || linkedOther.has(source)) continue;
      created.push(side === "b" ? table.add(source, record._id, "created") : table.add(record._id, source, "created"));
    }
  };
  origins(b, "b", "a");
  origins(a, "a", "b");
  return created;
}

export function linkByRules(
  flow: SyncFlow,
  aRecords: readonly Entity[],
  bRecords: readonly Entity[],
  table: LinkTable,
  behaviour: SyncBehaviour,
  order: (side: SideName, entity: Entity) => number,
): LinkingResult {
  const rules: RuleSides[] = flow.rules.map((rule) => ({
    rule,
    a: rule.a,
    b: behaviour.mergeKey(rule.b, flow.b.mapping.fields),
  }));
  const firstSeen = (side: SideName) => (x: Entity, y: Entity) => order(side, x) - order(side, y);
  const freeB = bRecords.filter((e) => !table.byB.has(e._id)).sort(firstSeen("b"));
  const indexes = rules.map(({ rule, b }) => {
    const index = new Map<string, Entity[]>();
    for (const entity of freeB) {
      const value = ruleValue(rule, b, entity);
      if (value) index.set(value.key, [...(index.get(value.key) ?? []), entity]);
    }
    return index;
  });
  const created: Link[] = [];
  const taken = new Set<string>();
  const unmatchedA: Entity[] = [];
  const linking = !(flow.rows.length === 0 && !behaviour.linksWithoutRows);
  for (const a of aRecords.filter((e) => !table.byA.has(e._id)).sort(firstSeen("a"))) {
    let partner: Entity | undefined;
    const keys: Link["keys"] = {};
    for (const [i, sides] of rules.entries()) {
      const value = ruleValue(sides.rule, sides.a, a);
      const candidate = value ? indexes[i]?.get(value.key)?.find((b) => !taken.has(b._id)) : undefined;
      if (value && candidate) {
        partner = candidate;
        keys[sides.rule.key] = { a: value.value, b: readField(candidate, sides.b) };
        break;
      }
    }
    if (partner && linking) {
      taken.add(partner._id);
      created.push(table.add(a._id, partner._id, "merge-rule", keys));
    } else if (!partner) {
      unmatchedA.push(a);
    }
  }
  if (behaviour.linkUnmatched && linking) {
    created.push(
      ...linkNearest(
        rules,
        unmatchedA,
        freeB.filter((b) => !taken.has(b._id)),
        table,
      ),
    );
  }
  return { created, matched: matchedButUnlinked(rules, aRecords, bRecords, table) };
}

const textOf = (value: { value: Scalar } | null) => (value ? String(value.value) : undefined);

/** The merge-unmatched defect: pairs each unmatched record with the most similar free one on the other side. */
function linkNearest(rules: RuleSides[], unmatchedA: Entity[], freeB: Entity[], table: LinkTable): Link[] {
  const created: Link[] = [];
  const free = new Set(freeB);
  for (const a of unmatchedA) {
    let best: { entity: Entity; score: number } | undefined;
    for (const b of free) {
      const score = Math.max(
        0,
        ...rules.map(({ rule, a: pa, b: pb }) =>
          similarity(textOf(ruleValue(rule, pa, a)), textOf(ruleValue(rule, pb, b))),
        ),
      );
      if (score > 0 && (!best || score > best.score)) best = { entity: b, score };
    }
    if (best) {
      free.delete(best.entity);
      created.push(table.add(a._id, best.entity._id, "unmatched"));
    }
  }
  return created;
}

/**
 * How much two merge values have in common: their common substrings of 3 characters or more, longest first,
 * each scoring its length squared (one long run outweighs scattered bits). Two values made for the same test
 * (same run tag and counter) score highest.
 */
export function similarity(x: string | undefined, y: string | undefined): number {
  if (x === undefined || y === undefined) return 0;
  let [left, right] = [x, y];
  let total = 0;
  for (;;) {
    const common = longestCommonSubstring(left, right);
    if (common.length < 3) return total;
    total += common.length ** 2;
    left = left.replace(common, "\u0000");
    right = right.replace(common, "\u0001");
  }
}

function longestCommonSubstring(x: string, y: string): string {
  let best = { end: 0, length: 0 };
  let previous = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const row = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++) {
      if (x[i - 1] !== y[j - 1]) continue;
      row[j] = (previous[j - 1] ?? 0) + 1;
      if ((row[j] ?? 0) > best.length) best = { end: i, length: row[j] ?? 0 };
    }
    previous = row;
  }
  return x.slice(best.end - best.length, best.end);
}

/** Unlinked records that share a rule value with some record on the other side. */
function matchedButUnlinked(
  rules: RuleSides[],
  aRecords: readonly Entity[],
  bRecords: readonly Entity[],
  table: LinkTable,
): { a: Set<string>; b: Set<string> } {
  const valuesOf = (records: readonly Entity[], side: SideName) =>
    rules.map(
      (sides) => new Set(records.map((e) => ruleValue(sides.rule, sides[side], e)?.key).filter((k) => k !== undefined)),
    );
  const aValues = valuesOf(aRecords, "a");
  const bValues = valuesOf(bRecords, "b");
  const matches = (entity: Entity, side: SideName, others: Set<string>[]) =>
    rules.some((sides, i) => {
      const key = ruleValue(sides.rule, sides[side], entity)?.key;
      return key !== undefined && (others[i]?.has(key) ?? false);
    });
  return {
    a: new Set(aRecords.filter((e) => !table.byA.has(e._id) && matches(e, "a", bValues)).map((e) => e._id)),
    b: new Set(bRecords.filter((e) => !table.byB.has(e._id) && matches(e, "b", aValues)).map((e) => e._id)),
  };
}
