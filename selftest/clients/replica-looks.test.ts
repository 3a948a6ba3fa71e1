// The waits for the harness's own writes across a replica's lag: one look, at half the lag, and the rest of the lag
// waited out unlooked when it misses (a look at the whole lag could change nothing); no look at all once it has missed
// twice in a row, with the half look tried again every tenth write. Each look counts against PowerOffice's 10
// requests per second.
import { expect, test } from "@playwright/test";
import { ReplicaLooks } from "../../support/clients/http/replica.ts";

const LAG_MS = 200;

/** A replica that shows a write `replicaMs` after it was made; the looks each write took, and how long. */
async function writes(count: number, replicaMs: (write: number) => number) {
  const replica = new ReplicaLooks(LAG_MS);
  const looks: number[] = [];
  const tookMs: number[] = [];
  const seen: boolean[] = [];
  for (let write = 0; write < count; write++) {
    const madeAt = performance.now();
    let looked = 0;
    seen.push(
      await replica.untilShows(async () => {
        looked++;
        return performance.now() - madeAt >= replicaMs(write);
      }),
    );
    looks.push(looked);
    tookMs.push(performance.now() - madeAt);
  }
  return { looks, tookMs, seen };
}

test("a replica quicker than half the lag is looked at once per write, at half the lag, and the write goes on then", async () => {
  const { looks, tookMs, seen } = await writes(4, () => 20);
  expect(looks).toEqual([1, 1, 1, 1]);
  expect(seen).toEqual([true, true, true, true]);
  for (const [write, ms] of tookMs.entries()) expect(ms, `write ${write + 1}`).toBeLessThan(LAG_MS * 0.75);
});

test("a replica slower than half the lag: the lag is waited out, looked at for two writes, then every tenth", async () => {
  // Seen from 150 ms: the half look (100 ms) misses it; the rest of the lag is waited out, unlooked.
  const { looks, tookMs, seen } = await writes(14, () => 150);
  expect(looks).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
  expect(seen.every((one) => !one)).toBe(true);
  // The lag from the write, not more: a missed half look does not add to it.
  for (const [write, ms] of tookMs.entries()) {
    expect(ms, `write ${write + 1}`).toBeGreaterThanOrEqual(LAG_MS);
    expect(ms, `write ${write + 1}`).toBeLessThan(LAG_MS * 1.25);
  }
});

test("a replica that got quicker is found at half the lag again from the next probe on", async () => {
  const { looks, tookMs } = await writes(14, (write) => (write < 6 ? 150 : 20));
  expect(looks).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
  // Writes 3 to 11 wait the whole lag; the probe (write 12) and the writes after it, half of it.
  for (const [write, ms] of tookMs.entries()) {
    if (write >= 2 && write <= 10) expect(ms, `write ${write + 1}`).toBeGreaterThanOrEqual(LAG_MS - 1);
    if (write >= 11) expect(ms, `write ${write + 1}`).toBeLessThan(LAG_MS * 0.75);
  }
});

test("no lag: nothing to wait for, and no look", async () => {
  const replica = new ReplicaLooks(0);
  let looked = 0;
  expect(await replica.untilShows(async () => (looked++, false))).toBe(true);
  expect(looked).toBe(0);
});
