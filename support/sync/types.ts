import type { NodeProfile } from "./node-profile.ts";

export type SyncDriverKind = "pump" | "wait" | "scheduler";

/** One pipe run a pass waited for, as far as the node told. */
export interface PipeRun {
  pipe: string;
  outcome: "completed" | "failed";
  /**
   * What the run changed: from its logged metrics; 0 for a run the node did not log (a pipe that skips no-op runs
   * logs every run that changed something); null when a logged run did not say.
   */
  changes: number | null;
  /** Whether the node wrote the run to its execution log. */
  logged: boolean;
  reason?: string;
}

/** What a quiet window's work returned, and the node's runs in it that were not this run's (one line each). */
export interface QuietWindow<T> {
  value: T;
  foreignRuns: string[];
}

export interface SyncPass {
  /** The pipe runs, in order (empty for a scheduler pass: the node ran them). */
  runs: PipeRun[];
  /** What the pass changed in all; null when a run did not say. A scheduler pass ends settled: 0. */
  changes: number | null;
  durationMs: number;
  /** For a scheduler pass: how the node's runner ended it. */
  scheduler?: { rounds: number | null; info: string | null };
}

export interface SyncDriver {
  readonly kind: SyncDriverKind;
  /** Completes one pass that started after this call: every pipe, in order, ran after the previous one ended. */
  pass(): Promise<SyncPass>;
  /**
   * Passes until one changes nothing or `maxPasses` is reached: after that, a change that did not propagate never
   * will. With `snapshot` (the asking test's records, read whole), a pass after which they read as before it also
   * settles: it read them after the test's last write and changed nothing of them, and other tests' records do
   * not decide theirs, so the next pass would not either (on a shared node some other test nearly always has a
   * write in the pass, which would keep the node-wide rule from settling).
   */
  settle(snapshot?: () => Promise<string>): Promise<SyncPass[]>;
  /**
   * Runs only the pipes that bring one datatype's records into the node (by its Sesam name, `<system>-<datatype>`;
   * see `observePipesFor`): the node reads that tenant and writes nothing back. Lets a sync date a change the API
   * does not date (a Hub edit) before a later edit.
   */
  observe(name: string): Promise<PipeRun[]>;
  /**
   * Runs `work` while no other worker of this run syncs: for a conflict, two edits with no pass between them. What
   * the lock cannot hold back (another shard or harness on the node, a run someone started by hand) comes back as
   * `foreignRuns`: a pipe run meanwhile that this run did not start may have resolved, or overwritten, half of the
   * conflict, so the window proves nothing. (With SYNC_DRIVER=wait the node runs every pipe on its own schedule:
   * its runs cannot be told from another's, and none is reported.)
   */
  quietly<T>(work: () => Promise<T>): Promise<QuietWindow<T>>;
  /** Whether `observe` can work: the node's config (or SESAM_OBSERVE_PIPES) names the pipes that read the tenants. */
  readonly canObserve: boolean;
  /** Every pass this driver made, for the report of a failed test. */
  readonly history: readonly SyncPass[];
  readonly profile: NodeProfile;
}
