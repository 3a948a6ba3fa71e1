import type { Flow } from "../checklist/model.ts";
import { findCodec, isDataType } from "../codecs/index.ts";
import type { DatatypeCodec } from "../codecs/index.ts";
import type { PropertyPair, ResolvedFlow } from "./types.ts";

const SUPPORTED = "YouTrack Users; PowerOffice Go Contactperson, Customers person, Customers company, Customers";

export type Resolution<T> = { ok: true; value: T } | { ok: false; reason: string };

export function resolveFlow(flow: Flow): Resolution<ResolvedFlow> {
  const source = findCodec(flow.source.system, flow.source.datatype);
  const target = findCodec(flow.target.system, flow.target.datatype);
  const missing = [source ? null : flow.source, target ? null : flow.target].filter((side) => side !== null);
  if (!source || !target) {
    const names = missing.map((side) => `${side.system} ${side.datatype}`).join(" and ");
    return { ok: false, reason: `no adapter for ${names} (the harness can seed and read ${SUPPORTED})` };
  }
  let linkBy: ResolvedFlow["linkBy"] = null;
  for (const rule of flow.mergeRules) {
    const type = source.property(rule.source)?.type ?? "string";
    const pair = resolvePair(source, target, rule.source, rule.target, type, [rule.sourceQualifier, rule.targetQualifier]);
    if (pair.ok && pair.value.source.writable && pair.value.target.writable) {
      linkBy = { rule, pair: pair.value };
      break;
    }
  }
  let observable: ResolvedFlow["observable"] = null;
  const writableRows: PropertyPair[] = [];
  for (const row of flow.syncedProperties) {
    const pair = resolvePair(source, target, row.source, row.target, row.targetType, [
      row.sourceQualifier,
      row.targetQualifier,
    ]);
    if (pair.ok && pair.value.source.writable && pair.value.target.writable) {
      writableRows.push(pair.value);
      observable ??= { row, pair: pair.value };
    }
  }
  return { ok: true, value: { source, target, linkBy, writableRows, observable } };
}

export function resolvePair(
  source: DatatypeCodec,
  target: DatatypeCodec,
  sourcePath: string,
  targetPath: string,
  type: string,
  qualifiers: (string | null)[],
): Resolution<PropertyPair> {
  const qualifier = qualifiers.find((text) => text !== null);
  if (qualifier) return { ok: false, reason: `conditional row ("${qualifier}"): the harness does not set up the condition` };
  if (!isDataType(type)) {
    return { ok: false, reason: `data type ${type}: the document does not say how to compare the values` };
  }
  const sourceCodec = source.property(sourcePath);
  const targetCodec = target.property(targetPath);
  if (!sourceCodec) return { ok: false, reason: unknownProperty(source, sourcePath) };
  if (!targetCodec) return { ok: false, reason: unknownProperty(target, targetPath) };
  return { ok: true, value: { source: sourceCodec, target: targetCodec, type } };
}

function unknownProperty(codec: DatatypeCodec, path: string): string {
  const known = codec.properties.map((property) => property.path).join(", ");
  return `no mapping for ${codec.system} ${codec.datatype} property ${path} (mapped: ${known})`;
}
