// The run's rate-limit hub: clients that share nothing but its URL (the run's worker processes) share one budget per
// key, a waiter that gives up takes no slot, and the hub never learns a key.
import { expect, test } from "@playwright/test";
import { setTimeout as delay } from "node:timers/promises";
import { HubThrottle, startThrottleHub, type ThrottleHub } from "../../support/clients/http/throttle-hub.ts";
import { sharedThrottle } from "../../support/clients/http/throttle.ts";

const WINDOW_MS = 1_050;

let hub: ThrottleHub;
test.beforeEach(async () => {
  hub = await startThrottleHub();
});
test.afterEach(async () => {
  await hub.close();
});

test("two workers' clients of one key keep to one limit between them, not one each", async () => {
  const key = `key-${Math.random()}`;
  const workers = [sharedThrottle(key, 3, hub.url), sharedThrottle(key, 3, hub.url)];
  const starts: { worker: number; at: number }[] = [];
  const t0 = performance.now();
  await Promise.all(
    workers.flatMap((lease, worker) =>
      Array.from({ length: 3 }, () =>
        lease.throttle.acquire().then((release) => {
          starts.push({ worker, at: performance.now() - t0 });
          release();
        }),
      ),
    ),
  );
  const at = starts.map((start) => start.at).sort((a, b) => a - b);
  // Three at once, whichever worker asked; the other three a window later.
  expect(at.slice(0, 3).every((ms) => ms < 300)).toBe(true);
  expect(at[3] as number).toBeGreaterThanOrEqual(WINDOW_MS - 5);
  expect(new Set(starts.map((start) => start.worker))).toEqual(new Set([0, 1]));
});

test("the strictest limit any worker was given holds; other keys have their own budget", async () => {
  const key = `key-${Math.random()}`;
  const strict = new HubThrottle(hub.url, key, 1);
  const lax = new HubThrottle(hub.url, key, 10);
  const other = new HubThrottle(hub.url, `${key}-other`, 1);
  (await strict.acquire())();
  const t0 = performance.now();
  (await other.acquire())();
  expect(performance.now() - t0).toBeLessThan(300);
  (await lax.acquire())();
  expect(performance.now() - t0).toBeGreaterThanOrEqual(WINDOW_MS - 100);
});

test("a worker that stops waiting takes no slot; a pause holds every worker back", async () => {
  const key = `key-${Math.random()}`;
  const a = new HubThrottle(hub.url, key, 1);
  const b = new HubThrottle(hub.url, key, 1);
  const release = await a.acquire();
  const gaveUp = new AbortController();
  const waiting = b.acquire(gaveUp.signal);
  await delay(50);
  gaveUp.abort(new Error("test over"));
  await expect(waiting).rejects.toThrow("test over");
  release();
  // Had the abandoned waiter been handed the freed slot, this one would wait a second window.
  const t0 = performance.now();
  (await b.acquire())();
  expect(performance.now() - t0).toBeLessThan(WINDOW_MS + 300);

  // A 429's Retry-After from one worker: the key's other workers wait it out too, other keys do not.
  const paused = `${key}-paused`;
  new HubThrottle(hub.url, paused, 10).pause(400);
  await delay(50);
  const t1 = performance.now();
  (await new HubThrottle(hub.url, `${key}-free`, 10).acquire())();
  expect(performance.now() - t1).toBeLessThan(200);
  (await new HubThrottle(hub.url, paused, 10).acquire())();
  expect(performance.now() - t1).toBeGreaterThanOrEqual(300);
});

test("a hub that is gone is named in the error", async () => {
  const gone = await startThrottleHub();
  await gone.close();
  await expect(new HubThrottle(gone.url, "k", 1).acquire()).rejects.toThrow(
    `the run's rate-limit hub at ${gone.url} did not answer /acquire`,
  );
});
