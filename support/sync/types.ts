/** One run of one pipe, as the node's execution log tells it. */
export interface PipeRun {
  pipe: string;
  /** Sequence number of the run's pump-started entity: orders runs against the harness's own edits. */
  startedSeq: number;
  outcome: "running" | "completed" | "failed";
  /** Entities the run changed, when the node reports it; null when unknown. */
  changes: number | null;
  reason?: string;
  durationMs?: number;
}

/** What the drivers need from a Sesam node. */
export interface PipeRunner {
  lastSequence(pipe: string): Promise<number | null>;
  runsSince(pipe: string, sequence: number): Promise<PipeRun[]>;
  start(pipe: string): Promise<void>;
}

export interface SyncPass {
  runs: PipeRun[];
  /** Sum of the runs' changes; null when a run did not report them. */
  changes: number | null;
  durationMs: number;
}

export interface SyncDriver {
  readonly kind: "pump" | "wait";
  /** Completes one pass: every pipe, in order, has finished a run that started after this call. */
  pass(): Promise<SyncPass>;
  /** Passes until one changes nothing or `maxPasses` is reached: the point after which a change that did not propagate never will. */
  settle(): Promise<SyncPass[]>;
  /**
   * Runs only the collect pipes (named `*-collect`, as Sesam Talk names them): the node reads the tenants and
   * writes nothing. Lets a sync date a change the API does not date (a Hub edit) before a later edit elsewhere.
   */
  observe(): Promise<PipeRun[]>;
  /**
   * Runs `work` while no other worker of this run syncs: for a conflict, two edits with no pass between them.
   * (A node that also runs on its own schedule is beyond the harness's reach.)
   */
  quietly<T>(work: () => Promise<T>): Promise<T>;
  /** Whether SESAM_PIPES names collect pipes, so `observe` can work. */
  readonly canObserve: boolean;
  /** Every pass this driver made, for the report of a failed test. */
  readonly history: readonly SyncPass[];
}
