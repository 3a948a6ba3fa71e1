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
