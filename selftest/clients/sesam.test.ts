// The Sesam client against a small scripted node serving the documented shapes (the node emulator comes
// later): pipes, the pump, and the pump execution log read with `_updated` sequence numbers.
import { expect, test as base } from "@playwright/test";
import type { ServerResponse } from "node:http";
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";
import { ApiError } from "../../support/clients/http/errors.ts";
import type { RequestLogEntry } from "../../support/clients/http/request-log.ts";
import { toRuns, type ExecutionLogEntity } from "../../support/clients/sesam/execution-log.ts";
import { createSesamClient, type SesamClient } from "../../support/clients/sesam/client.ts";
import { FAST_RETRY } from "./helpers/api.ts";
import { json, startScriptedServer, type Received, type ScriptedServer } from "./helpers/scripted-server.ts";

const JWT = SANDBOX_CREDENTIALS.sesam.jwt;
const PIPE = "youtrack-user-share";

/** A node with one pipe whose log the test fills; `start` appends a run that completes at once. */
function fakeNode() {
  const versions: Array<Record<string, unknown> & { _id: string; _updated: number }> = [];
  let seq = 100;
  const write = (entity: Record<string, unknown> & { _id: string }) =>
    versions.push({ ...entity, _updated: ++seq, _ts: Date.now() * 1000 });
  const run = (outcome: "completed" | "failed" | "running", succeeded = 3) => {
    const start_time = new Date(Date.now() + seq).toISOString();
    write({ _id: "pump-started", event_type: "pump-started", start_time });
    const startedAt = seq;
    if (outcome === "completed") {
      write({
        _id: "pump-completed",
        event_type: "pump-completed",
        start_time,
        end_time: start_time,
        total_time: 0.5,
        entities_succeeded: succeeded,
        entities_failed: 0,
        retry_entities_exist: false,
        pump_started_location: startedAt,
      });
    }
    if (outcome === "failed") {
      write({
        _id: "pump-failed",
        event_type: "pump-failed",
        start_time,
        end_time: start_time,
        reason_why_stopped: "Traceback: boom",
        pump_started_location: startedAt,
      });
    }
  };
  const handle = (req: Received, res: ServerResponse) => {
    if (req.headers.authorization !== `Bearer ${JWT}`) return json(res, 401, { detail: "bad token" });
    const url = new URL(req.url, "http://node");
    if (url.pathname === "/api/pipes")
      return json(res, 200, [{ _id: PIPE, runtime: { "is-running": false, "is-disabled": false } }]);
    if (url.pathname === `/api/pipes/${PIPE}`)
      return json(res, 200, { _id: PIPE, runtime: { "is-running": false, "is-valid-config": true } });
    if (url.pathname === `/api/pipes/${PIPE}/pump` && req.method === "POST") {
      if (new URLSearchParams(req.body).get("operation") === "start") run("completed");
      return json(res, 200, { _id: `pump:${PIPE}`, runtime: { "is-running": true } });
    }
    const dataset = /^\/api\/datasets\/([^/]+)\/entities$/.exec(url.pathname)?.[1];
    if (dataset && decodeURIComponent(dataset) === `system:pump_execution:${PIPE}`) {
      const since = Number(url.searchParams.get("since") ?? -1);
      const history = url.searchParams.get("history") === "true";
      let rows = versions.filter((v) => v._updated > since);
      if (!history) rows = rows.filter((v) => v === versions.findLast((w) => w._id === v._id));
      if (url.searchParams.get("reverse") === "true") rows = [...rows].reverse();
      const limit = Number(url.searchParams.get("limit") ?? Infinity);
      return json(res, 200, rows.slice(0, limit));
    }
    return json(res, 404, { detail: "not found" });
  };
  return { versions, run, handle };
}

/** The client on a scripted node (listening on a free port); the node's base URL ends in `nodeSuffix`. */
const test = base.extend<{
  nodeSuffix: string;
  node: ReturnType<typeof fakeNode>;
  nodeServer: ScriptedServer;
  received: Received[];
  log: RequestLogEntry[];
  client: SesamClient;
}>({
  nodeSuffix: ["/api", { option: true }],
  node: async ({}, use) => use(fakeNode()),
  nodeServer: async ({ node }, use) => {
    const server = await startScriptedServer((req, res) => node.handle(req, res));
    await use(server);
    await server.close();
  },
  received: async ({ nodeServer }, use) => use(nodeServer.received),
  log: async ({}, use) => use([]),
  client: async ({ nodeServer, nodeSuffix, log }, use) => {
    const client = createSesamClient({
      baseUrl: `${nodeServer.url}${nodeSuffix}`,
      jwt: JWT,
      retry: FAST_RETRY,
      onRequest: (e) => log.push(e),
    });
    await use(client);
    await client.close();
  },
});

test.describe(() => {
  test.use({ nodeSuffix: "" });
  test("pipes.list, pipes.get and pipes.pump speak the node API (a bare node URL gets /api)", async ({
    client,
    received,
    log,
  }) => {
    const pipes = await client.pipes.list();
    expect(pipes.map((p) => p._id)).toEqual([PIPE]);
    const pipe = await client.pipes.get(PIPE);
    expect(pipe.runtime?.["is-running"]).toBe(false);
    expect(await client.pipes.start(PIPE)).toBe("started");
    const post = received.at(-1);
    expect(post?.method).toBe("POST");
    expect(post?.url).toBe(`/api/pipes/${PIPE}/pump`);
    expect(post?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(post?.body).toBe("operation=start");
    expect(log.map((e) => e.service)).toEqual(["sesam", "sesam", "sesam"]);
  });
});

test("executionLog.lastSequence is one request for the highest _updated; a pipe that never ran has none", async ({
  node,
  client,
  received,
}) => {
  expect(await client.executionLog.lastSequence(PIPE)).toBeNull();
  node.run("completed");
  node.run("failed");
  const before = received.length;
  expect(await client.executionLog.lastSequence(PIPE)).toBe(104);
  expect(received.length - before).toBe(1);
  const url = new URL(received.at(-1)?.url ?? "", "http://node");
  expect(url.pathname).toBe(`/api/datasets/system:pump_execution:${PIPE}/entities`);
  expect(Object.fromEntries(url.searchParams)).toEqual({ history: "true", reverse: "true", limit: "1" });
  // A missing log (no dataset yet) reads as "no runs"; other errors stay errors.
  expect(await client.executionLog.lastSequence("never-ran")).toBeNull();
  await expect(client.executionLog.entities("never-ran")).rejects.toMatchObject({ code: "http_404" });
});

test("executionLog.entities passes since, limit, reverse and history", async ({ node, client, received }) => {
  node.run("completed");
  node.run("completed");
  const latest = await client.executionLog.entities(PIPE);
  expect(latest.map((e) => e._id).sort()).toEqual(["pump-completed", "pump-started"]);
  const all = await client.executionLog.entities(PIPE, { history: true, since: 101, limit: 2, reverse: false });
  expect(all.map((e) => e._updated)).toEqual([102, 103]);
  expect(new URL(received.at(-1)?.url ?? "", "http://n").search).toBe("?since=101&limit=2&reverse=false&history=true");
});

test("executionLog.runsSince turns the versions after a sequence into runs", async ({ node, client }) => {
  node.run("completed", 7);
  const seq = await client.executionLog.lastSequence(PIPE);
  node.run("completed", 2);
  node.run("failed");
  node.run("running");
  const runs = await client.executionLog.runsSince(PIPE, seq);
  expect(runs).toEqual([
    {
      startedSeq: 103,
      startTime: expect.any(String),
      outcome: "completed",
      completed: {
        seq: 104,
        endTime: expect.any(String),
        totalTime: 0.5,
        entitiesSucceeded: 2,
        entitiesFailed: 0,
        retryEntitiesExist: false,
        changes: null,
      },
    },
    {
      startedSeq: 105,
      startTime: expect.any(String),
      outcome: "failed",
      failed: {
        seq: 106,
        endTime: expect.any(String),
        reason: "Traceback: boom",
        entitiesSucceeded: null,
        entitiesFailed: null,
      },
    },
    { startedSeq: 107, startTime: expect.any(String), outcome: "running" },
  ]);
  // From the start: the earlier run too. With nothing after the sequence: no runs.
  expect(await client.executionLog.runsSince(PIPE, null)).toHaveLength(4);
  expect(await client.executionLog.runsSince(PIPE, 107)).toEqual([]);
});

test("runsSince pages through long logs", async ({ node, client, log }) => {
  for (let i = 0; i < 600; i++) node.run("completed");
  const runs = await client.executionLog.runsSince(PIPE, null);
  expect(runs).toHaveLength(600);
  expect(runs.every((r) => r.outcome === "completed")).toBe(true);
  // 1200 versions at 1000 a page: two requests.
  expect(log).toHaveLength(2);
});

test("toRuns pairs ends with starts by location or start time, and keeps an end whose start is older", () => {
  const v = (_updated: number, entity: Record<string, unknown>) => ({ _updated, ...entity }) as ExecutionLogEntity;
  const runs = toRuns([
    v(12, {
      _id: "pump-completed",
      event_type: "pump-completed",
      start_time: "T2",
      entities_succeeded: 1,
      pump_started_location: 11,
    }),
    v(10, {
      _id: "pump-failed",
      event_type: "pump-failed",
      start_time: "T0",
      reason: "node restarted",
      pump_started_location: 3,
    }),
    v(11, { _id: "pump-started", event_type: "pump-started", start_time: "T2" }),
    v(13, { _id: "pump-offset-set", event_type: "pump-offset-set" }),
    v(14, { _id: "pump-started", event_type: "pump-started", start_time: "T3" }),
    v(15, { _id: "pump-ended", start_time: "T3", entities_succeeded: 0 }),
  ]);
  expect(runs.map((r) => [r.startedSeq, r.outcome, r.completed?.seq ?? r.failed?.seq])).toEqual([
    [3, "failed", 10],
    [11, "completed", 12],
    [14, "completed", 15],
  ]);
  expect(runs[0]?.failed?.reason).toBe("node restarted");
});

test("starting a pump is not repeated after a 503 (the driver reads the runtime instead); stopping it is", async () => {
  let stopCalls = 0;
  const server = await startScriptedServer((req, res) => {
    if (new URLSearchParams(req.body).get("operation") === "start") return json(res, 503, { detail: "busy" });
    return ++stopCalls === 1 ? json(res, 503, { detail: "busy" }) : json(res, 200, { _id: "pump:p" });
  });
  const client = createSesamClient({ baseUrl: `${server.url}/api`, jwt: JWT, retry: FAST_RETRY });
  try {
    const error = await client.pipes.start("p").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("http_503");
    expect(await client.pipes.pump("p", "stop")).toEqual({ _id: "pump:p" });
    expect(server.received.map((r) => r.body)).toEqual(["operation=start", "operation=stop", "operation=stop"]);
  } finally {
    await client.close();
    await server.close();
  }
});
