// The Sesam node API as the harness drives it: auth, pipes and their runtime, pump operations (a second start
// while running, stop, enable/disable), the pump execution log as a Sesam dataset, 404s, failing tenants, the
// optional schedule and the admin routes. Requests are plain fetch, so the API is tested apart from the client.
import { expect, test } from "./fixtures.ts";
import { eventually, JWT, type Stack, DEFAULT_CHECKLIST, DEFAULT_PIPE_ORDER } from "./stack.ts";
import { loadChecklist } from "../../support/checklist/load.ts";

const auth = { Authorization: `Bearer ${JWT}` };

async function api(stack: Stack, path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${stack.node.url}/api${path}`, {
    ...init,
    headers: { ...auth, ...(init.headers ?? {}) },
  });
  return { status: response.status, body: await response.json() };
}

const pump = (stack: Stack, pipe: string, operation: string) =>
  api(stack, `/pipes/${pipe}/pump`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ operation }).toString(),
  });

type Entity = Record<string, unknown> & { _id: string; _updated: number };
const log = async (stack: Stack, pipe: string, query = "") =>
  (await api(stack, `/datasets/system:pump_execution:${pipe}/entities${query}`)).body as Entity[];

async function completedRuns(stack: Stack, pipe: string): Promise<number> {
  return (await log(stack, pipe, "?history=true")).filter((e) => e._id !== "pump-started").length;
}

test.describe("Sesam node API", () => {
  test("rejects requests without the JWT with a 401 and Sesam's error body", async ({ stack }) => {
    const none = await fetch(`${stack.node.url}/api/pipes`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      message: expect.stringContaining("JWT"),
      code: "401 Unauthorized",
      title: "Unauthorized",
    });
    const wrong = await fetch(`${stack.node.url}/api/pipes`, { headers: { Authorization: "Bearer not-the-jwt" } });
    expect(wrong.status).toBe(401);
    const basic = await fetch(`${stack.node.url}/api/pipes`, { headers: { Authorization: `Basic ${JWT}` } });
    expect(basic.status).toBe(401);
  });

  test("lists the pipes in pump order with their runtime, and 404s an unknown pipe", async ({ stack }) => {
    const { status, body } = await api(stack, "/pipes");
    expect(status).toBe(200);
    const pipes = body as {
      _id: string;
      runtime: Record<string, unknown>;
      config: { original: Record<string, unknown> };
    }[];
    expect(pipes.map((p) => p._id)).toEqual(DEFAULT_PIPE_ORDER);
    expect(stack.node.pipes).toEqual(pipes.map((p) => p._id));
    for (const pipe of pipes) {
      expect(pipe.runtime).toMatchObject({ "is-running": false, "is-disabled": false, "is-valid-config": true });
    }
    const merge = pipes.find((p) => p._id === "global-person");
    expect(merge?.runtime.dependencies).toEqual([
      "youtrack-users-collect",
      "powerofficego-contactperson-collect",
      "powerofficego-customers-person-collect",
    ]);
    const one = await api(stack, "/pipes/global-person");
    expect(one.status).toBe(200);
    expect((one.body as { _id: string })._id).toBe("global-person");
    const missing = await api(stack, "/pipes/no-such-pipe");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: "404 Not Found", message: expect.stringContaining("no-such-pipe") });
    expect((await pump(stack, "no-such-pipe", "start")).status).toBe(404);
    expect((await api(stack, "/datasets/system:pump_execution:no-such-pipe/entities")).status).toBe(404);
  });

  const logEveryRun = (stack: Stack) =>
    fetch(`${stack.node.url}/__admin/config`, {
      method: "PUT",
      body: JSON.stringify({ pumpSettings: { all: { log_events_noop_runs: true } } }),
    });

  test("pump operations: start runs once, a second start while running answers 409, stop fails the run", async ({
    stack,
  }) => {
    await logEveryRun(stack);
    stack.youtrack.setFaults({ latencyMs: 400 });
    const started = await pump(stack, "youtrack-users-collect", "start");
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ _id: "pump:youtrack-users-collect", runtime: { "is-running": true } });
    // A pipe that logs every run writes pump-started before the start is answered.
    expect((await log(stack, "youtrack-users-collect")).map((e) => e._id)).toEqual(["pump-started"]);

    const again = await pump(stack, "youtrack-users-collect", "start");
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ runtime: { "is-running": true } });
    await eventually(
      async () => ((await completedRuns(stack, "youtrack-users-collect")) === 1 ? true : undefined),
      "the run to end",
    );
    const history = await log(stack, "youtrack-users-collect", "?history=true");
    expect(history.map((e) => e._id)).toEqual(["pump-started", "pump-completed"]);
    expect((await api(stack, "/pipes/youtrack-users-collect")).body).toMatchObject({
      runtime: { "is-running": false, "last-message": "", "last-run": expect.any(String) },
    });

    expect((await pump(stack, "youtrack-users-collect", "start")).status).toBe(200);
    expect((await pump(stack, "youtrack-users-collect", "stop")).status).toBe(200);
    const failed = await eventually(
      async () => (await log(stack, "youtrack-users-collect")).find((e) => e._id === "pump-failed"),
      "pump-failed",
    );
    expect(failed).toMatchObject({ event_type: "pump-failed", reason_why_stopped: "The pump was stopped" });
    expect((await api(stack, "/pipes/youtrack-users-collect")).body).toMatchObject({
      runtime: { "is-running": false, "last-message": "The pump was stopped" },
    });
  });

  test("enable and disable set is-disabled; unknown or missing operations are 400", async ({ stack }) => {
    expect((await pump(stack, "global-person", "disable")).body).toMatchObject({ runtime: { "is-disabled": true } });
    expect((await api(stack, "/pipes/global-person")).body).toMatchObject({ runtime: { "is-disabled": true } });
    expect((await pump(stack, "global-person", "enable")).body).toMatchObject({ runtime: { "is-disabled": false } });
    const unknown = await pump(stack, "global-person", "explode");
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ message: expect.stringContaining("doesn't support the operation") });
    const missing = await api(stack, "/pipes/global-person/pump", { method: "POST" });
    expect(missing.status).toBe(400);
    // JSON bodies are accepted too.
    const json = await api(stack, "/pipes/global-person/pump", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ operation: "disable" }),
    });
    expect(json.body).toMatchObject({ runtime: { "is-disabled": true } });
  });

  test("the execution log is a Sesam dataset: latest per _id, history, since, limit, reverse", async ({ stack }) => {
    await logEveryRun(stack);
    for (let i = 0; i < 3; i++) await stack.pump("global-person");
    const latest = await log(stack, "global-person");
    expect(latest.map((e) => e._id)).toEqual(["pump-started", "pump-completed"]);
    expect(latest.map((e) => e._updated)).toEqual([4, 5]);
    const completed = latest[1] as Entity;
    expect(completed).toMatchObject({
      _deleted: false,
      event_type: "pump-completed",
      pipe: "global-person",
      pump_started_location: 4,
      entities_succeeded: 0,
      entities_failed: 0,
      retry_entities_exist: false,
      metrics: { entities: { changes_last_run: 0, entities_last_run: expect.any(Number) } },
    });
    expect(typeof completed._ts).toBe("number");
    // Documented as a string of seconds.
    expect(completed.total_time).toMatch(/^\d+\.\d{3}$/);
    expect(Date.parse(String(completed.end_time))).toBeGreaterThanOrEqual(Date.parse(String(completed.start_time)));

    const history = await log(stack, "global-person", "?history=true");
    expect(history.map((e) => e._updated)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(history.map((e) => e._id)).toEqual([
      "pump-started",
      "pump-completed",
      "pump-started",
      "pump-completed",
      "pump-started",
      "pump-completed",
    ]);
    expect(history[2]?._previous).toBe(0);
    expect((await log(stack, "global-person", "?history=true&since=3")).map((e) => e._updated)).toEqual([4, 5]);
    expect((await log(stack, "global-person", "?history=true&reverse=true&limit=2")).map((e) => e._updated)).toEqual([
      5, 4,
    ]);
    expect((await log(stack, "global-person", "?history=true&limit=1")).map((e) => e._updated)).toEqual([0]);
    expect((await log(stack, "global-person", "?since=4")).map((e) => e._id)).toEqual(["pump-completed"]);
    expect((await log(stack, "global-person", "?since=5")).length).toBe(0);
    const bad = await api(stack, "/datasets/system:pump_execution:global-person/entities?since=yesterday");
    expect(bad.status).toBe(400);
    expect((await api(stack, "/datasets/nope/entities")).status).toBe(404);
    // The pipes' own sink datasets are served too.
    const datasets = (await api(stack, "/datasets")).body as { _id: string }[];
    expect(datasets.map((d) => d._id)).toEqual(
      expect.arrayContaining(["system:pump_execution:global-person", "global-person", "youtrack-users-collect"]),
    );
  });

  test("a tenant that keeps failing ends the run as pump-failed with the reason, never a hang", async ({ stack }) => {
    stack.youtrack.setFaults({ rate5xx: 1 });
    const run = await stack.pump("youtrack-users-collect");
    expect(run.outcome).toBe("failed");
    expect(run.reason).toContain("503");
    expect((await api(stack, "/pipes/youtrack-users-collect")).body).toMatchObject({
      runtime: { "is-running": false, "last-message": expect.stringContaining("503") },
    });
    // Errors are always logged, whatever the pump settings.
    expect((await log(stack, "youtrack-users-collect")).map((e) => e._id)).toEqual(["pump-started", "pump-failed"]);
    stack.youtrack.setFaults({ rate5xx: 0 });
    expect((await stack.pump("youtrack-users-collect")).outcome).toBe("completed");
  });

  test("admin: defects are validated and switchable at run time; stats count runs and tenant requests", async ({
    stack,
  }) => {
    const bad = await fetch(`${stack.node.url}/__admin/config`, {
      method: "PUT",
      body: JSON.stringify({ defects: ["no-such"] }),
    });
    expect(bad.status).toBe(400);
    const error = ((await bad.json()) as { error: string }).error;
    expect(error).toContain('unknown defect "no-such"');
    expect(error).toContain("direction-off:<to-youtrack | to-poweroffice>");
    expect(error).not.toContain("\n");
    const ok = await fetch(`${stack.node.url}/__admin/config`, {
      method: "PUT",
      body: JSON.stringify({ defects: ["oldest-wins", "truncate-values:4"], lateWriteDelayMs: 50 }),
    });
    expect(ok.status).toBe(200);
    expect(await stack.admin("sesam", "config")).toMatchObject({
      defects: ["oldest-wins", "truncate-values:4"],
      lateWriteDelayMs: 50,
    });

    await stack.pass();
    await stack.pass();
    const stats = stack.node.syncStats() as {
      runs: Record<string, number>;
      zeroChangeRuns: Record<string, number>;
      tenantRequests: { requests: number; byService: Record<string, number> };
    };
    expect(stats.runs["global-person"]).toBe(2);
    expect(stats.zeroChangeRuns["global-person"]).toBe(2);
    expect(stats.tenantRequests.byService.youtrack).toBeGreaterThan(0);
    expect(stats.tenantRequests.byService.poweroffice).toBeGreaterThan(0);

    await fetch(`${stack.node.url}/__admin/reset`, { method: "POST" });
    expect(await stack.admin("sesam", "config")).toMatchObject({ defects: [], lateWriteDelayMs: 60_000 });
    expect(await log(stack, "global-person")).toEqual([]);
  });
});

test.describe(() => {
  test.use({ stackOptions: { node: { schedule: { intervalMs: 20 } } } });
  test("the optional schedule runs every pipe in order without being pumped", async ({ stack }) => {
    await stack.yt.users.create({ login: "sam", name: "Sam", email: "sam@example.com" });
    await stack.po.contactPersons.create(stack.parentId, {
      FirstName: "Sam",
      LastName: "S",
      EmailAddress: "sam@example.com",
    });
    await eventually(async () => {
      const store = (await stack.admin("sesam", "store")) as { links: Record<string, { links: unknown[] }> };
      return Object.values(store.links).some((entry) => entry.links.length === 1) ? true : undefined;
    }, "the scheduled runs to link the records");
    const pipe = (await (await fetch(`${stack.node.url}/api/pipes/global-person`, { headers: auth })).json()) as {
      runtime: Record<string, unknown>;
    };
    expect(pipe.runtime["last-run"]).not.toBeNull();
  });
});

test("a bad option is rejected naming it; an unknown defect lists the valid ones", async () => {
  const { SesamNodeEmulator } = await import("../../emulators/sesam/server.ts");
  expect(
    () => new SesamNodeEmulator({ youtrack: { url: "not a url" }, poweroffice: { url: "http://127.0.0.1:1" } }),
  ).toThrow(/options\.youtrack\.url/);
  expect(
    () =>
      new SesamNodeEmulator({
        youtrack: { url: "http://127.0.0.1:1" },
        poweroffice: { url: "http://127.0.0.1:1" },
        defects: ["lower"],
      }),
  ).toThrow(/unknown defect "lower"; valid defects: direction-off/);
  expect(
    () =>
      new SesamNodeEmulator({
        youtrack: { url: "http://127.0.0.1:1" },
        poweroffice: { url: "http://127.0.0.1:1" },
        defects: ["direction-off:sideways"],
      }),
  ).toThrow(/direction-off:sideways/);
  expect(
    () =>
      new SesamNodeEmulator({
        youtrack: { url: "http://127.0.0.1:1" },
        poweroffice: { url: "http://127.0.0.1:1" },
        checklists: [loadChecklist(DEFAULT_CHECKLIST)],
        failingRuns: { pipe: "youtrack-users-colect", rate: 0.5 },
      }),
  ).toThrow(/options\.failingRuns\.pipe: no pipe "youtrack-users-colect" \(the node has .*youtrack-users-collect/);
});

test.describe("failingRuns", () => {
  test.use({ stackOptions: { node: { failingRuns: { pipe: "youtrack-users-collect", rate: 0.5, seed: 3 } } } });

  test("the share of the pipe's runs asked for fails, with the reason in its execution log, and the next run tries again; other pipes run", async ({
    stack,
  }) => {
    const outcomes: string[] = [];
    for (let run = 0; run < 20; run++) {
      const ended = await stack.pump("youtrack-users-collect");
      outcomes.push(ended.outcome);
      if (ended.outcome === "failed") expect(ended.reason).toMatch(/injected failure of a youtrack-users-collect run/);
    }
    const failed = outcomes.filter((outcome) => outcome === "failed").length;
    expect(failed, outcomes.join(" ")).toBeGreaterThanOrEqual(5);
    expect(failed, outcomes.join(" ")).toBeLessThanOrEqual(15);
    expect((await stack.pump("global-person")).outcome).not.toBe("failed");
  });
});
