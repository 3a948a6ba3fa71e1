import { POWEROFFICE_CODECS } from "./poweroffice.ts";
import type { DatatypeCodec, SystemId } from "./types.ts";
import { YOUTRACK_CODECS } from "./youtrack.ts";

export * from "./data-types.ts";
export type { DatatypeCodec, PropertyCodec, SystemId } from "./types.ts";
export { datumKey } from "./types.ts";

const squash = (name: string) => name.toLowerCase().replace(/\s+/g, "");

// The documents spell systems several ways ("Powerofficego", "PowerOffice GO", "Youtrack").
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

const CODECS = new Map<string, DatatypeCodec>(
  [...YOUTRACK_CODECS, ...POWEROFFICE_CODECS].map((codec) => [`${codec.system}/${codec.datatype}`, codec]),
);

/** The codec for a checklist system + datatype, as the document spells them. */
export function findCodec(system: string, datatype: string): DatatypeCodec | undefined {
  const id = resolveSystem(system);
  return id ? CODECS.get(`${id}/${datatypeKey(datatype)}`) : undefined;
}
