import { DATATYPES, type TenantClients } from "../datatypes/index.ts";
import type { SystemDatatype } from "../datatypes/types.ts";
import type { TenantAdapter } from "./types.ts";

export interface AdapterRegistry {
  /** The adapter of a datatype of the table. */
  for(entry: SystemDatatype): TenantAdapter;
  byKey(key: string): TenantAdapter;
  all: readonly TenantAdapter[];
}

/**
 * One adapter per datatype of the table. `parentOf` answers the id of the parent record a datatype's records are
 * filed under (made on first use by the caller); work that creates nothing (cleanup, the sweeper) passes none.
 */
export function createAdapters(
  clients: TenantClients,
  parentOf: (entry: SystemDatatype) => Promise<number> = () => Promise.reject(new Error("this work creates no record")),
): AdapterRegistry {
  const byKey = new Map(
    DATATYPES.map((entry) => [entry.key, entry.adapter({ entry, clients, parent: () => parentOf(entry) })]),
  );
  const get = (key: string): TenantAdapter => {
    const adapter = byKey.get(key);
    if (!adapter) throw new Error(`no adapter ${key} (known: ${[...byKey.keys()].join(", ")})`);
    return adapter;
  };
  return { all: [...byKey.values()], byKey: get, for: (entry) => get(entry.key) };
}
