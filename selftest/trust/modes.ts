// The node behaviours every trust check runs against: a node as Sesam ships it (no-op runs unlogged), one that logs
// every run, and the node's own scheduler driving the passes. `npm test` runs the first (the real default);
// `npm run trust` runs all of them, with one worker and with several (TRUST_MODES, TRUST_WORKERS).
export interface NodeMode {
  name: string;
  /** What the mode is, for test titles and the detection table. */
  label: string;
  /** Environment of the checklist run. */
  env: Record<string, string>;
  /** Options of the sandbox's Sesam node. */
  sesam: Record<string, unknown>;
}

export const NODE_MODES: readonly NodeMode[] = [
  { name: "unlogged-noop", label: "no-op runs unlogged (a node's default), pump driver", env: {}, sesam: {} },
  {
    name: "log-every-run",
    label: "every run logged (log_events_noop_runs=true), pump driver",
    env: {},
    sesam: { pumpSettings: { all: { log_events_noop_runs: true } } },
  },
  {
    name: "scheduler",
    label: "no-op runs unlogged, the node's run-all-pipes (scheduler driver)",
    env: { SYNC_DRIVER: "scheduler" },
    sesam: {},
  },
];

function listFrom(variable: string, fallback: string): string[] {
  return (process.env[variable] ?? fallback)
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The modes this run checks: TRUST_MODES (names, or "all"); the real default alone unless told. */
export function trustModes(): NodeMode[] {
  const names = listFrom("TRUST_MODES", "unlogged-noop");
  if (names.includes("all")) return [...NODE_MODES];
  return names.map((name) => {
    const mode = NODE_MODES.find((m) => m.name === name);
    if (!mode)
      throw new Error(`TRUST_MODES: unknown mode "${name}" (known: ${NODE_MODES.map((m) => m.name).join(", ")}, all)`);
    return mode;
  });
}

/** The worker counts the whole-checklist runs use: TRUST_WORKERS; several by default (parallel hides what one shows, and the reverse). */
export function trustWorkers(): number[] {
  return listFrom("TRUST_WORKERS", "1,3").map((raw) => {
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`TRUST_WORKERS: "${raw}" is not a worker count`);
    return Number(raw);
  });
}

/** Whether the heavy checks (long repeats, heavy chaos) run: `npm run trust` sets TRUST_HEAVY=1. */
export const heavy = (): boolean => process.env.TRUST_HEAVY === "1";

/**
 * The defects `npm test` checks, one of each family (a lossy write, a wrong link, a lost link, Talk's two rules, a
 * sequence, a flow without synced rows, a duplicate); `npm run trust` (TRUST_MODES set) checks every defect.
 */
export const QUICK_DEFECTS: readonly string[] = [
  "lowercase-values",
  "merge-unmatched",
  "link-lost-on-key-change",
  "oldest-wins",
  "empty-wipes",
  "first-edit-only",
  "no-link-without-rows",
  "duplicate-creates",
  "drop-plus-tag",
];

export const fullTrust = (): boolean => process.env.TRUST_MODES !== undefined;
