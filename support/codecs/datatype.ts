import type { DatatypeCodec, PropertyCodec, SystemId } from "./types.ts";

const normalize = (path: string) => path.trim().toLowerCase();

export function datatypeCodec(system: SystemId, datatype: string, properties: PropertyCodec[]): DatatypeCodec {
  const byPath = new Map<string, PropertyCodec>();
  for (const codec of properties) {
    for (const spelling of [codec.path, ...codec.aliases]) {
      const key = normalize(spelling);
      if (byPath.has(key)) throw new Error(`codec ${system}/${datatype}: "${spelling}" is defined twice`);
      byPath.set(key, codec);
    }
  }
  return { system, datatype, properties, property: (path) => byPath.get(normalize(path)) };
}
