// A merge pipe (`global-person`, `global-organisation`; source `merge`, as Sesam's merge source): one entity per
// group of records the links join, across the collect datasets of every flow of its global type. Each entity has
// `_id` (the first member's namespaced id: Sesam's `identity: "first"`), `$ids` (`~:<namespace>:<id>` of every
// record it merged), the members' properties under their namespace (`youtrack-users:login`, ...), and in
// `$reference-sync` what the sync decided for the group: its links with the value each synced row should hold, and
// the records to create. A record that links to nothing is an entity of its own. An entity whose group changed id
// is deleted with `$replaced: true`, as the merge source does. Reads only datasets: no tenant is called.
import { contentOf } from "../dataset.ts";
import type { RunReport } from "../pump.ts";
import type { RunContext } from "./context.ts";
import type { GlobalType } from "./mapping.ts";
import { mergeFlow, type CreationOutput, type LinkOutput, type MergeCounters } from "./resolve.ts";
import type { CollectEntity } from "./state.ts";

export const SYNC_KEY = "$reference-sync";

export interface ReferenceSync {
  links: LinkOutput[];
  creations: CreationOutput[];
}

interface Member {
  id: string;
  namespace: string;
  sideIndex: number;
  entity: CollectEntity & { _id: string };
}

export function runMerge(global: GlobalType, pipe: string, ctx: RunContext): RunReport {
  const flows = ctx.plan.flows.filter((flow) => flow.global === global);
  const sides = ctx.plan.sides.filter((side) => flows.some((flow) => flow.a === side || flow.b === side));
  const dataset = ctx.state.globalOf(global);
  const counters: MergeCounters = {
    links_created: 0,
    links_dropped: 0,
    conflicts: 0,
    creations_requested: 0,
    edits_held_back: 0,
  };

  const links: LinkOutput[] = [];
  const creations: CreationOutput[] = [];
  for (const flow of flows) {
    const output = mergeFlow(flow, ctx, counters);
    links.push(...output.links);
    creations.push(...output.creations);
  }

  // Every live record is a member; the links join members into groups.
  const members = new Map<string, Member>();
  const touched = new Set<string>();
  for (const [sideIndex, side] of sides.entries()) {
    const collected = ctx.state.collectedOf(side.key);
    const offset = ctx.state.offsetOf(pipe, collected);
    const namespace = side.mapping.namespace;
    for (const entity of collected.current()) {
      members.set(`${namespace}:${entity._id}`, { id: `${namespace}:${entity._id}`, namespace, sideIndex, entity });
    }
    for (const entity of collected.query(offset === undefined ? {} : { since: offset })) {
      touched.add(`${namespace}:${entity._id}`);
    }
    ctx.state.setOffset(pipe, collected);
  }
  const groups = new UnionFind();
  for (const link of links) if (members.has(link.a) && members.has(link.b)) groups.union(link.a, link.b);

  const byRoot = new Map<string, Member[]>();
  for (const member of members.values()) {
    const root = groups.find(member.id);
    byRoot.set(root, [...(byRoot.get(root) ?? []), member]);
  }
  const produced = new Map<string, string[]>();
  let changed = 0;
  let processed = 0;
  for (const group of byRoot.values()) {
    group.sort((x, y) => x.sideIndex - y.sideIndex || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const ids = new Set(group.map((m) => m.id));
    const id = (group[0] as Member).id;
    const sync: ReferenceSync = {
      links: links.filter((link) => ids.has(link.a)),
      creations: creations.filter((c) => ids.has(c.source)),
    };
    const content = { $ids: group.map((m) => `~:${m.id}`), ...namespacedProperties(group), [SYNC_KEY]: sync };
    produced.set(id, [...ids]);
    const put = dataset.put(id, content) !== null;
    if (put) changed++;
    if (put || group.some((m) => touched.has(m.id))) processed++;
  }
  // A group that no longer exists (a record deleted, or merged into another group): deleted, as the merge source
  // deletes an id that no longer applies (`$replaced` when its records live on under another id).
  const alive = new Set([...produced.values()].flat());
  let replaced = 0;
  for (const entity of dataset.current()) {
    if (produced.has(entity._id)) continue;
    const content = contentOf(entity);
    const ids = (content.$ids as string[] | undefined) ?? [];
    const moved = ids.length > 0 && ids.every((nid) => alive.has(nid.replace(/^~:/, "")));
    if (moved) replaced++;
    if (dataset.put(entity._id, moved ? { ...content, $replaced: true } : content, true)) {
      changed++;
      processed++;
    }
  }
  return {
    processed,
    changed,
    succeeded: processed,
    failed: 0,
    syncType: "incremental",
    metrics: { ...counters, groups: produced.size, replaced },
  };
}

/** The members' own properties under their namespace (`<namespace>:<property>`); clashes become lists. */
function namespacedProperties(group: Member[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const member of group) {
    for (const [key, value] of Object.entries(member.entity)) {
      if (key.startsWith("_") || key.startsWith("$")) continue;
      const name = `${member.namespace}:${key}`;
      out[name] = name in out ? [...[out[name]].flat(), value] : value;
    }
  }
  return out;
}

class UnionFind {
  readonly #parent = new Map<string, string>();

  find(id: string): string {
    let root = id;
    while (this.#parent.has(root) && this.#parent.get(root) !== root) root = this.#parent.get(root) as string;
    this.#parent.set(id, root);
    return root;
  }

  union(a: string, b: string): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.#parent.set(rb, ra);
  }
}
