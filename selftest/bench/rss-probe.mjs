// Loaded into every Node process of a measured run (NODE_OPTIONS="--import <this file>"): at exit, each process
// appends its own peak RSS to the file BENCH_RSS_FILE names, with whether it is a Playwright worker
// (Playwright sets TEST_WORKER_INDEX in its workers), so the bench can tell the runner from the workers.
import { appendFileSync } from "node:fs";

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    const record = {
      pid: process.pid,
      ppid: process.ppid,
      worker: process.env.TEST_WORKER_INDEX ?? null,
      // resourceUsage().maxRSS is in kilobytes.
      maxRssKb: process.resourceUsage().maxRSS,
    };
    appendFileSync(file, `${JSON.stringify(record)}\n`);
  });
}
