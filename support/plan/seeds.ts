// Which values a test seeds on which side, decided with the plan: one slot per value the test makes; a property
// reached by several pairs (one Hub email behind two checklist paths) gets one slot.
import type { PropertyCodec } from "../codecs/index.ts";
import type { PropertyPair, SeedPlan, SeedSlot } from "./types.ts";

/**
 * `match`: both sides get the same values (the merge rule links them; no synced row has anything to carry);
 * otherwise each target property gets a value of its own, different from its source's (records kept apart).
 */
export function seedPlan(pairs: readonly PropertyPair[], match: boolean): SeedPlan {
  const slots: SeedSlot[] = [];
  const source = new Map<PropertyCodec, number>();
  const target = new Map<PropertyCodec, number>();
  const slot = (property: PropertyCodec, type: SeedSlot["type"], differentFrom: number | null = null) =>
    slots.push({ property, type, differentFrom }) - 1;
  for (const pair of pairs) {
    const first = source.get(pair.source) ?? target.get(pair.target) ?? slot(pair.source, pair.type);
    const second = match ? first : (target.get(pair.target) ?? slot(pair.target, pair.type, first));
    if (!source.has(pair.source)) source.set(pair.source, first);
    if (!target.has(pair.target)) target.set(pair.target, second);
  }
  const list = (map: Map<PropertyCodec, number>) => [...map].map(([property, index]) => ({ property, slot: index }));
  return { slots, source: list(source), target: list(target) };
}
