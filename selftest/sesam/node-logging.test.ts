// Which runs the node writes to its execution log, as a real node decides it (configuration-pump.rst): no-op runs are
// not logged by default; `log_events_noop_runs`, `log_events_noop_runs_changes_only` and `notification_granularity`
// change that, per pipe, through the options and the admin config, and `config.effective.pump` shows them. The
// pump's runtime moves on with every run, logged or not.
import { expect, test } from "./fixtures.ts";
import { eventually, JWT, type Stack } from "./stack.ts";

const auth = { Authorization: `Bearer ${JWT}` };
const PIPE = "youtrack-users-collect";

type Entity = Record<string, unknown> & { _id: string; _updated: number };

async function get<T>(stack: Stack, path: string): Promise<T> {
  const response = await fetch(`${stack.node.url}/api${path}`, { headers: auth });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}
const history = (stack: Stack, pipe = PIPE) =>
  get<Entity[]>(stack, `/datasets/system:pump_execution:${pipe}/entities?history=true`);
const runtime = async (stack: Stack, pipe = PIPE) =>
  (await get<{ runtime: Record<string, unknown> }>(stack, `/pipes/${pipe}/pump`)).runtime;

/** Starts a run and waits for the runtime to show it ended (the log may say nothing of it). */
async function runOnce(stack: Stack, pipe = PIPE): Promise<void> {
  const before = (await runtime(stack, pipe))["last-run"];
  const started = await fetch(`${stack.node.url}/api/pipes/${pipe}/pump`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/x-www-form-urlencoded" },
    body: "operation=start",
  });
  expect(started.status).toBe(200);
  await eventually(async () => {
    const now = await runtime(stack, pipe);
    return now["is-running"] === false && now["last-run"] !== before ? true : undefined;
  }, `a run of ${pipe} to end`);
}

async function setPump(stack: Stack, pumpSettings: unknown): Promise<void> {
  const response = await fetch(`${stack.node.url}/__admin/config`, {
    method: "PUT",
    body: JSON.stringify({ pumpSettings }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

test.describe("execution log under the pump settings", () => {
  test("by default a run that changed nothing leaves no entry; one that changed something logs its start and end", async ({
    stack,
  }) => {
    const effective = await get<{
      config: { effective: { pump: Record<string, unknown> }; original: { pump: Record<string, unknown> } };
    }>(stack, `/pipes/${PIPE}`);
    expect(effective.config.effective.pump).toMatchObject({
      log_events_noop_runs: false,
      log_events_noop_runs_changes_only: true,
      notification_granularity: 999_999_999_999_999,
    });
    expect(effective.config.original.pump).not.toHaveProperty("log_events_noop_runs");

    await runOnce(stack);
    expect(await history(stack)).toEqual([]);
    const firstRun = (await runtime(stack))["last-run"];
    expect(firstRun).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);

    await stack.yt.users.create({ login: "ada", name: "Ada", email: "ada@example.com" });
    await runOnce(stack);
    const logged = await history(stack);
    expect(logged.map((e) => e._id)).toEqual(["pump-started", "pump-completed"]);
    expect(logged[1]).toMatchObject({
      entities_succeeded: expect.any(Number),
      metrics: { entities: { changes_last_run: 1, entities_last_run: 1 } },
      pump_started_location: logged[0]?._updated,
    });

    await runOnce(stack);
    expect((await history(stack)).length).toBe(2);
    expect((await runtime(stack))["last-run"]).not.toBe(firstRun);
    expect(stack.node.syncStats()).toMatchObject({
      runs: { [PIPE]: 3 },
      loggedRuns: { [PIPE]: 1 },
      zeroChangeRuns: { [PIPE]: 2 },
    });
  });

  test("log_events_noop_runs=true logs every run, its start written when the run starts", async ({ stack }) => {
    await setPump(stack, { pipes: { [PIPE]: { log_events_noop_runs: true } } });
    const pipe = await get<{
      config: { effective: { pump: Record<string, unknown> }; original: { pump: Record<string, unknown> } };
    }>(stack, `/pipes/${PIPE}`);
    expect(pipe.config.original.pump).toMatchObject({ log_events_noop_runs: true });
    expect(pipe.config.effective.pump).toMatchObject({
      log_events_noop_runs: true,
      log_events_noop_runs_changes_only: true,
    });
    await runOnce(stack);
    await runOnce(stack);
    const entries = await history(stack);
    expect(entries.map((e) => e._id)).toEqual(["pump-started", "pump-completed", "pump-started", "pump-completed"]);
    expect(entries[3]).toMatchObject({ metrics: { entities: { changes_last_run: 0 } } });
    // The other pipes keep Sesam's default.
    await runOnce(stack, "global-person");
    expect(await history(stack, "global-person")).toEqual([]);
  });

  test("log_events_noop_runs_changes_only=false: a run whose source yielded entities is logged even when nothing changed", async ({
    stack,
  }) => {
    await stack.yt.users.create({ login: "bo", name: "Bo", email: "bo@example.com" });
    await runOnce(stack);
    expect((await history(stack)).length).toBe(2);
    await runOnce(stack);
    expect((await history(stack)).length).toBe(2);
    await setPump(stack, { all: { log_events_noop_runs_changes_only: false } });
    await runOnce(stack);
    const entries = await history(stack);
    expect(entries.length).toBe(4);
    expect(entries[3]).toMatchObject({ metrics: { entities: { changes_last_run: 0, entities_last_run: 1 } } });
  });

  test("notification_granularity logs a no-op run once the last logged completion is older than it", async ({
    stack,
  }) => {
    await setPump(stack, { all: { notification_granularity: 3600 } });
    await runOnce(stack);
    // Never logged before: the granularity forces this one.
    expect((await history(stack)).length).toBe(2);
    await runOnce(stack);
    expect((await history(stack)).length).toBe(2);
  });

  test("a bad pump setting is refused naming it", async ({ stack }) => {
    const response = await fetch(`${stack.node.url}/__admin/config`, {
      method: "PUT",
      body: JSON.stringify({ pumpSettings: { all: { log_events_noop_runs: "yes" } } }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/pumpSettings\.all\.log_events_noop_runs/);
  });
});

test.describe(() => {
  test.use({ stackOptions: { node: { runDurationMs: 300 } } });
  test("runDurationMs keeps a run going at least that long, as a real node's runs take time", async ({ stack }) => {
    const started = await fetch(`${stack.node.url}/api/pipes/${PIPE}/pump`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/x-www-form-urlencoded" },
      body: "operation=start",
    });
    expect(started.status).toBe(200);
    // The sandbox's sync is done in milliseconds; the run still shows as running, and a second start is refused.
    const again = await fetch(`${stack.node.url}/api/pipes/${PIPE}/pump`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/x-www-form-urlencoded" },
      body: "operation=start",
    });
    expect(again.status).toBe(409);
    await eventually(async () => ((await runtime(stack))["is-running"] === false ? true : undefined), "the run to end");
  });
});
