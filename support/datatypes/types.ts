import type { RecordRef, TenantAdapter } from "../adapters/types.ts";
import type { PowerOfficeClient } from "../clients/poweroffice/client.ts";
import type { YouTrackClient } from "../clients/youtrack/client.ts";
import type { DatatypeCodec, SystemId } from "../codecs/index.ts";

export interface TenantClients {
  youtrack: YouTrackClient;
  poweroffice: PowerOfficeClient;
}

/** What an adapter is made from: its table entry, the clients, and (for records that live under one) its parent. */
export interface AdapterInput {
  entry: SystemDatatype;
  clients: TenantClients;
  /** The id of the parent record the datatype's records live under, made on first use. */
  parent: () => Promise<number>;
}

/**
 * One system datatype the harness can seed, read, edit, find and remove, as the checklists name it: everything the
 * plan, the fixtures, the sweeper and the node lookups need to know of it is here. Adding a datatype is one entry.
 */
export interface SystemDatatype {
  /** `<system>/<datatype>`, e.g. `poweroffice/customers-person`: how ledgers and refs name it. */
  readonly key: string;
  readonly system: SystemId;
  /** The canonical datatype key: lower case, words joined by "-" ("customers-person"). */
  readonly datatype: string;
  /** How reports name it. */
  readonly label: string;
  /** Its names on a Sesam node (the connectors' system ids): the namespace of its records is `<system>-<datatype>`. */
  readonly sesam: { system: string; datatype: string };
  readonly codec: DatatypeCodec;
  adapter(input: AdapterInput): TenantAdapter;
  /**
   * When the sweeper scans this datatype for tagged leftovers (lower first: records that hold others go last);
   * null when another entry's scan covers its records (the narrowed customer kinds).
   */
  readonly sweepOrder: number | null;
  /** A record this datatype's records must live under (contact persons under a customer): one per worker. */
  readonly parent?: ParentRecord;
}

/** A record that others live under (PowerOffice contact persons under a customer): made per worker on first use. */
export interface ParentRecord {
  /** The datatype key the ledger files the parent under. */
  readonly ledgerKey: string;
  create(clients: TenantClients, tag: { runId: string; unique: string }): Promise<RecordRef>;
  /** Removes what lives under the parent (a sync may have made some), then the parent. */
  remove(clients: TenantClients, parent: RecordRef): Promise<void>;
}
