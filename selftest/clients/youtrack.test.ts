// The YouTrack client against the YouTrack emulator in process: every users method, what each costs in
// requests, retries on injected faults, and a create whose answer is lost.
import { ApiError } from "../../support/clients/http/errors.ts";
import { createYouTrackClient } from "../../support/clients/youtrack/client.ts";
import { hubUserEmail } from "../../support/clients/youtrack/schemas.ts";
import { expect, test } from "./fixtures.ts";
import { FAST_RETRY } from "./helpers/api.ts";
import { counter } from "./helpers/count.ts";

test("every users method works against the emulator, at a known number of requests", async ({
  youtrackClient: client,
  log,
  youtrack: emulator,
}) => {
  const count = counter(log);
  const ada = await count(
    "users.create",
    () => client.users.create({ login: "ada", name: "Ada Lovelace", email: "ada@example.no" }),
    1,
  );
  expect(ada.login).toBe("ada");
  expect(hubUserEmail(ada)).toBe("ada@example.no");
  expect(log[0]?.url).toMatch(/\/hub\/api\/rest\/users\?fields=/);
  for (const n of [1, 2, 3, 4])
    await client.users.create({ login: `user${n}`, name: `User ${n}`, email: `user${n}@example.no` });

  expect(await count("users.get", () => client.users.get(ada.id), 1)).toMatchObject({
    id: ada.id,
    name: "Ada Lovelace",
  });
  // findByEmail scans every user (Hub's email: query is not confirmed) with a three-field projection: 5 users
  // fit one page of 500; at 2 a page they take 3 requests, `total` sparing the empty fourth.
  const found = await count("users.findByEmail (5 users)", () => client.users.findByEmail(" ADA@example.no"), 1);
  expect(found).toEqual([{ id: ada.id, login: "ada", profile: { email: { email: "ada@example.no" } } }]);
  const scan = new URL(log.at(-1)?.url ?? "");
  expect(scan.searchParams.get("query")).toBeNull();
  expect(scan.searchParams.get("fields")).toBe("skip,top,total,users(id,login,profile(email(email)))");
  expect(scan.searchParams.get("$top")).toBe("500");
  expect(await count("users.findByEmail (none)", () => client.users.findByEmail("nobody@example.no"), 1)).toEqual([]);
  expect(
    (
      await count(
        "users.findByEmail (5 users, 2 a page)",
        () => client.users.findByEmail("user4@example.no", { pageSize: 2 }),
        3,
      )
    ).map((u) => u.login),
  ).toEqual(["user4"]);
  expect((await count("users.findByLogin", () => client.users.findByLogin("ada"), 1))?.id).toBe(ada.id);
  expect(await client.users.findByLogin("nobody")).toBeNull();

  const page = await count("users.list", () => client.users.list({ skip: 1, top: 2 }), 1);
  expect(page).toMatchObject({ skip: 1, top: 2, total: 5 });
  expect(page.users).toHaveLength(2);
  // 5 users, pages of 2: 2 + 2 + 1, the short page ends it.
  const all = await count(
    "users.listAll (5 users, pageSize 2)",
    async () => {
      const users = [];
      for await (const user of client.users.listAll({ pageSize: 2 })) users.push(user);
      return users;
    },
    3,
  );
  expect(all.map((u) => u.login).sort()).toEqual(["ada", "user1", "user2", "user3", "user4"]);
  // Total known: 4 users in pages of 2 stop after the second page, without an empty third.
  await client.users.delete((await client.users.findByLogin("user4"))?.id ?? "");
  await count(
    "users.listAll (4 users, pageSize 2)",
    async () => {
      for await (const _user of client.users.listAll({ pageSize: 2 })) void _user;
    },
    2,
  );

  const renamed = await count(
    "users.update",
    () => client.users.update(ada.id, { name: "Augusta Ada King", email: "augusta@example.no" }),
    1,
  );
  expect(renamed.name).toBe("Augusta Ada King");
  expect(hubUserEmail(renamed)).toBe("augusta@example.no");
  const moved = await count("users.updateEmail", () => client.users.updateEmail(ada.id, "countess@example.no"), 1);
  expect(hubUserEmail(moved)).toBe("countess@example.no");
  // `email: null` removes the email: Hub is sent `"profile": {"email": null}`.
  const noEmail = await client.users.update(ada.id, { email: null });
  expect(hubUserEmail(noEmail)).toBeUndefined();
  expect(log.at(-1)?.requestBody).toBe('{"profile":{"email":null}}');
  expect(emulator.store.get(ada.id)?.email).toBeFalsy();

  await count("users.delete", () => client.users.delete(ada.id), 1);
  const gone = await client.users.get(ada.id).catch((e: unknown) => e);
  expect(gone).toBeInstanceOf(ApiError);
  expect((gone as ApiError).code).toBe("http_404");
  expect((gone as ApiError).body).toContain("Not Found");
});

test("a create whose answer is lost leaves exactly one user, found by its login", async ({
  youtrackClient: client,
  youtrack: emulator,
  log,
  hook,
}) => {
  emulator.setFaults({ lostResponseRate: 1 });
  // One request loses its answer, then the faults stop.
  hook.onRequest = (entry) => {
    if (entry.error) emulator.setFaults({ lostResponseRate: 0 });
  };
  const user = await client.users.create({ login: "grace", name: "Grace Hopper", email: "grace@example.no" });
  expect(user.login).toBe("grace");
  expect(emulator.store.list().filter((u) => u.login === "grace")).toHaveLength(1);
  expect(log.map((e) => [e.method, e.status ?? e.error?.split(":")[0]])).toEqual([
    ["POST", "network"],
    ["GET", 200],
  ]);
});

test("injected 503, 429 and dropped connections are retried", async ({
  youtrackClient: client,
  youtrack: emulator,
  log,
  hook,
}) => {
  const created = await client.users.create({ login: "linus", name: "Linus", email: "linus@example.no" });
  for (const faults of [{ rate5xx: 1 }, { rate429: 1, retryAfterSeconds: 0 }, { dropRate: 1 }]) {
    log.length = 0;
    emulator.setFaults(faults);
    hook.onRequest = () => emulator.setFaults({ rate5xx: 0, rate429: 0, dropRate: 0 });
    expect((await client.users.get(created.id)).login).toBe("linus");
    expect(log).toHaveLength(2);
  }
  // A create on an injected 503 is repeated only after the lookup by login found nothing.
  log.length = 0;
  emulator.setFaults({ rate5xx: 1 });
  hook.onRequest = () => emulator.setFaults({ rate5xx: 0 });
  await client.users.create({ login: "margaret", name: "Margaret", email: "margaret@example.no" });
  expect(log.map((e) => [e.method, e.status])).toEqual([
    ["POST", 503],
    ["GET", 200],
    ["POST", 200],
  ]);
  expect(emulator.store.list().filter((u) => u.login === "margaret")).toHaveLength(1);
});

test("a wrong token is http_401 with Hub's error body, and the token is not in it", async ({ youtrack: emulator }) => {
  const client = createYouTrackClient({ baseUrl: emulator.url, token: "perm:wrong.token.value", retry: FAST_RETRY });
  try {
    const error = await client.users.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("http_401");
    expect((error as ApiError).retryable).toBe(false);
    expect(JSON.stringify(error)).not.toContain("wrong.token.value");
  } finally {
    await client.close();
  }
});
