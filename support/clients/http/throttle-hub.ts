// One rate limit for the whole run. Each Playwright worker is a process of its own, and PowerOffice counts
// requests per subscription key, whichever process sends them: a limiter per process would have to split the key's
// 10 per second between the workers (5 each with 2 workers, 1 each with 10), so a worker with a burst to send waits
// while the others' share goes unused. The hub keeps the run's limiters (SlidingWindowThrottle, one per key) in the
// runner's process; the workers ask it for a slot before each request. It listens on 127.0.0.1 only, is started by
// global setup for one run, and never sees a key: limiters are named by a hash.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import { z } from "zod";
import { SlidingWindowThrottle, type ReleaseSlot, type Throttle } from "./throttle.ts";

/** A slot a worker took and never gave back (it died mid-request) frees itself after this long. */
const LEASE_MS = 120_000;

const AcquireSchema = z.strictObject({ id: z.string().min(1), perSecond: z.number().int().min(1) });
const ReleaseSchema = z.strictObject({ lease: z.number().int() });
const PauseSchema = z.strictObject({ id: z.string().min(1), ms: z.number().min(0) });

export interface ThrottleHub {
  url: string;
  close(): Promise<void>;
}

export async function startThrottleHub(): Promise<ThrottleHub> {
  const throttles = new Map<string, { throttle: SlidingWindowThrottle; limits: Set<number> }>();
  const leases = new Map<number, { release: ReleaseSlot; timer: NodeJS.Timeout }>();
  let nextLease = 0;

  const throttleFor = (id: string, perSecond?: number): SlidingWindowThrottle => {
    let entry = throttles.get(id);
    if (!entry) {
      entry = { throttle: new SlidingWindowThrottle(), limits: new Set() };
      throttles.set(id, entry);
    }
    // The strictest limit any worker was given holds for all.
    if (perSecond !== undefined && !entry.limits.has(perSecond)) {
      entry.limits.add(perSecond);
      entry.throttle.hold(perSecond);
    }
    return entry.throttle;
  };

  const routes: Record<string, (body: unknown, res: ServerResponse) => Promise<unknown>> = {
    "/acquire": async (body, res) => {
      const { id, perSecond } = AcquireSchema.parse(body);
      // A worker that gave up waiting (its request aborted, or it died) must not be handed a slot.
      const gone = new AbortController();
      res.on("close", () => {
        if (!res.writableEnded) gone.abort(new Error("the worker stopped waiting"));
      });
      const release = await throttleFor(id, perSecond).acquire(gone.signal);
      const lease = ++nextLease;
      const timer = setTimeout(() => giveBack(lease), LEASE_MS);
      timer.unref();
      leases.set(lease, { release, timer });
      if (gone.signal.aborted) giveBack(lease);
      return { lease };
    },
    "/release": async (body) => {
      giveBack(ReleaseSchema.parse(body).lease);
      return {};
    },
    "/pause": async (body) => {
      const { id, ms } = PauseSchema.parse(body);
      throttleFor(id).pause(ms);
      return {};
    },
  };

  const giveBack = (lease: number) => {
    const held = leases.get(lease);
    if (!held) return;
    leases.delete(lease);
    clearTimeout(held.timer);
    held.release();
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const route = req.method === "POST" ? routes[req.url ?? ""] : undefined;
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      route(JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}"), res).then(
        (answer) => {
          if (!res.destroyed) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
        },
        (error: unknown) => {
          if (!res.destroyed) res.writeHead(400).end(error instanceof Error ? error.message : String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const lease of [...leases.keys()]) giveBack(lease);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const LeaseSchema = z.strictObject({ lease: z.number().int() });

/** A worker's view of one of the hub's limiters: the same `Throttle` the transports take from a local one. */
export class HubThrottle implements Throttle {
  readonly #pool: Pool;

  constructor(
    private readonly hubUrl: string,
    private readonly id: string,
    private readonly perSecond: number,
  ) {
    this.#pool = hubPool(hubUrl);
  }

  async acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    const { lease } = LeaseSchema.parse(
      await this.#post("/acquire", { id: this.id, perSecond: this.perSecond }, signal),
    );
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Not awaited: a lost release only holds the slot until the hub's lease runs out.
      this.#post("/release", { lease }).catch(() => undefined);
    };
  }

  pause(ms: number): void {
    this.#post("/pause", { id: this.id, ms }).catch(() => undefined);
  }

  async #post(path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    let answer;
    try {
      answer = await this.#pool.request({
        path,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new Error(`the run's rate-limit hub at ${this.hubUrl} did not answer ${path}: ${String(error)}`, {
        cause: error,
      });
    }
    const text = await answer.body.text();
    if (answer.statusCode !== 200)
      throw new Error(`the run's rate-limit hub at ${this.hubUrl} refused ${path}: ${answer.statusCode} ${text}`);
    return JSON.parse(text) as unknown;
  }
}

// One connection pool per hub per process, whichever clients use it.
const pools = new Map<string, Pool>();
function hubPool(url: string): Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new Pool(url, { connections: 64 });
    pools.set(url, pool);
  }
  return pool;
}
