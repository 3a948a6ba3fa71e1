// Secrets never leave a client: not in error messages, URLs, headers, bodies or request-log entries.
import { expect, test } from "@playwright/test";
import { inspect } from "node:util";
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";
import { ApiError } from "../../support/clients/http/errors.ts";
import { REDACTED, Redactor } from "../../support/clients/http/redact.ts";
import type { RequestLogEntry } from "../../support/clients/http/request-log.ts";
import { createSesamClient } from "../../support/clients/sesam/client.ts";
import { createYouTrackClient } from "../../support/clients/youtrack/client.ts";
import { FAST_RETRY } from "./helpers/api.ts";
import { json, startScriptedServer } from "./helpers/scripted-server.ts";

const JWT = SANDBOX_CREDENTIALS.sesam.jwt;
const PERM = SANDBOX_CREDENTIALS.youtrack.token;

test("the redactor masks configured secrets and credential-shaped text", () => {
  const redactor = new Redactor(["my/configured+secret", "tiny"]);
  const masked = redactor.text(
    [
      `configured my/configured+secret, URL-encoded ${encodeURIComponent("my/configured+secret")}`,
      "Authorization: Bearer abc.def-ghi",
      "Basic dXNlcjpwYXNz",
      `token ${PERM}`,
      `jwt ${JWT}`,
      '{"access_token": "opaque-123", "token_type": "Bearer", "refresh_token":"r-1"}',
      "grant_type=client_credentials&client_secret=hunter2&access_token=zzz",
      "Ocp-Apim-Subscription-Key: 5f1e9c3a7b2d",
      "the word tiny stays",
    ].join("\n"),
  );
  expect(masked).not.toContain("configured+secret");
  expect(masked).not.toContain("configured%2Bsecret");
  expect(masked).not.toContain("abc.def-ghi");
  expect(masked).not.toContain("dXNlcjpwYXNz");
  expect(masked).not.toContain("dGFsay1xYQ");
  expect(masked).not.toContain(JWT.split(".")[1] as string);
  expect(masked).not.toContain("opaque-123");
  expect(masked).not.toContain("r-1");
  expect(masked).not.toContain("hunter2");
  expect(masked).not.toContain("zzz");
  expect(masked).not.toContain("5f1e9c3a7b2d");
  expect(masked).toContain("Bearer [REDACTED]");
  expect(masked).toContain('"token_type": "Bearer"');
  expect(masked).toContain("grant_type=client_credentials");
  expect(masked).toContain("the word tiny stays");

  const headers = redactor.headers({
    Authorization: "Bearer whatever",
    "ocp-apim-subscription-key": "k",
    "set-cookie": "a=b",
    "content-type": "application/json",
  });
  expect(headers).toEqual({
    Authorization: `Bearer ${REDACTED}`,
    "ocp-apim-subscription-key": REDACTED,
    "set-cookie": REDACTED,
    "content-type": "application/json",
  });
});

test("a secret obtained at run time is masked from then on, in every form it travels in", () => {
  const redactor = new Redactor();
  expect(redactor.text("token=abc opaque-access-value")).toBe(`token=${REDACTED} opaque-access-value`);
  redactor.add("opaque-access-value");
  expect(redactor.text("x opaque-access-value y")).toBe(`x ${REDACTED} y`);
  expect(redactor.text(Buffer.from("opaque-access-value").toString("base64"))).toBe(REDACTED);
});

test("secrets echoed back by a server appear in no error and no log entry", async () => {
  // A hostile server: echoes the credentials in error bodies, headers and JSON, and in a redirect-ish URL.
  const server = await startScriptedServer((req, res) => {
    const auth = req.headers.authorization ?? "";
    if (req.url?.startsWith("/api/pipes/echo")) {
      return json(
        res,
        400,
        { error: "bad", echoed: auth, raw: auth.slice(7), access_token: "leaked-token-42" },
        { "x-echo": auth.slice(7) },
      );
    }
    if (req.url?.startsWith("/hub/api/rest/users")) {
      return json(res, 403, `forbidden for ${auth.slice(7)}`, {
        "www-authenticate": `Bearer realm="${auth.slice(7)}"`,
      });
    }
    return json(res, 200, [{ _id: "p", note: `token ${auth.slice(7)}` }]);
  });
  const log: RequestLogEntry[] = [];
  const errors: unknown[] = [];
  const sesam = createSesamClient({ baseUrl: server.url, jwt: JWT, onRequest: (e) => log.push(e), retry: FAST_RETRY });
  const youtrack = createYouTrackClient({
    baseUrl: server.url,
    token: PERM,
    onRequest: (e) => log.push(e),
    retry: FAST_RETRY,
  });
  try {
    await sesam.pipes.get("echo").catch((e: unknown) => errors.push(e));
    await youtrack.users.get("u1").catch((e: unknown) => errors.push(e));
    // A successful call whose body carries the token: the log entry must not.
    await sesam.pipes.list();
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e instanceof ApiError)).toBe(true);
    expect(log).toHaveLength(3);
    const everything = [
      JSON.stringify(errors),
      JSON.stringify(log),
      ...errors.map((e) => inspect(e, { depth: 10 })),
      ...errors.map((e) => String((e as Error).message)),
    ].join("\n");
    for (const secret of [JWT, PERM, "leaked-token-42", JWT.split(".")[2] as string, PERM.split(".")[2] as string]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).toContain(REDACTED);
    // The evidence is still there, only masked.
    expect((errors[0] as ApiError).body).toContain('"error":"bad"');
    expect(log[0]?.requestHeaders.authorization).toBe(`Bearer ${REDACTED}`);
  } finally {
    await sesam.close();
    await youtrack.close();
    await server.close();
  }
});
