// Where the node keeps each flow's links, as the preflight reads it: the merge its pipe config shows for the flow's
// two datatypes (or SESAM_MERGED_DATASET), and whether that dataset is there. One line per flow the harness runs.
import type { Checklist } from "../checklist/model.ts";
import type { DatasetsResource } from "../clients/sesam/datasets.ts";
import { findDatatype, sesamName as name } from "../datatypes/index.ts";
import { lookupFor } from "../sync/node-links.ts";
import type { NodeProfile } from "../sync/node-profile.ts";

export async function describeLinks(
  checklists: readonly Checklist[],
  profile: NodeProfile,
  mergedDataset: string | null,
  datasets: DatasetsResource,
): Promise<string[]> {
  const lines: string[] = [];
  const seen = new Map<string, Promise<boolean>>();
  for (const checklist of checklists) {
    for (const flow of checklist.flows) {
      const source = findDatatype(flow.source.system, flow.source.datatype);
      const target = findDatatype(flow.target.system, flow.target.datatype);
      if (!source || !target) continue;
      const lookup = lookupFor(profile, mergedDataset, name(source), name(target));
      if (!lookup) {
        lines.push(
          `${flow.title}: no merge of ${name(source)}-collect and ${name(target)}-collect in the node's config, SESAM_MERGED_DATASET unset: its links are seen through the tenants only`,
        );
        continue;
      }
      let exists = seen.get(lookup.dataset);
      if (!exists) seen.set(lookup.dataset, (exists = datasets.exists(lookup.dataset)));
      const there = (await exists) ? "" : " (not there yet: a merge pipe's dataset appears with its first run)";
      lines.push(
        `${flow.title}: links in ${lookup.dataset}${there}, ids ~:${lookup.namespaces.source}:<id> and ~:${lookup.namespaces.target}:<id>`,
      );
    }
  }
  return lines;
}
