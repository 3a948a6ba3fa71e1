// The looks at the harness's own writes across a replica's lag: two (half the lag, the whole lag) while the half
// look finds the write; one, at the whole lag, once it has missed twice in a row, with the half look tried again
// every tenth write. Each write's look counts against PowerOffice's 10 requests per second.
import { expect, test } from "@playwright/test";
import { ReplicaLooks } from "../../support/clients/http/replica.ts";

const LAG_MS = 200;

/** A replica that shows a write `replicaMs` after it was made; the looks each write took, and how long. */
async function writes(count: number, replicaMs: (write: number) => number) {
  const replica = new ReplicaLooks(LAG_MS);
  const looks: number[] = [];
  const tookMs: number[] = [];
  for (let write = 0; write < count; write++) {
    const madeAt = performance.now();
    let looked = 0;
    const seen = await replica.untilShows(async () => {
      looked++;
      return performance.now() - madeAt >= replicaMs(write);
    });
    expect(seen, `write ${write + 1}`).toBe(true);
    looks.push(looked);
    tookMs.push(performance.now() - madeAt);
  }
  return { looks, tookMs };
}

test("a replica quicker than half the lag is looked at once per write, at half the lag", async () => {
  expect((await writes(4, () => 20)).looks).toEqual([1, 1, 1, 1]);
});

test("a replica slower than half the lag: two looks for two writes, then one, and the half look again every tenth", async () => {
  // Seen from 150 ms: the half look (100 ms) misses it, the whole one (200 ms) finds it.
  expect((await writes(14, () => 150)).looks).toEqual([2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1]);
});

test("a replica that got quicker is found at half the lag again from the next probe on", async () => {
  const { looks, tookMs } = await writes(14, (write) => (write < 6 ? 150 : 20));
  expect(looks).toEqual([2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  // Writes 3 to 11 wait the whole lag; the probe (write 12) and the writes after it, half of it.
  for (const [write, ms] of tookMs.entries()) {
    if (write >= 2 && write <= 10) expect(ms, `write ${write + 1}`).toBeGreaterThanOrEqual(LAG_MS - 1);
    if (write >= 11) expect(ms, `write ${write + 1}`).toBeLessThan(LAG_MS * 0.75);
  }
});

test("no lag: one look at once", async () => {
  const replica = new ReplicaLooks(0);
  let looked = 0;
  expect(await replica.untilShows(async () => (looked++, false))).toBe(false);
  expect(looked).toBe(1);
});
