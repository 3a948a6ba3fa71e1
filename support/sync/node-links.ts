// Links seen where Sesam keeps them: a merge pipe writes one entity per merged group, its `$ids` listing the
// namespaced ids (`~:<namespace>:<id>`) of every record it merged (configuration-sources-merge.rst; the connector
// contract). Two records are linked when one current entity holds both ids; apart when none does.
import type { DatasetEntity, DatasetsResource } from "../clients/sesam/datasets.ts";
import { linkLookup, type LinkLookup, type NodeProfile } from "./node-profile.ts";

export const namespacedId = (namespace: string, id: string): string => `~:${namespace}:${id}`;

export interface LinkState {
  /** Current merged entities holding both records. */
  both: DatasetEntity[];
  /** Current merged entities holding either, for the evidence of a failed check. */
  either: DatasetEntity[];
}

export interface NodeLinks {
  readonly lookup: LinkLookup;
  /** The merged dataset's last sequence now: every entity of records made after this comes after it. */
  mark(): Promise<number | null>;
  /** Where the two records stand in the node's merged entities written after `mark`. */
  state(mark: number | null, ids: { source: string; target: string }): Promise<LinkState>;
}

export function nodeLinks(datasets: DatasetsResource, lookup: LinkLookup): NodeLinks {
  return {
    lookup,
    mark: () => datasets.lastSequence(lookup.dataset),
    async state(mark, ids) {
      const source = namespacedId(lookup.namespaces.source, ids.source);
      const target = namespacedId(lookup.namespaces.target, ids.target);
      const entities = await datasets.currentSince(lookup.dataset, mark);
      const holds = (entity: DatasetEntity, id: string) => (entity.$ids ?? []).includes(id);
      return {
        both: entities.filter((entity) => holds(entity, source) && holds(entity, target)),
        either: entities.filter((entity) => holds(entity, source) || holds(entity, target)),
      };
    },
  };
}

/**
 * The ids of `namespace` merged with the record `own` (namespaced) that are among `candidates` (plain ids), `except`
 * left out: with the run's own records as candidates, the records of other tests a record was linked to.
 */
export function membersBeside(
  entities: readonly DatasetEntity[],
  own: string,
  namespace: string,
  candidates: ReadonlySet<string>,
  except: string,
): string[] {
  const prefix = `~:${namespace}:`;
  return entities
    .filter((entity) => (entity.$ids ?? []).includes(own))
    .flatMap((entity) => entity.$ids ?? [])
    .filter((id) => id.startsWith(prefix) && id !== `${prefix}${except}` && candidates.has(id.slice(prefix.length)));
}

/** How a failed link check describes what the node holds: the entities and the ids each merged. */
export function describeEntities(entities: readonly DatasetEntity[]): string {
  if (entities.length === 0) return "no merged entity holds either record";
  return entities.map((entity) => `${entity._id} [${(entity.$ids ?? []).join(", ")}]`).join("; ");
}

/**
 * Where the node keeps the links between two datatypes (by their Sesam names `<system>-<datatype>`): the merge its
 * pipe config shows, else the configured merged dataset with the connectors' namespaces; null when neither says.
 */
export function lookupFor(
  profile: NodeProfile,
  mergedDataset: string | null,
  source: string,
  target: string,
): LinkLookup | null {
  return (
    linkLookup(profile, source, target) ??
    (mergedDataset ? { dataset: mergedDataset, namespaces: { source, target } } : null)
  );
}
