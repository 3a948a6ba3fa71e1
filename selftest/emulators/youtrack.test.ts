// The Hub users API of the YouTrack emulator, through plain fetch.
import { expect, test } from "./fixtures.ts";
import { YT_TOKEN, call } from "./helpers.ts";
import type { HubUser } from "./helpers.ts";

interface Page {
  type: string;
  skip: number;
  top: number;
  total: number;
  users: Partial<HubUser>[];
}

test("a user is created, read and listed under both Hub bases, keeping the case of login and email", async ({
  youtrack: yt,
  hub,
}) => {
  const created = await hub.user("Kari.Nordmann", "Kari.Nordmann@Example.NO", "Kari Nordmann");
  expect(created).toMatchObject({
    type: "user",
    login: "Kari.Nordmann",
    name: "Kari Nordmann",
    banned: false,
    guest: false,
    profile: { email: { type: "EmailJSON", email: "Kari.Nordmann@Example.NO", verified: false } },
  });
  expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(typeof (created as unknown as { creationTime: unknown }).creationTime).toBe("number");

  for (const base of ["/hub/api/rest", "/hub/rest"]) {
    const got = await hub.get<HubUser>(`${base}/users/${created.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created);
    const page = await hub.get<Page>(`${base}/users`);
    expect(page.body).toMatchObject({ type: "userPage", skip: 0, top: 100, total: 1 });
    expect(page.body.users).toEqual([created]);
  }
  expect(yt.store.findByLogin("kari.nordmann")?.email?.email).toBe("Kari.Nordmann@Example.NO");
});

test("a name defaults to the login, and a user without email has no profile.email", async ({ hub }) => {
  const user = await hub.user("solo");
  expect(user.name).toBe("solo");
  expect(user.profile.email).toBeUndefined();
});

test("requests without a valid permanent token get 401 with Hub's error body", async ({ hub }) => {
  const missing = await call(`${hub.url}/hub/api/rest/users`);
  expect(missing.status).toBe(401);
  expect(missing.body).toEqual({ error: "Unauthorized", error_description: "You are not logged in." });
  for (const authorization of [`Bearer ${YT_TOKEN}x`, `Basic ${YT_TOKEN}`, "Bearer"]) {
    const wrong = await call(`${hub.url}/hub/rest/users`, { headers: { Authorization: authorization } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: "Unauthorized", error_description: "Invalid token" });
  }
  const lowerScheme = await call(`${hub.url}/hub/rest/users`, { headers: { Authorization: `bearer ${YT_TOKEN}` } });
  expect(lowerScheme.status).toBe(200);
});

test("unknown users and routes are 404, a wrong method 405, with Hub's error body", async ({ hub }) => {
  const unknown = "00000000-0000-4000-8000-000000000000";
  for (const answer of [
    await hub.get(`/hub/api/rest/users/${unknown}`),
    await hub.post(`/hub/api/rest/users/${unknown}`, { name: "x" }),
    await hub.delete(`/hub/api/rest/users/${unknown}`),
    await hub.get("/hub/api/rest/nothing"),
  ]) {
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: "Not Found", error_description: "HTTP 404 Not Found" });
  }
  const put = await call(`${hub.url}/hub/api/rest/users`, { method: "PUT", headers: hub.headers() });
  expect(put.status).toBe(405);
  expect(put.headers.get("allow")).toContain("GET");
});

test("create validates login, uniqueness ignoring case, email, JSON and media type", async ({ youtrack: yt, hub }) => {
  await hub.user("ola", "ola@example.no");
  const cases: [unknown, string][] = [
    [{ name: "no login" }, "Login is required"],
    [{ login: "  " }, "Login is required"],
    [{ login: "OLA" }, 'Login "OLA" is already in use'],
    [{ login: "x", profile: { email: { email: "not-an-email" } } }, 'Invalid email "not-an-email"'],
    [{ login: "y", profile: { email: { email: "a@b" } } }, 'Invalid email "a@b"'],
    [{ login: "z", banned: "yes" }, "Banned must be a boolean"],
    [[{ login: "array" }], "Request body must be a JSON object"],
  ];
  for (const [body, description] of cases) {
    const answer = await hub.post("/hub/api/rest/users", body);
    expect(answer.status, JSON.stringify(body)).toBe(400);
    expect(answer.body).toEqual({ error: "bad_request", error_description: description });
  }
  const malformed = await call(`${hub.url}/hub/api/rest/users`, {
    method: "POST",
    headers: hub.headers({ "Content-Type": "application/json" }),
    body: '{"login": ',
  });
  expect(malformed.status).toBe(400);
  expect((malformed.body as { error_description: string }).error_description).toMatch(/^Malformed JSON body/);
  const text = await call(`${hub.url}/hub/api/rest/users`, {
    method: "POST",
    headers: hub.headers({ "Content-Type": "text/plain" }),
    body: '{"login":"t"}',
  });
  expect(text.status).toBe(415);
  expect(yt.store.list().map((u) => u.login)).toEqual(["ola"]);
});

test("update is a POST with a partial body: name, login, banned, email set and removed", async ({
  youtrack: yt,
  hub,
}) => {
  const ada = await hub.user("ada", "ada@example.no", "Ada");
  await hub.user("bob");
  const path = `/hub/api/rest/users/${ada.id}`;

  const renamed = await hub.post<HubUser>(path, { name: "Ada Lovelace", banned: true });
  expect(renamed.status).toBe(200);
  expect(renamed.body).toMatchObject({ login: "ada", name: "Ada Lovelace", banned: true });
  expect(renamed.body.profile.email?.email).toBe("ada@example.no");

  const email = await hub.post<HubUser>(`${path}?fields=profile(email(email))`, {
    profile: { email: { email: "Ada.Lovelace@Example.COM", verified: true } },
  });
  expect(email.body).toEqual({ profile: { email: { email: "Ada.Lovelace@Example.COM" } } });
  expect(yt.store.get(ada.id)?.email).toEqual({ email: "Ada.Lovelace@Example.COM", verified: true });

  const removed = await hub.post<HubUser>(path, { profile: { email: null } });
  expect(removed.body.profile.email).toBeUndefined();

  expect((await hub.post(path, { login: "BOB" })).status).toBe(400);
  expect((await hub.post(path, { login: "ADA" })).status).toBe(200);
  expect((await hub.post(path, { profile: { email: { email: "broken@" } } })).status).toBe(400);
  expect(yt.store.get(ada.id)).toMatchObject({ login: "ADA", email: null, name: "Ada Lovelace" });
});

test("delete removes the user; a second delete is 404", async ({ youtrack: yt, hub }) => {
  const user = await hub.user("gone");
  const first = await hub.delete(`/hub/rest/users/${user.id}`);
  expect(first.status).toBe(200);
  expect(first.text).toBe("");
  expect(yt.store.list()).toEqual([]);
  expect((await hub.delete(`/hub/rest/users/${user.id}`)).status).toBe(404);
});

test("lists page with $skip and $top, report the total, and reject bad paging values", async ({ hub }) => {
  for (let n = 1; n <= 7; n++) await hub.user(`user${n}`);
  const page = await hub.get<Page>("/hub/api/rest/users?$skip=2&$top=3&fields=login");
  expect(page.body).toEqual({
    type: "userPage",
    skip: 2,
    top: 3,
    total: 7,
    users: [{ login: "user3" }, { login: "user4" }, { login: "user5" }],
  });
  const last = await hub.get<Page>("/hub/api/rest/users?$skip=6&$top=3&fields=login");
  expect(last.body.users).toEqual([{ login: "user7" }]);
  const beyond = await hub.get<Page>("/hub/api/rest/users?$skip=10");
  expect(beyond.body).toMatchObject({ total: 7, users: [] });
  const none = await hub.get<Page>("/hub/api/rest/users?$top=0");
  expect(none.body).toMatchObject({ top: 0, total: 7, users: [] });
  for (const bad of ["$top=-1", "$top=abc", "$skip=1.5"]) {
    const answer = await hub.get(`/hub/api/rest/users?${bad}`);
    expect(answer.status, bad).toBe(400);
    expect((answer.body as { error: string }).error).toBe("bad_request");
  }
  const ordered = await hub.get<Page>("/hub/api/rest/users?orderBy=login%20desc&$top=2&fields=login");
  expect(ordered.body.users).toEqual([{ login: "user7" }, { login: "user6" }]);
  expect((await hub.get("/hub/api/rest/users?orderBy=shoeSize")).status).toBe(400);
});

test("query finds users by login, name in braces, free text and combinations, ignoring case", async ({ hub }) => {
  await hub.user("ann", "Ann@Example.no", "Ann Berg");
  await hub.user("bo", "bo@example.no", "Bo Dahl");
  await hub.user("cid", "shared@example.no", "Cid Berg");
  await hub.user("dan", "SHARED@example.no", "Dan Ek");
  const logins = async (query: string): Promise<string[]> => {
    const page = await hub.get<Page>(`/hub/rest/users?fields=login&query=${encodeURIComponent(query)}`);
    expect(page.status, query).toBe(200);
    return page.body.users.map((u) => u.login as string);
  };
  expect(await logins("login: ANN")).toEqual(["ann"]);
  expect(await logins("login: an")).toEqual([]);
  expect(await logins("name: {Cid Berg}")).toEqual(["cid"]);
  expect(await logins("berg")).toEqual(["ann", "cid"]);
  expect(await logins("berg and login: cid")).toEqual(["cid"]);
  expect(
    await logins(
      `id: ${(await hub.get<Page>("/hub/rest/users?fields=id,login&query=login:%20bo")).body.users[0]?.id as string}`,
    ),
  ).toEqual(["bo"]);
  expect(await logins("login: bo or login: dan")).toEqual(["bo", "dan"]);
  expect(await logins("not berg")).toEqual(["bo", "dan"]);
  expect(await logins("(login: ann or login: bo) and not name: {Bo Dahl}")).toEqual(["ann"]);
  for (const bad of ["login:", "shoe: 42", "(login: ann", "name: {open"]) {
    const answer = await hub.get(`/hub/rest/users?query=${encodeURIComponent(bad)}`);
    expect(answer.status, bad).toBe(400);
    expect((answer.body as { error: string }).error).toBe("invalid_query");
  }
});

test("query refuses email:, a field not confirmed for the current Hub, as Hub answers a bad query", async ({ hub }) => {
  await hub.user("ann", "ann@example.no", "Ann Berg");
  for (const query of ["email: ann@example.no", "email: {ann@example.no}", "login: ann or email: ann@example.no"]) {
    const answer = await hub.get(`/hub/api/rest/users?query=${encodeURIComponent(query)}`);
    expect(answer.status, query).toBe(400);
    expect(answer.body, query).toEqual({
      error: "invalid_query",
      error_description: "Can't parse search query, please check and update query syntax",
    });
  }
});

test("fields projects nested objects; empty or absent fields gives the full user", async ({ hub }) => {
  const user = await hub.user("eva", "Eva@Example.no", "Eva");
  const get = async (fields: string): Promise<unknown> =>
    (await hub.get(`/hub/api/rest/users/${user.id}?fields=${encodeURIComponent(fields)}`)).body;

  expect(await get("id,login,profile(email(email,verified))")).toEqual({
    id: user.id,
    login: "eva",
    profile: { email: { email: "Eva@Example.no", verified: false } },
  });
  expect(await get("login,profile/email/email")).toEqual({
    login: "eva",
    profile: { email: { email: "Eva@Example.no" } },
  });
  expect(await get("profile(email)")).toEqual({ profile: { email: { type: "EmailJSON" } } });
  expect(await get("login,shoeSize")).toEqual({ login: "eva" });
  expect(await get("")).toEqual(user);
  expect((await hub.get(`/hub/api/rest/users/${user.id}`)).body).toEqual(user);

  const page = await hub.get(`/hub/api/rest/users?fields=${encodeURIComponent("total,users(login)")}`);
  expect(page.body).toEqual({ total: 1, users: [{ login: "eva" }] });
  for (const bad of ["login,(", "profile(email", "a,,b"]) {
    const answer = await hub.get(`/hub/api/rest/users?fields=${encodeURIComponent(bad)}`);
    expect(answer.status, bad).toBe(400);
    expect(answer.body).toEqual({ error: "bad_request", error_description: "Query string has invalid syntax" });
  }
  const created = await hub.post("/hub/api/rest/users?fields=id,login", { login: "fin" });
  expect(Object.keys(created.body as object)).toEqual(["id", "login"]);
});
