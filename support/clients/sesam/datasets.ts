// Datasets: the entities a pipe wrote (a merge pipe's merged entities, with the namespaced ids of the records each
// merged in `$ids`), read with `since` (exclusive, on `_updated`), `limit`, `history`, `deleted`.
import { z } from "zod";
import type { ApiClient, CallOptions } from "../http/api-client.ts";
import { ApiError } from "../http/errors.ts";
import { jsonResponse } from "../http/response.ts";
import { sesam } from "./paths.ts";

const sequence = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

export const DatasetEntitySchema = z.looseObject({
  _id: z.string(),
  _updated: sequence,
  _deleted: z.boolean().optional(),
  $ids: z.array(z.string()).optional(),
});
export type DatasetEntity = z.infer<typeof DatasetEntitySchema>;

export interface DatasetsResource {
  /** Whether the node has the dataset. */
  exists(datasetId: string, options?: CallOptions): Promise<boolean>;
  /** The highest `_updated` of the dataset (null: empty or absent). */
  lastSequence(datasetId: string, options?: CallOptions): Promise<number | null>;
  /** The latest version of every entity written after `since`, deleted ones left out. */
  currentSince(datasetId: string, since: number | null, options?: CallOptions): Promise<DatasetEntity[]>;
}

const PAGE_SIZE = 1000;

export function createDatasetsResource(api: ApiClient): DatasetsResource {
  const entities = (
    datasetId: string,
    query: Record<string, string | number | boolean | undefined>,
    options: CallOptions,
  ) =>
    api.call({
      method: "GET",
      path: sesam.datasetEntities(datasetId),
      query,
      safety: "read",
      response: jsonResponse(z.array(DatasetEntitySchema)),
      signal: options.signal,
    });
  const orNothing = async <T>(read: Promise<T>, nothing: T): Promise<T> => {
    try {
      return await read;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return nothing;
      throw error;
    }
  };
  return {
    exists: async (datasetId, options = {}) =>
      orNothing(
        api
          .call({
            method: "GET",
            path: sesam.dataset(datasetId),
            safety: "read",
            response: () => true,
            signal: options.signal,
          })
          .then(() => true),
        false,
      ),
    lastSequence: async (datasetId, options = {}) => {
      const [latest] = await orNothing(entities(datasetId, { history: true, reverse: true, limit: 1 }, options), []);
      return latest ? latest._updated : null;
    },
    currentSince: async (datasetId, since, options = {}) => {
      const found: DatasetEntity[] = [];
      for (let cursor = since ?? undefined; ;) {
        const page = await orNothing(
          entities(datasetId, { since: cursor, limit: PAGE_SIZE, deleted: false }, options),
          [],
        );
        found.push(...page);
        const last = page.at(-1);
        if (page.length < PAGE_SIZE || !last) return found;
        cursor = last._updated;
      }
    },
  };
}
