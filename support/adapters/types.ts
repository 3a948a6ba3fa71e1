import type { DatatypeCodec, PropertyCodec, Scalar, SystemId } from "../codecs/index.ts";

/** A record the harness can find again: serialisable, so a ledger can hold it across a crash. */
export interface RecordRef {
  adapter: string;
  id: string;
  /** PowerOffice contact persons live under a customer. */
  parentId?: string;
}

export interface SeedInput {
  /** The run tag, put where the sweeper looks (names, logins). */
  tag: string;
  /** Unique within the run, so two tests never share a record name. */
  unique: string;
  person: { firstName: string; lastName: string };
  values: ReadonlyMap<PropertyCodec, Scalar>;
}

/**
 * One system datatype as the checklist names it ("YouTrack Users", "PowerOffice Go Contactperson"): how to seed,
 * read, edit, find and remove its records through the system's real API.
 */
export interface TenantAdapter {
  readonly key: string;
  readonly system: SystemId;
  readonly label: string;
  readonly codec: DatatypeCodec;
  /**
   * "server": the API dates every change; "observed": it does not, so a sync can only date a change by when it
   * sees it (which decides whether a newest-edit-wins test can be fair).
   */
  readonly changeClock: "server" | "observed";
  /** Creates the record and answers as soon as the API did (so the caller can note it for cleanup at once). */
  create(seed: SeedInput): Promise<RecordRef>;
  /** Resolves once reads show a record just created (a tenant whose reads lag its writes). */
  visible(ref: RecordRef): Promise<void>;
  /** The raw API record as of the call (a tenant whose reads lag is waited out), or null when it no longer exists. */
  read(ref: RecordRef): Promise<unknown | null>;
  write(ref: RecordRef, property: PropertyCodec, value: Scalar): Promise<void>;
  /** Removes the record; true when it existed. */
  remove(ref: RecordRef): Promise<boolean>;
  /**
   * Records whose property equals the value, as of the call (a tenant whose reads lag its writes is waited out),
   * narrowed to those changed since the given time where the API can filter by it reliably.
   */
  findByValue(property: PropertyCodec, value: Scalar, since: Date): Promise<RecordRef[]>;
  /**
   * Every record carrying the pattern in any of its fields (the sweeper's and the run's final scan); `text` is what
   * names it. `since` narrows it where the API allows.
   */
  findTagged(pattern: RegExp, since?: Date): Promise<{ ref: RecordRef; text: string }[]>;
}
