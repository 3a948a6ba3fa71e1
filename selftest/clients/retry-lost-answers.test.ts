// The retry policy on creates and deletes whose answer was lost: a create is looked up by its unique key before it
// is sent again (and not repeated without one); a delete that then answers 404 has done its work.
import { expect, test } from "@playwright/test";
import { z } from "zod";
import { jsonResponse, noContent } from "../../support/clients/http/response.ts";
import { failure, makeApi } from "./helpers/api.ts";
import { drop, json, startScriptedServer } from "./helpers/scripted-server.ts";

const Thing = z.looseObject({ id: z.number() });
const thing = jsonResponse(Thing);

test("a create whose answer was lost returns the record the lookup finds, without posting again", async () => {
  const records: Array<{ id: number; login: string }> = [];
  const server = await startScriptedServer((req, res) => {
    if (req.method === "POST") {
      records.push({ id: records.length + 1, login: (JSON.parse(req.body) as { login: string }).login });
      return drop(res); // handled, then the answer is lost
    }
    return json(res, 200, records);
  });
  const { api, log } = makeApi(server.url);
  try {
    let lookups = 0;
    const created = await api.call({
      method: "POST",
      path: "/users",
      body: { kind: "json", value: { login: "jdoe" } },
      safety: "create",
      recover: async () => {
        lookups++;
        const found = await api.call({
          method: "GET",
          path: "/users",
          safety: "read",
          response: jsonResponse(z.array(Thing.extend({ login: z.string() }))),
        });
        return found.find((r) => r.login === "jdoe") ?? null;
      },
      response: jsonResponse(Thing),
    });
    expect(created).toEqual({ id: 1, login: "jdoe" });
    expect(lookups).toBe(1);
    expect(records).toHaveLength(1);
    expect(log.map((e) => e.method)).toEqual(["POST", "GET"]);
  } finally {
    await api.close();
    await server.close();
  }
});

test("a create that failed with 503 is repeated after the lookup finds nothing", async () => {
  const server = await startScriptedServer((req, res, n) => {
    if (req.method === "GET") return json(res, 200, []);
    return n === 1 ? json(res, 503, { title: "busy" }) : json(res, 201, { id: 5 });
  });
  const { api } = makeApi(server.url);
  try {
    let lookups = 0;
    const created = await api.call({
      method: "POST",
      path: "/things",
      body: { kind: "json", value: {} },
      safety: "create",
      recover: async () => {
        lookups++;
        return null;
      },
      response: thing,
    });
    expect(created).toEqual({ id: 5 });
    expect(lookups).toBe(1);
    expect(server.received.map((r) => r.method)).toEqual(["POST", "POST"]);
  } finally {
    await api.close();
    await server.close();
  }
});

test("a create without a unique key is not repeated after a lost answer", async () => {
  const server = await startScriptedServer((req, res) => drop(res));
  const { api } = makeApi(server.url);
  try {
    const error = await failure(
      api.call({
        method: "POST",
        path: "/things",
        body: { kind: "json", value: {} },
        safety: "create",
        response: thing,
      }),
    );
    expect(error.code).toBe("network");
    expect(error.message).toContain("not repeated: the record may have been created");
    expect(error.attempts).toHaveLength(1);
    expect(server.received).toHaveLength(1);
  } finally {
    await api.close();
    await server.close();
  }
});

test("a delete whose answer was lost and then 404s has done its work", async () => {
  const server = await startScriptedServer((req, res, n) =>
    n === 1 ? drop(res) : json(res, 404, { title: "Not Found" }),
  );
  const { api } = makeApi(server.url);
  try {
    await api.call({
      method: "DELETE",
      path: "/things/1",
      safety: "idempotent",
      response: noContent,
      goneAfterUnknown: () => undefined,
    });
    expect(server.received.map((r) => r.method)).toEqual(["DELETE", "DELETE"]);
    // Without an earlier unknown outcome a 404 is an error.
    const error = await failure(
      api.call({
        method: "DELETE",
        path: "/things/2",
        safety: "idempotent",
        response: noContent,
        goneAfterUnknown: () => undefined,
      }),
    );
    expect(error.code).toBe("http_404");
  } finally {
    await api.close();
    await server.close();
  }
});
