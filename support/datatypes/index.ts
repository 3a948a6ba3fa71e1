import type { SystemId } from "../codecs/index.ts";
import { DATATYPES } from "./table.ts";
import type { SystemDatatype } from "./types.ts";

export type { AdapterInput, SystemDatatype, TenantClients } from "./types.ts";
export { DATATYPES } from "./table.ts";

const squash = (name: string) => name.toLowerCase().replace(/\s+/g, "");

// The documents spell systems several ways ("Powerofficego", "PowerOffice GO", "Youtrack", "PowerOfficeGo").
const SYSTEM_NAMES: Record<string, SystemId> = {
  youtrack: "youtrack",
  powerofficego: "poweroffice",
  poweroffice: "poweroffice",
};

/** The system a checklist name refers to, or undefined when the harness has no adapter for it. */
export function resolveSystem(name: string): SystemId | undefined {
  return SYSTEM_NAMES[squash(name)];
}

/** Canonical datatype key: "Customers person" -> "customers-person". */
export function datatypeKey(datatype: string): string {
  return datatype.trim().toLowerCase().split(/\s+/).join("-");
}

/** A datatype's name on a Sesam node, `<system>-<datatype>`: its records' namespace, its datasets' prefix. */
export const sesamName = (entry: Pick<SystemDatatype, "sesam">): string =>
  `${entry.sesam.system}-${entry.sesam.datatype}`;

const BY_KEY = new Map(DATATYPES.map((entry) => [entry.key, entry]));

/** The entry for a checklist's system and datatype, as the document spells them. */
export function findDatatype(system: string, datatype: string): SystemDatatype | undefined {
  const id = resolveSystem(system);
  return id ? BY_KEY.get(`${id}/${datatypeKey(datatype)}`) : undefined;
}

export function datatypeByKey(key: string): SystemDatatype {
  const entry = BY_KEY.get(key);
  if (!entry) throw new Error(`no datatype ${key} (known: ${[...BY_KEY.keys()].join(", ")})`);
  return entry;
}

/** "YouTrack Users; PowerOffice Go Contactperson, ...": what a skip reason says the harness supports. */
export const SUPPORTED_LABELS = DATATYPES.map((entry) => entry.label).join(", ");

/** The entries the sweeper scans, in order. */
export const SWEEP_ORDER: readonly SystemDatatype[] = DATATYPES.filter((entry) => entry.sweepOrder !== null).sort(
  (a, b) => (a.sweepOrder ?? 0) - (b.sweepOrder ?? 0),
);
