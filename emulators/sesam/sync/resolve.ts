// One flow's part of a merge run: links dropped (a record gone), links made (by `$origin`, then by merge rules),
// every synced row of every link resolved by Talk's rules (conflict.ts), and the records the share pipes must
// create. Reads only the collect datasets; what it decides is written into the merged entities by merge.ts.
import { adapterOf, type RunContext } from "./context.ts";
import { resolveRow } from "./conflict.ts";
import { linkByOrigin, linkByRules, type Entity } from "./links.ts";
import { readField } from "./mapping.ts";
import type { Row, Rule, SideName, SyncFlow } from "./plan.ts";
import type { Link, LinkTable } from "./state.ts";
import { decode, equal, type DataType, type Scalar } from "./values.ts";

/** A link as the merged entity carries it (`$reference-sync.links`), with namespaced record ids. */
export interface LinkOutput {
  flow: string;
  a: string;
  b: string;
  via: Link["via"];
  /** Row key -> the value both records should hold. */
  values: Record<string, Scalar>;
  /** Row key -> the last value both records held (what a change is measured against). */
  agreed: Record<string, Scalar>;
  /** Row key -> each record's raw value when resolved: the share writes only while both still hold these. */
  resolvedFrom: Record<string, { a: Scalar; b: Scalar }>;
  /** Row key -> when the value to hold changed where it came from. */
  changedAt: Record<string, string>;
  /** Each record's `$last-modified` when resolved (PowerOffice), to tell a lagging read from a change. */
  versions: { a: string | null; b: string | null };
}

/** A record the share pipe of `target` must create from `source` (`$reference-sync.creations`). */
export interface CreationOutput {
  flow: string;
  /** The side key of the datatype to create. */
  target: string;
  from: SideName;
  /** Namespaced id of the record it is made from. */
  source: string;
  /** Target field path -> the value the new record starts with (merge values and synced rows), its type and names. */
  fields: Record<string, { value: Scalar; type: DataType; names: string[] }>;
  /** Field path -> the source's raw value the values come from (the share creates only while it still holds them). */
  sourceFields: Record<string, Scalar>;
  name: string;
  /** For a copy the duplicate-creates defect asked for: the record copied. */
  duplicateOf?: string;
}

export interface MergeCounters {
  links_created: number;
  links_dropped: number;
  conflicts: number;
  creations_requested: number;
  edits_held_back: number;
}

export interface FlowOutput {
  links: LinkOutput[];
  creations: CreationOutput[];
}

export const namespaced = (flow: SyncFlow, side: SideName, id: string): string =>
  `${flow[side].mapping.namespace}:${id}`;

export function mergeFlow(flow: SyncFlow, ctx: RunContext, counters: MergeCounters): FlowOutput {
  const table = ctx.state.linksOf(flow.key);
  const sets = { a: ctx.state.collectedOf(flow.a.key), b: ctx.state.collectedOf(flow.b.key) };
  const live = (side: SideName, id: string) => {
    const entity = sets[side].get(id);
    return entity && !entity._deleted ? entity : undefined;
  };
  dropDeparted(table, live, counters);
  if (ctx.behaviour.dropLinkOnKeyChange) dropOnKeyChange(flow, table, live, counters);

  const records = { a: sets.a.current(), b: sets.b.current() };
  const order = (side: SideName, entity: Entity) => ctx.state.firstSeen(namespaced(flow, side, entity._id));
  counters.links_created += linkByOrigin(flow, records.a, records.b, table).length;
  const linking = linkByRules(flow, records.a, records.b, table, ctx.behaviour, order);
  counters.links_created += linking.created.length;

  const output: FlowOutput = { links: [], creations: [] };
  for (const link of table.all()) {
    const a = live("a", link.a);
    const b = live("b", link.b);
    if (!a || !b) continue;
    output.links.push(resolveLink(flow, link, a, b, ctx, counters));
    if (copyDue(link, ctx) && !table.duplicated.has(link.a)) {
      counters.creations_requested++;
      output.creations.push({ ...creation(flow, "a", a, ctx), duplicateOf: link.a });
    }
  }
  for (const [from, enabled] of [
    ["a", flow.createB],
    ["b", flow.createA],
  ] as const) {
    if (!enabled) continue;
    const linked = from === "a" ? table.byA : table.byB;
    for (const source of records[from]) {
      if (linked.has(source._id) || linking.matched[from].has(source._id) || table.orphaned[from].has(source._id))
        continue;
      counters.creations_requested++;
      output.creations.push(creation(flow, from, source, ctx));
    }
  }
  return output;
}

/** Whether the duplicate-creates defects copy this link's source record now (only links made since they were set). */
function copyDue(link: Link, ctx: RunContext): boolean {
  const madeSince = link.since >= ctx.behaviourSince;
  switch (ctx.behaviour.duplicateOnLink) {
    case "never":
      return false;
    case "with-link":
      return madeSince;
    case "next-merge":
      return madeSince && link.since < ctx.now.toISOString();
  }
}

function creation(flow: SyncFlow, from: SideName, source: Entity, ctx: RunContext): CreationOutput {
  const target: SideName = from === "a" ? "b" : "a";
  const fields: CreationOutput["fields"] = {};
  const sourceFields: Record<string, Scalar> = {};
  const take = (item: Rule | Row, names: string[]) => {
    const raw = readField(source, item[from]);
    const decoded = decode(item.type, raw);
    if (!decoded || !item[target].writable) return;
    fields[item[target].path] = { value: decoded.value, type: item.type, names };
    sourceFields[item[from].path] = raw;
  };
  // The merge values first: a record made for another carries what links the two; then the synced rows.
  for (const rule of flow.rules) take(rule, [...rule.a.names, ...rule.b.names]);
  for (const row of flow.rows) {
    if (from === "a" ? row.toB : row.toA) take(row, [row.names.a, row.names.b, ...row.a.names, ...row.b.names]);
  }
  return {
    flow: flow.key,
    target: flow[target].key,
    from,
    source: namespaced(flow, from, source._id),
    fields,
    sourceFields,
    name: adapterOf(ctx, flow[from].key).displayName(source),
  };
}

type Live = (side: SideName, id: string) => Entity | undefined;

/** A link whose record was deleted goes; the surviving record is remembered so it is never re-created. */
function dropDeparted(table: LinkTable, live: Live, counters: MergeCounters): void {
  for (const link of table.all()) {
    const [hasA, hasB] = [live("a", link.a) !== undefined, live("b", link.b) !== undefined];
    if (hasA && hasB) continue;
    table.remove(link);
    if (hasA) table.orphaned.a.add(link.a);
    if (hasB) table.orphaned.b.add(link.b);
    counters.links_dropped++;
  }
}

/** The link-lost-on-key-change defect: a link goes when a merge value differs from the one it was made on. */
function dropOnKeyChange(flow: SyncFlow, table: LinkTable, live: Live, counters: MergeCounters): void {
  for (const link of table.all()) {
    const [a, b] = [live("a", link.a), live("b", link.b)];
    if (!a || !b) continue;
    const changed = flow.rules.some((rule) => {
      const was = link.keys[rule.key];
      if (!was) return false;
      return !equal(rule.type, readField(a, rule.a), was.a) || !equal(rule.type, readField(b, rule.b), was.b);
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
  counters: MergeCounters,
): LinkOutput {
  const out: LinkOutput = {
    flow: flow.key,
    a: namespaced(flow, "a", link.a),
    b: namespaced(flow, "b", link.b),
    via: link.via,
    values: {},
    agreed: {},
    resolvedFrom: {},
    changedAt: {},
    versions: { a: a["$last-modified"] ?? null, b: b["$last-modified"] ?? null },
  };
  const edits: string[] = [];
  for (const row of flow.rows) {
    const raw = { a: readField(a, row.a), b: readField(b, row.b) };
    const changedAt = { a: a.$updated[row.a.path], b: b.$updated[row.b.path] };
    const sent = link.sent[row.key];
    if (sent) {
      const held = decode(row.type, raw[sent.to]);
      if (held && equal(row.type, held.value, sent.value)) link.agreed[row.key] = sent.value;
    }
    const agreed = link.agreed[row.key];
    const resolution = resolveRow(
      row,
      { raw: raw.a, changedAt: changedAt.a },
      { raw: raw.b, changedAt: changedAt.b },
      agreed,
      ctx.behaviour,
    );
    if (!resolution) continue;
    if (resolution.winner === "equal") {
      link.agreed[row.key] = resolution.value;
      delete link.sent[row.key];
    } else if (ctx.behaviour.firstEditOnly && agreed !== undefined) {
      // The defect: only the changes of the first run that carried one are ever propagated.
      const edit = `${row.key}=${JSON.stringify(resolution.value)}`;
      if (link.firstEdit !== undefined && !link.firstEdit.includes(edit)) {
        counters.edits_held_back++;
        continue;
      }
      edits.push(edit);
    }
    out.values[row.key] = resolution.value;
    out.resolvedFrom[row.key] = raw;
    const winner = resolution.winner === "equal" ? "a" : resolution.winner;
    if (resolution.winner !== "equal") link.sent[row.key] = { value: resolution.value, to: winner === "a" ? "b" : "a" };
    out.changedAt[row.key] = changedAt[winner] ?? ctx.now.toISOString();
    if (resolution.conflict) counters.conflicts++;
  }
  if (edits.length > 0 && link.firstEdit === undefined) link.firstEdit = edits;
  out.agreed = { ...link.agreed };
  return out;
}
