import type { Flow } from "../checklist/model.ts";
import type { Side } from "./types.ts";

export const sideName = (flow: Flow, side: Side): string => `${flow[side].system} ${flow[side].datatype}`;
export const otherSide = (side: Side): Side => (side === "source" ? "target" : "source");

/** A tag-safe slug: Playwright tags are single words starting with @. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** "YouTrack Users -> Powerofficego Contactperson": the direction a change travels, as the document names the sides. */
export const direction = (flow: Flow, from: Side): string =>
  `${sideName(flow, from)} -> ${sideName(flow, otherSide(from))}`;

/** "YouTrack Users <-> Powerofficego Contactperson". */
export const between = (flow: Flow): string => `${sideName(flow, "source")} <-> ${sideName(flow, "target")}`;
