// A merge pipe (`global-person`, `global-organisation`): for every flow of its global type it drops links whose
// record disappeared, links unlinked records by the merge rules, and writes one global entity per link holding
// the value each synced row should have on both sides (Talk's rules in conflict.ts), plus one entity per record
// the share pipes must create. It reads only datasets: no tenant is called.
import { equalAs } from "../../../support/codecs/index.ts";
import type { Scalar } from "../../../support/codecs/index.ts";
import type { StoredEntity } from "../dataset.ts";
import { decodeRow, resolveRow } from "./conflict.ts";
import type { RunContext, RunResult } from "./context.ts";
import { linkByRules } from "./links.ts";
import type { SideName, SyncFlow } from "./plan.ts";
import type { GlobalType } from "./resources.ts";
import type { Collected, GlobalEntity, Link, LinkTable } from "./state.ts";

type Entity = StoredEntity<Collected>;

interface Counters {
  links_created: number;
  links_dropped: number;
  conflicts: number;
  creations_requested: number;
}

export function runMerge(global: GlobalType, ctx: RunContext): RunResult {
  const dataset = ctx.state.globalOf(global);
  const produced = new Set<string>();
  const counters: Counters = { links_created: 0, links_dropped: 0, conflicts: 0, creations_requested: 0 };
  let changes = 0;
  const put = (id: string, entity: GlobalEntity) => {
    produced.add(id);
    if (dataset.put(id, entity)) changes++;
  };
  for (const flow of ctx.plan.flows.filter((f) => f.global === global)) {
    mergeFlow(flow, ctx, put, produced, counters);
  }
  for (const entity of dataset.current()) {
    if (!produced.has(entity._id) && dataset.delete(entity._id)) changes++;
  }
  return { succeeded: changes, failed: 0, syncType: "incremental", metrics: { ...counters } };
}

function mergeFlow(
  flow: SyncFlow,
  ctx: RunContext,
  put: (id: string, entity: GlobalEntity) => void,
  produced: Set<string>,
  counters: Counters,
): void {
  const table = ctx.state.linksOf(flow.key);
  const aSet = ctx.state.collectedOf(flow.a.key);
  const bSet = ctx.state.collectedOf(flow.b.key);
  dropDeparted(table, aSet.get.bind(aSet), bSet.get.bind(bSet), counters);
  if (ctx.behaviour.dropLinkOnKeyChange)
    dropOnKeyChange(flow, table, aSet.get.bind(aSet), bSet.get.bind(bSet), counters);

  const aRecords = aSet.current();
  const bRecords = bSet.current();
  const linking = linkByRules(flow, aRecords, bRecords, table, ctx.behaviour);
  counters.links_created += linking.created.length;

  for (const link of table.all()) {
    const a = aSet.get(link.a);
    const b = bSet.get(link.b);
    if (!a || !b) {
      // Linked to a record a collect has not seen yet (just created): keep what was there.
      if (ctx.state.globalOf(flow.global).get(link.id)) produced.add(link.id);
      continue;
    }
    put(link.id, { flow: flow.key, a: link.a, b: link.b, values: resolveLink(flow, link, a, b, ctx, counters) });
    if (ctx.behaviour.duplicateOnLink && !table.duplicated.has(link.a) && link.since >= ctx.behaviourSince) {
      counters.creations_requested++;
      put(`${link.id}#duplicate`, {
        flow: flow.key,
        a: link.a,
        b: null,
        values: sourceValues(flow, "a", a),
        create: "b",
        duplicateOf: link.a,
      });
    }
  }

  const creations: [SideName, boolean, Entity[], Set<string>, Set<string>, Map<string, Link>][] = [
    ["b", flow.createB, aRecords, linking.matched.a, table.orphaned.a, table.byA],
    ["a", flow.createA, bRecords, linking.matched.b, table.orphaned.b, table.byB],
  ];
  for (const [target, enabled, sources, matched, orphaned, linked] of creations) {
    if (!enabled) continue;
    const from: SideName = target === "b" ? "a" : "b";
    for (const source of sources) {
      if (linked.has(source._id) || matched.has(source._id) || orphaned.has(source._id)) continue;
      counters.creations_requested++;
      put(`${flow.key}#${from}:${source._id}#create`, {
        flow: flow.key,
        a: from === "a" ? source._id : null,
        b: from === "b" ? source._id : null,
        values: sourceValues(flow, from, source),
        create: target,
      });
    }
  }
}

type Lookup = (id: string) => Entity | undefined;

/** A link whose record was deleted goes; the surviving record is remembered so it is never re-created. */
function dropDeparted(table: LinkTable, getA: Lookup, getB: Lookup, counters: Counters): void {
  for (const link of table.all()) {
    const goneA = getA(link.a)?._deleted === true;
    const goneB = getB(link.b)?._deleted === true;
    if (!goneA && !goneB) continue;
    table.remove(link);
    if (!goneA) table.orphaned.a.add(link.a);
    if (!goneB) table.orphaned.b.add(link.b);
    counters.links_dropped++;
  }
}

/** The link-lost-on-key-change defect: a link goes when a merge value differs from the one it was made on. */
function dropOnKeyChange(flow: SyncFlow, table: LinkTable, getA: Lookup, getB: Lookup, counters: Counters): void {
  for (const link of table.all()) {
    const a = getA(link.a);
    const b = getB(link.b);
    if (!a || !b) continue;
    const changed = flow.rules.some((rule) => {
      const was = link.keys[rule.key];
      if (!was) return false;
      return (
        !equalAs(rule.type, a.values[rule.a.path] ?? null, was.a) ||
        !equalAs(rule.type, b.values[rule.b.path] ?? null, was.b)
      );
    });
    if (changed) {
      table.remove(link);
      counters.links_dropped++;
    }
  }
}

function resolveLink(
  flow: SyncFlow,
  link: Link,
  a: Entity,
  b: Entity,
  ctx: RunContext,
  counters: Counters,
): Record<string, Scalar> {
  const values: Record<string, Scalar> = {};
  for (const row of flow.rows) {
    const raw = { a: a.values[row.a.path] ?? null, b: b.values[row.b.path] ?? null };
    const resolution = resolveRow(
      row,
      { raw: raw.a, changedAt: a.changedAt[row.a.path] },
      { raw: raw.b, changedAt: b.changedAt[row.b.path] },
      link.agreed[row.key],
      ctx.behaviour,
    );
    if (!resolution) {
      delete link.resolvedFrom[row.key];
      continue;
    }
    link.resolvedFrom[row.key] = raw;
    values[row.key] = resolution.value;
    if (resolution.winner === "equal") link.agreed[row.key] = resolution.value;
    if (resolution.conflict) counters.conflicts++;
  }
  return values;
}

/** A record's values for the rows that sync from its side: what a record created from it starts with. */
export function sourceValues(flow: SyncFlow, from: SideName, source: Entity): Record<string, Scalar> {
  const values: Record<string, Scalar> = {};
  for (const row of flow.rows) {
    if (from === "a" ? !row.toB : !row.toA) continue;
    const decoded = decodeRow(row, source.values[row[from].path] ?? null);
    if (decoded) values[row.key] = decoded.value;
  }
  return values;
}
