// A stand-in for PowerOffice Go v2 whose reads lag its writes, for the reference sync's own tests: writes act on
// the live state (as the real primary does); every read is served from a snapshot up to `maxLagMs` old, the lag
// drawn per read (so two reads may even go back in time, as replicas behind a load balancer can); a sub-entity
// edit (MailAddress) does not move LastChangedDateTimeOffset (v2 OpenAPI, CustomerDto). In memory, no HTTP: it
// implements the calls the sync makes (PowerOfficeCalls).
import type { PowerOfficeCalls } from "../../emulators/sesam/sync/tenants.ts";
import type { PoRecord } from "../../emulators/sesam/sync/tenant/poweroffice.ts";

type Records = Map<string, PoRecord>;

export class LaggingPowerOffice implements PowerOfficeCalls {
  readonly #live: Records = new Map();
  readonly #snapshots: { at: number; records: Records }[] = [{ at: 0, records: new Map() }];
  #nextId = 1_000;
  #tick = 0n;
  #seed: number;
  /** Every value written to a record's field, in order: `<key>.<field>` -> values. */
  readonly written = new Map<string, unknown[]>();

  constructor(
    private readonly maxLagMs: number,
    seed = 1,
  ) {
    this.#seed = seed;
  }

  async *list(resource: string, query: Record<string, string | undefined>): AsyncIterable<PoRecord> {
    const since = query.lastChangedDateTimeOffsetGreaterThan;
    const created = query.createdDateTimeOffsetGreaterThan ?? query.customerCreatedDateTimeOffsetGreaterThan;
    const parents = query.contactIds?.split(",").map((id) => Number(id.trim()));
    for (const [key, record] of this.#view()) {
      if (!key.startsWith(`${resource}/`)) continue;
      if (since && !(ms(record.LastChangedDateTimeOffset) > Date.parse(since))) continue;
      if (created && !(ms(record.CreatedDateTimeOffset) > Date.parse(created))) continue;
      if (parents && !parents.includes(Number(record.ContactId))) continue;
      yield structuredClone(record);
    }
    await Promise.resolve();
  }

  get(path: string): Promise<PoRecord | null> {
    const record = this.#view().get(keyOf(path));
    return Promise.resolve(record ? structuredClone(record) : null);
  }

  patch(path: string, operations: unknown[]): Promise<PoRecord> {
    const key = keyOf(path);
    const current = this.#live.get(key);
    if (!current) return Promise.reject(new Error(`404 ${path}`));
    const next = structuredClone(current);
    let onlySubEntity = true;
    for (const op of operations as { path: string; value: unknown }[]) {
      const [field = "", child] = op.path.split("/").slice(1);
      if (field !== "MailAddress") onlySubEntity = false;
      if (child === undefined) next[field] = op.value;
      else next[field] = { ...((next[field] as PoRecord | null) ?? {}), [child]: op.value };
      this.#remember(key, child === undefined ? field : `${field}.${child}`, op.value);
    }
    if (!onlySubEntity) next.LastChangedDateTimeOffset = this.#stamp();
    return Promise.resolve(this.#write(key, next));
  }

  create(path: string, body: PoRecord): Promise<PoRecord> {
    const [resource = "", parent] = path.split("/");
    const stamp = this.#stamp();
    const record: PoRecord = {
      ...structuredClone(body),
      Id: this.#nextId++,
      ...(parent !== undefined ? { ContactId: Number(parent) } : {}),
      CreatedDateTimeOffset: stamp,
      LastChangedDateTimeOffset: stamp,
    };
    return Promise.resolve(this.#write(`${resource}/${String(record.Id)}`, record));
  }

  /** The record as the primary holds it (what a test checks the outcome against). */
  live(resource: string, id: number): PoRecord | undefined {
    return this.#live.get(`${resource}/${id}`);
  }

  #write(key: string, record: PoRecord): PoRecord {
    this.#live.set(key, record);
    this.#snapshots.push({
      at: Date.now(),
      records: new Map([...this.#live].map(([k, v]) => [k, structuredClone(v)])),
    });
    return structuredClone(record);
  }

  #remember(key: string, field: string, value: unknown): void {
    const name = `${key}.${field}`;
    this.written.set(name, [...(this.written.get(name) ?? []), value]);
  }

  /** The state as of now minus a lag drawn for this read. */
  #view(): Records {
    const asOf = Date.now() - Math.floor(this.#random() * this.maxLagMs);
    let view = this.#snapshots[0]?.records ?? new Map<string, PoRecord>();
    for (const snapshot of this.#snapshots) if (snapshot.at <= asOf) view = snapshot.records;
    return view;
  }

  #stamp(): string {
    const now = BigInt(Date.now()) * 10_000n;
    this.#tick = now > this.#tick ? now : this.#tick + 1n;
    const iso = new Date(Number(this.#tick / 10_000n)).toISOString().slice(0, 19);
    return `${iso}.${(this.#tick % 10_000_000n).toString().padStart(7, "0")}+00:00`;
  }

  #random(): number {
    this.#seed = (this.#seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return this.#seed / 2_147_483_648;
  }
}

const keyOf = (path: string): string => {
  const parts = path.split("/");
  return parts[0] === "ContactPersons" ? `ContactPersons/${parts[2]}` : `${parts[0]}/${parts[1]}`;
};

const ms = (value: unknown): number => (typeof value === "string" ? Date.parse(value) : Number.NaN);
