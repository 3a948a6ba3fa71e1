import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { parseChecklist } from "../../support/checklist/parse.ts";
import { generateChecklist } from "../checklist/generate.ts";

// How long parseChecklist takes on generated documents of 1,000 and 10,000 flows (the reader no longer runs the zod
// schema on its own output; the selftests do): the median of several runs, after warm-up parses of both documents so the figure is the optimised
// parser's and not the interpreter's, and a single GC pause does not decide it.

export interface ChecklistParseBench {
  name: string;
  flows: number;
  bytes: number;
  ms: number;
  msPerFlow: number;
}

const SIZES = [1_000, 10_000];
const WARMUP = 3;
const RUNS = 7;

export async function benchChecklistParse(): Promise<ChecklistParseBench[]> {
  const documents = SIZES.map((flows) => ({
    flows,
    file: `generated-${flows}.rst`,
    text: generateChecklist(flows, "\r\n").text,
  }));
  for (const { flows, file, text } of documents) {
    for (let run = 0; run < WARMUP; run++) {
      const parsed = parseChecklist(text, file);
      if (parsed.flows.length !== flows)
        throw new Error(`${file}: parsed ${parsed.flows.length} flows, expected ${flows}`);
    }
  }
  const results: ChecklistParseBench[] = [];
  for (const { flows, file, text } of documents) {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await new Promise((resolve) => setImmediate(resolve)); // let pending work run before, not during, a timing
      const started = performance.now();
      parseChecklist(text, file);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const ms = round(times[Math.floor(times.length / 2)] ?? 0);
    results.push({
      name: `checklist-parse-${flows}`,
      flows,
      bytes: Buffer.byteLength(text),
      ms,
      msPerFlow: round(ms / flows, 4),
    });
  }
  return results;
}

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchChecklistParse(), null, 2)}\n`);
}
