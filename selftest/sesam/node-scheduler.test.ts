// The node's internal scheduler as sesam-py drives it: run-all-pipes (async: a token; sync: the outcome), its
// status until success / failed / not-running, 409 while running, stop, its log, and the two data-deleting defaults
// that a harness must never leave on.
import { expect, test } from "./fixtures.ts";
import { eventually, JWT, linksOf, USERS_CONTACT, type Stack } from "./stack.ts";

const auth = { Authorization: `Bearer ${JWT}` };
const KEEP = "delete_input_datasets=false&reset_pipes_and_delete_sink_datasets=false";

async function call(
  stack: Stack,
  method: string,
  path: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${stack.node.url}/api/pipes/${path}`, { method, headers: auth });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function finished(stack: Stack, token: string): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const { body } = await call(stack, "GET", `get-pipe-runner-status?token=${token}`);
    return body.status === "running" ? undefined : body;
  }, "the run-all to finish");
}

/** A Hub user and a contact person with one email: the sync links them. */
async function seedPair(stack: Stack, email: string): Promise<void> {
  await stack.yt.users.create({ login: email.split("@")[0] ?? "u", name: "Pair", email });
  await stack.po.contactPersons.create(stack.parentId, { FirstName: "Pair", LastName: "P", EmailAddress: email });
}

test.describe("run-all-pipes", () => {
  test("async: a token, then rounds until one changes nothing; the pipes' work is done", async ({ stack }) => {
    await seedPair(stack, "kari@example.com");
    const started = await call(stack, "POST", `run-all-pipes?request_mode=async&extra_zero_runs=1&${KEEP}`);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: "running", token: expect.any(String) });
    const done = await finished(stack, String(started.body.token));
    expect(done).toMatchObject({ status: "success", zero_runs: 1 });
    expect(Number(done.rounds)).toBeGreaterThanOrEqual(2);
    expect(await linksOf(stack, USERS_CONTACT)).toHaveLength(1);
    const log = (await (
      await fetch(`${stack.node.url}/api/pipes/get-run-all-pipes-log`, { headers: auth })
    ).json()) as {
      logdata: string;
    }[];
    expect(log.at(-1)?.logdata).toMatch(/changed nothing/);
    expect((await call(stack, "GET", "get-pipe-runner-status?token=unknown")).body).toEqual({ status: "not-running" });
  });

  test("sync mode answers when the run is over; a second run while one runs is 409", async ({ stack }) => {
    stack.youtrack.setFaults({ latencyMs: 150 });
    const first = fetch(`${stack.node.url}/api/pipes/run-all-pipes?request_mode=async&${KEEP}`, {
      method: "POST",
      headers: auth,
    });
    expect((await first).status).toBe(200);
    const busy = await call(stack, "POST", `run-all-pipes?request_mode=sync&${KEEP}`);
    expect(busy.status).toBe(409);
    expect(busy.body.message).toMatch(/already running/);
    await eventually(
      async () => ((stack.node.syncStats().runs as Record<string, number>)["global-person"] ? true : undefined),
      "a round",
    );
    stack.youtrack.setFaults({ latencyMs: 0 });
    await eventually(
      async () =>
        (await call(stack, "POST", `run-all-pipes?request_mode=sync&${KEEP}`)).body.status === "success"
          ? true
          : undefined,
      "a sync run to succeed",
    );
  });

  test("the defaults delete data: without the two flags set to false, the sync forgets its links", async ({
    stack,
  }) => {
    await seedPair(stack, "ola@example.com");
    const kept = await call(stack, "POST", `run-all-pipes?request_mode=sync&${KEEP}`);
    expect(kept.body.status).toBe("success");
    const link = await linksOf(stack, USERS_CONTACT);
    expect(link).toHaveLength(1);
    const again = await call(stack, "POST", `run-all-pipes?request_mode=sync&${KEEP}`);
    expect(again.body.status).toBe("success");
    expect(await linksOf(stack, USERS_CONTACT)).toEqual(link);

    const destructive = await call(stack, "POST", "run-all-pipes?request_mode=sync");
    expect(destructive.body.status).toBe("success");
    const log = (await (
      await fetch(`${stack.node.url}/api/pipes/get-run-all-pipes-log`, { headers: auth })
    ).json()) as {
      logdata: string;
    }[];
    expect(log.some((line) => /deleting their datasets/.test(line.logdata))).toBe(true);
    // Relinked by the merge rule, but as a new link: what the sync knew before is gone.
    const relinked = await linksOf(stack, USERS_CONTACT);
    expect(relinked).toHaveLength(1);
    expect(relinked[0]).not.toEqual(link[0]);
  });

  test("stop ends a run as failed; bad parameters are 400 naming them", async ({ stack }) => {
    stack.youtrack.setFaults({ latencyMs: 200 });
    const started = await call(stack, "POST", `run-all-pipes?request_mode=async&${KEEP}`);
    expect((await call(stack, "POST", "stop-run-all-pipes")).status).toBe(200);
    expect(await finished(stack, String(started.body.token))).toMatchObject({ status: "failed" });
    const bad = await call(stack, "POST", "run-all-pipes?request_mode=later");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/request_mode/);
    expect((await call(stack, "POST", "run-all-pipes?max_runs=0")).status).toBe(400);
  });

  test("a run that cannot settle within max_runs fails, saying so", async ({ stack }) => {
    // Two rounds in a row must change nothing, and only one round is allowed.
    const done = await call(stack, "POST", `run-all-pipes?request_mode=sync&max_runs=1&extra_zero_runs=2&${KEEP}`);
    expect(done.body).toMatchObject({ status: "failed", rounds: 1 });
    expect(String(done.body.additional_info)).toBe("max_runs of 1 reached before 2 round(s) changed nothing");
  });

  test("a failing input pipe fails the run only with check_input_pipes=true; otherwise the next round retries it", async ({
    stack,
  }) => {
    stack.youtrack.setFaults({ rate5xx: 1 });
    const checked = await call(
      stack,
      "POST",
      `run-all-pipes?request_mode=sync&max_runs=1&check_input_pipes=true&${KEEP}`,
    );
    expect(checked.body).toMatchObject({ status: "failed" });
    expect(String(checked.body.additional_info)).toMatch(/^pipe youtrack-users-collect failed: /);
  });
});
