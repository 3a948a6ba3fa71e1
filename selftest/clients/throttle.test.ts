// The client-side throttle: at most N requests busy in any window, shared per subscription key, abortable.
import { expect, test } from "@playwright/test";
import { sharedThrottle, SlidingWindowThrottle } from "../../support/clients/http/throttle.ts";

const WINDOW_MS = 1_050;

test("no more than perSecond requests start within a window of each other's answers", async () => {
  const throttle = new SlidingWindowThrottle();
  throttle.hold(4);
  const starts: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, () =>
      throttle.acquire().then((release) => {
        starts.push(performance.now() - t0);
        release();
      }),
    ),
  );
  expect(starts).toHaveLength(8);
  expect(starts.slice(0, 4).every((s) => s < 100)).toBe(true);
  for (let i = 4; i < starts.length; i++) {
    expect((starts[i] as number) - (starts[i - 4] as number)).toBeGreaterThanOrEqual(WINDOW_MS - 5);
  }
});

test("a request still in flight keeps its slot until its answer is in, plus a window", async () => {
  const throttle = new SlidingWindowThrottle();
  throttle.hold(1);
  const releaseFirst = await throttle.acquire();
  let secondAt: number | undefined;
  const second = throttle.acquire().then((release) => {
    secondAt = performance.now();
    release();
  });
  // Give the event loop a full turn: the second request must still be waiting.
  await new Promise((resolve) => setImmediate(resolve));
  expect(secondAt).toBeUndefined();
  const releasedAt = performance.now();
  releaseFirst();
  await second;
  expect((secondAt as number) - releasedAt).toBeGreaterThanOrEqual(WINDOW_MS - 5);
});

test("clients with one key share one throttle, the strictest limit applies until released", () => {
  const key = `key-${Math.random()}`;
  const a = sharedThrottle(key, 10);
  const b = sharedThrottle(key, 4);
  const other = sharedThrottle(`${key}-other`, 10);
  expect(a.throttle).toBe(b.throttle);
  expect(a.throttle).not.toBe(other.throttle);
  expect((a.throttle as SlidingWindowThrottle).limit).toBe(4);
  b.release();
  b.release();
  expect((a.throttle as SlidingWindowThrottle).limit).toBe(10);
  expect(() => sharedThrottle(key, 0)).toThrow(/perSecond/);
});

test("a pause holds everyone back, and a waiter can give up", async () => {
  const throttle = new SlidingWindowThrottle();
  throttle.hold(100);
  throttle.pause(300);
  const controller = new AbortController();
  const t0 = performance.now();
  const patient = throttle.acquire().then((release) => {
    release();
    return performance.now() - t0;
  });
  const impatient = throttle.acquire(controller.signal);
  controller.abort(new Error("gave up"));
  await expect(impatient).rejects.toThrow("gave up");
  expect(await patient).toBeGreaterThanOrEqual(290);
});
