// What the route modules need from the node: its pumps in pass order, how a pipe is shown, its datasets and its
// internal scheduler. The node (server.ts) implements it; the routes know nothing else about it.
import type { Dataset } from "../dataset.ts";
import type { Pump } from "../pump.ts";
import type { InternalScheduler } from "../scheduler.ts";

export interface NodeView {
  /** The pumps in the order one full pass runs them. */
  pumps(): readonly Pump[];
  /** Throws the node's 404 for an unknown pipe. */
  pump(id: string): Pump;
  pipeJson(pump: Pump): Record<string, unknown>;
  pumpJson(pump: Pump): Record<string, unknown>;
  datasets(): readonly Dataset[];
  scheduler: InternalScheduler;
  /** The user runs are started by (from the node's JWT). */
  user: { user_id: string } | null;
}
