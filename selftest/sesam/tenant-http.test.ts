// The reference sync's own HTTP to the tenants: 429 waits as Retry-After says, 5xx and dropped connections are
// repeated for calls safe to repeat, a create whose answer was lost is looked up before it is sent again, the
// PowerOffice token is reused, and under the sandbox's injected faults the sync still converges without
// duplicates.
import { expect, test } from "./fixtures.ts";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { TenantRequestCounter } from "../../emulators/sesam/sync/tenant/counter.ts";
import { LostAnswerError, TenantHttp, TenantHttpError } from "../../emulators/sesam/sync/tenant/http.ts";
import { fixture, type Stack } from "./stack.ts";

type Script = ((req: IncomingMessage, res: ServerResponse) => void)[];

/** A server answering the n-th request with the n-th step of the script (the last step repeats). */
async function scripted(script: Script): Promise<{ url: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server = createServer((req, res) => {
    const step = script[Math.min(hits, script.length - 1)] as Script[number];
    hits++;
    req.resume();
    req.on("end", () => step(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (_: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
const drop = (req: IncomingMessage) => req.socket.destroy();

function http(url: string, counter = new TenantRequestCounter()) {
  return new TenantHttp({
    service: "test",
    baseUrl: url,
    counter,
    perSecond: false,
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 5_000 },
  });
}

test("429 waits as Retry-After says, then the call goes through; the node's stats count the 429", async () => {
  const server = await scripted([json(429, { message: "slow down" }, { "Retry-After": "1" }), json(200, { ok: true })]);
  const counter = new TenantRequestCounter();
  const client = http(server.url, counter);
  try {
    const started = Date.now();
    const answer = await client.call(
      { method: "POST", path: "/x", json: {}, idempotent: false },
      AbortSignal.timeout(5_000),
    );
    expect(answer.body).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.hits()).toBe(2);
    expect(counter.snapshot()).toMatchObject({ requests: 2, throttled: { test: 1 } });
  } finally {
    await client.close();
    await server.close();
  }
});

test("5xx and dropped connections are repeated for a call safe to repeat; a 4xx is not", async () => {
  const server = await scripted([json(503, {}), drop, json(200, [1])]);
  const client = http(server.url);
  try {
    expect(
      (await client.call({ method: "GET", path: "/x", idempotent: true }, AbortSignal.timeout(5_000))).body,
    ).toEqual([1]);
    expect(server.hits()).toBe(3);
  } finally {
    await client.close();
    await server.close();
  }
  const refusing = await scripted([json(400, { title: "bad" }), json(200, {})]);
  const again = http(refusing.url);
  try {
    await expect(
      again.call({ method: "GET", path: "/x", idempotent: true }, AbortSignal.timeout(5_000)),
    ).rejects.toThrow(TenantHttpError);
    expect(refusing.hits()).toBe(1);
  } finally {
    await again.close();
    await refusing.close();
  }
});

test("a create that lost its answer is not repeated blindly: the caller is told, to look it up first", async () => {
  for (const lose of [json(503, {}), drop]) {
    const server = await scripted([lose, json(201, { Id: 1 })]);
    const client = http(server.url);
    try {
      await expect(
        client.call({ method: "POST", path: "/x", json: {}, idempotent: false }, AbortSignal.timeout(5_000)),
      ).rejects.toThrow(LostAnswerError);
      expect(server.hits()).toBe(1);
    } finally {
      await client.close();
      await server.close();
    }
  }
});

/** Passes until one changes nothing; a run the tenants' faults failed is retried by the next pass, as a node does. */
async function settleThroughFaults(stack: Stack, maxPasses = 12): Promise<void> {
  for (let i = 0; i < maxPasses; i++) {
    const pass = await stack.pass();
    if (pass.runs.every((run) => run.outcome === "completed") && pass.changes === 0) return;
  }
  throw new Error(`no quiet pass in ${maxPasses}`);
}

test.describe(() => {
  test.use({ stackOptions: { checklists: [fixture("creation.rst")], runTimeoutMs: 60_000 } });
  test("under injected faults the sync converges and creates each record once", async ({ stack }) => {
    test.setTimeout(90_000);
    // A lost create is looked up for up to the read lag (2 s) before it is sent again: runs can take a while.
    const faults = {
      rate429: 0.15,
      retryAfterSeconds: 0,
      rate5xx: 0.15,
      dropRate: 0.1,
      lostResponseRate: 0.2,
      seed: 42,
    };
    const emails = ["ada@example.com", "grace@example.com", "alan@example.com"];
    for (const email of emails)
      await stack.yt.users.create({ login: email.split("@")[0] ?? "u", name: "Some One", email });
    stack.poweroffice.setFaults(faults);
    stack.youtrack.setFaults(faults);
    await settleThroughFaults(stack);
    stack.poweroffice.setFaults({ rate429: 0, rate5xx: 0, dropRate: 0, lostResponseRate: 0 });
    stack.youtrack.setFaults({ rate429: 0, rate5xx: 0, dropRate: 0, lostResponseRate: 0 });
    const customers = await stack.po.customers.list();
    const persons = await stack.po.contactPersons.list();
    for (const email of emails) {
      expect(
        customers.filter((c) => c.EmailAddress === email),
        `customers with ${email}`,
      ).toHaveLength(1);
      expect(
        persons.filter((p) => p.EmailAddress === email),
        `contact persons with ${email}`,
      ).toHaveLength(1);
    }
    const faulted = (await stack.admin("poweroffice", "stats")) as { faults?: Record<string, number> };
    expect(Object.values(faulted.faults ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});

test("the PowerOffice token is fetched once and reused across runs", async ({ stack }) => {
  await stack.po.contactPersons.create(stack.parentId, {
    FirstName: "A",
    LastName: "B",
    EmailAddress: "a@example.com",
  });
  for (let i = 0; i < 3; i++) await stack.pass();
  const routes = (stack.node.syncStats() as { tenantRequests: { byRoute: Record<string, number> } }).tenantRequests
    .byRoute;
  expect(routes["poweroffice GET /v2/ContactPersons"]).toBeGreaterThanOrEqual(3);
  expect(routes["poweroffice POST /OAuth/Token"]).toBe(1);
});
