import type { PowerOfficeClient } from "../clients/poweroffice/client.ts";
import type { YouTrackClient } from "../clients/youtrack/client.ts";
import type { DatatypeCodec } from "../codecs/index.ts";
import {
  powerofficeCustomers,
  powerofficeCustomersCompany,
  powerofficeCustomersPerson,
} from "../codecs/poweroffice.ts";
import { powerofficeContactPersonsAdapter } from "./poweroffice-contact-persons.ts";
import type { ParentCustomer } from "./poweroffice-contact-persons.ts";
import { powerofficeCustomersAdapter } from "./poweroffice-customers.ts";
import type { TenantAdapter } from "./types.ts";
import { youtrackUsersAdapter } from "./youtrack-users.ts";

export interface AdapterRegistry {
  /** The adapter for a codec (one per checklist datatype the harness supports). */
  for(codec: DatatypeCodec): TenantAdapter;
  byKey(key: string): TenantAdapter;
  all: readonly TenantAdapter[];
}

export function createAdapters(
  clients: { youtrack: YouTrackClient; poweroffice: PowerOfficeClient },
  parentCustomer: ParentCustomer,
): AdapterRegistry {
  const all = [
    youtrackUsersAdapter(clients.youtrack),
    powerofficeContactPersonsAdapter(clients.poweroffice, parentCustomer),
    powerofficeCustomersAdapter(
      clients.poweroffice,
      powerofficeCustomersPerson,
      "person",
      "PowerOffice Go Customers person",
    ),
    powerofficeCustomersAdapter(
      clients.poweroffice,
      powerofficeCustomersCompany,
      "company",
      "PowerOffice Go Customers company",
    ),
    powerofficeCustomersAdapter(clients.poweroffice, powerofficeCustomers, "any", "PowerOffice Go Customers"),
  ];
  const byKey = new Map(all.map((adapter) => [adapter.key, adapter]));
  const get = (key: string): TenantAdapter => {
    const adapter = byKey.get(key);
    if (!adapter) throw new Error(`no adapter ${key} (known: ${[...byKey.keys()].join(", ")})`);
    return adapter;
  };
  return { all, byKey: get, for: (codec) => get(`${codec.system}/${codec.datatype}`) };
}
