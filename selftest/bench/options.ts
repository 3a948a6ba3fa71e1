// What `npm run bench` measures and how often: the full bench, `--quick` for development, and flags to repeat more
// (or less) or to measure only some sections. A bad flag is a one-line error naming it.

import { WORKERS } from "../../support/config/index.ts";

export const SECTIONS = ["parse", "default", "syncWait", "realistic", "scale"] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  mode: "full" | "quick";
  sections: Section[];
  /** Repetitions of the default checklist (beside its floor). */
  runs: number;
  /** Workers of the default checklist runs (the harness's default against the embedded sandbox). */
  workers: number;
  /** Workers of the realistic node's runs (the harness's default against a real node). */
  realisticWorkers: number;
  /** Pipe run durations of the realistic node, ms, each with its repetitions and the passes that time one pass. */
  realistic: { runDurationMs: number; runs: number; passes: number }[];
  /** A realistic run longer than this many times its lower bound is stopped. */
  capFactor: number;
  scale: { sizes: number[]; workers: number[]; sampleRows: number; runs: number };
}

/** Issue 14: every timed figure of the full bench is a median with its min-max over at least this many runs. */
const FULL_RUNS = 5;

const FULL: BenchOptions = {
  mode: "full",
  sections: [...SECTIONS],
  runs: FULL_RUNS,
  workers: WORKERS.onThisMachine,
  realisticWorkers: WORKERS.remote,
  realistic: [
    { runDurationMs: 500, runs: FULL_RUNS, passes: FULL_RUNS },
    { runDurationMs: 2000, runs: FULL_RUNS, passes: FULL_RUNS },
  ],
  capFactor: 3,
  scale: { sizes: [50, 200, 1000], workers: [1, 2], sampleRows: 4, runs: FULL_RUNS },
};

const QUICK: BenchOptions = {
  mode: "quick",
  sections: [...SECTIONS],
  runs: 2,
  workers: WORKERS.onThisMachine,
  realisticWorkers: WORKERS.remote,
  realistic: [{ runDurationMs: 200, runs: 1, passes: 3 }],
  capFactor: 3,
  scale: { sizes: [50, 200, 1000], workers: [1, 2], sampleRows: 2, runs: 1 },
};

export const USAGE = `npm run bench [-- options]
  --quick                 fewer repetitions, a 200 ms-per-pipe node, a 2-row sample (for development)
  --runs N                repetitions of the default checklist and its floor (full: ${FULL_RUNS}, quick: 2)
  --realistic MS[:RUNS],… pipe run durations of the realistic node, each run RUNS times (full: 500:${FULL_RUNS},2000:${FULL_RUNS}; RUNS
                          left out: ${FULL_RUNS}, quick: 1)
  --cap N                 stop a realistic run after N times its lower bound (3)
  --workers N             workers of the default checklist runs (${WORKERS.onThisMachine}, as npm run qa on the embedded sandbox)
  --realistic-workers N   workers of the realistic node's runs (${WORKERS.remote}, as npm run qa against a real node)
  --scale-runs N          repetitions of each scale cell (full: ${FULL_RUNS}, quick: 1)
  --sample-rows N         rows of each scale document run (full: 4, quick: 2)
  --only SECTION,…        ${SECTIONS.join(", ")}`;

function positive(flag: string, value: string | undefined): number {
  const number = Number(value);
  if (!value || !Number.isInteger(number) || number < 1)
    throw new Error(`bench: ${flag} needs a whole number of 1 or more, got "${value ?? ""}"`);
  return number;
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = structuredClone(argv.includes("--quick") ? QUICK : FULL);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = () => argv[++i];
    switch (flag) {
      case "--quick":
        break;
      case "--runs":
        options.runs = positive(flag, value());
        break;
      case "--workers":
        options.workers = positive(flag, value());
        break;
      case "--realistic-workers":
        options.realisticWorkers = positive(flag, value());
        break;
      case "--cap":
        options.capFactor = positive(flag, value());
        break;
      case "--scale-runs":
        options.scale.runs = positive(flag, value());
        break;
      case "--sample-rows":
        options.scale.sampleRows = positive(flag, value());
        break;
      case "--realistic": {
        const raw = value() ?? "";
        options.realistic = raw.split(",").map((part) => {
          const [ms, runs] = part.split(":");
          const runDurationMs = Number(ms);
          if (!ms || !Number.isInteger(runDurationMs) || runDurationMs < 0)
            throw new Error(`bench: --realistic "${part}" is not MS[:RUNS]`);
          const [preset] = QUICK.realistic;
          const standard = options.mode === "quick" && preset ? preset : { runs: FULL_RUNS, passes: FULL_RUNS };
          return {
            runDurationMs,
            runs: runs === undefined ? standard.runs : positive("--realistic", runs),
            passes: standard.passes,
          };
        });
        break;
      }
      case "--only": {
        const names = (value() ?? "").split(",").filter(Boolean);
        const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
        if (names.length === 0 || unknown.length)
          throw new Error(`bench: --only takes ${SECTIONS.join(", ")}; got "${unknown.join(",")}"`);
        options.sections = names as Section[];
        break;
      }
      default:
        throw new Error(`bench: unknown option "${flag}"\n${USAGE}`);
    }
  }
  return options;
}
