// The configuration: every variable validated, errors in one line naming the variable (and the .env line).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { clientOptions, ConfigError, loadConfig, onThisMachine, VARIABLES } from "../../support/config/index.ts";
import type { Targets } from "../../support/config/index.ts";

const TARGETS = {
  YOUTRACK_URL: "http://127.0.0.1:4710",
  YOUTRACK_TOKEN: "perm:abc",
  POWEROFFICE_URL: "http://127.0.0.1:4720/Demo/",
  POWEROFFICE_V1_URL: "http://127.0.0.1:4721/",
  POWEROFFICE_APPLICATION_KEY: "app",
  POWEROFFICE_CLIENT_KEY: "client",
  POWEROFFICE_SUBSCRIPTION_KEY: "sub",
  SESAM_URL: "http://localhost:4730",
  SESAM_JWT: "jwt.jwt.jwt",
  SESAM_PIPES: "a-collect, b ,c",
};

const load = (env: Record<string, string>) => loadConfig(env, { dotenv: false });

function errorOf(env: Record<string, string>, options = {}): ConfigError {
  try {
    loadConfig(env, { dotenv: false, ...options });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(env)}`);
}

test("the embedded node's pump settings and run time, and the pipes to observe, are read and checked", () => {
  const config = load({
    SANDBOX_PUMP: "log_events_noop_runs=true, notification_granularity=60",
    SANDBOX_RUN_MS: "500",
  });
  expect(config.sandbox.pump).toEqual({ log_events_noop_runs: true, notification_granularity: 60 });
  expect(config.sandbox.runDurationMs).toBe(500);
  expect(load({ ...TARGETS, SESAM_OBSERVE_PIPES: "a-collect, b" }).sync.observePipes).toEqual(["a-collect", "b"]);
  expect(load({ SYNC_DRIVER: "scheduler" }).sync.driver).toBe("scheduler");
});

test("no service URL: the embedded sandbox, with documented defaults", () => {
  const config = load({});
  expect(config.targets).toBeNull();
  expect(config.checklists).toEqual(["checklists/youtrack-powerofficego.rst"]);
  expect(config.sync).toEqual({
    driver: "pump",
    timeoutMs: 30_000,
    timeoutSet: false,
    maxPasses: 2,
    observePipes: null,
    mergedDataset: null,
  });
  expect(config.sandbox).toEqual({
    defects: [],
    throttle: true,
    faults: {},
    lateWriteMs: 60_000,
    pump: {},
    runDurationMs: 0,
    readLagMs: undefined,
  });
  expect(config.powerofficeRateLimit).toBe(10);
});

test("all three URLs: the targets, trailing slashes dropped, pipes split and trimmed, secrets collected", () => {
  const config = load(TARGETS);
  expect(config.targets?.poweroffice.url).toBe("http://127.0.0.1:4720/Demo");
  expect(config.targets?.poweroffice.v1Url).toBe("http://127.0.0.1:4721");
  expect(config.targets?.sesam.pipes).toEqual(["a-collect", "b", "c"]);
  expect(config.secrets.sort()).toEqual(["app", "client", "jwt.jwt.jwt", "perm:abc", "sub"]);
});

test("each invalid value is one line naming the variable, and secrets are never echoed", () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ SYNC_TIMEOUT_MS: "soon" }, /^SYNC_TIMEOUT_MS: must be a whole number \(got "soon"\)$/],
    [{ SYNC_TIMEOUT_MS: "0" }, /^SYNC_TIMEOUT_MS: must be greater than 0/],
    [{ SYNC_MAX_PASSES: "-1" }, /^SYNC_MAX_PASSES: must be a whole number/],
    [{ POWEROFFICE_RATE_LIMIT: "1.5" }, /^POWEROFFICE_RATE_LIMIT: must be a whole number/],
    [{ SYNC_DRIVER: "cron" }, /^SYNC_DRIVER: must be "pump", "wait" or "scheduler"/],
    [
      { SANDBOX_PUMP: "log_noop=true" },
      /^SANDBOX_PUMP: unknown pump setting "log_noop" \(known: log_events_noop_runs,/,
    ],
    [
      { SANDBOX_PUMP: "log_events_noop_runs=yes" },
      /^SANDBOX_PUMP: log_events_noop_runs must be true or false, got "yes"/,
    ],
    [
      { SANDBOX_PUMP: "notification_granularity=0" },
      /^SANDBOX_PUMP: notification_granularity must be a whole number of seconds >= 1/,
    ],
    [{ SANDBOX_RUN_MS: "2s" }, /^SANDBOX_RUN_MS: must be a whole number \(0 or more\)/],
    [{ ...TARGETS, SANDBOX_PUMP: "log_events_noop_runs=true" }, /^SANDBOX_PUMP: applies to the embedded sandbox only/],
    [{ SANDBOX_THROTTLE: "maybe" }, /^SANDBOX_THROTTLE: must be "on" or "off"/],
    [{ SANDBOX_FAULTS: "latency=5" }, /^SANDBOX_FAULTS: unknown fault "latency"/],
    [{ SANDBOX_FAULTS: "rate5xx=2" }, /^SANDBOX_FAULTS: fault rate5xx is a share between 0 and 1/],
    [{ TALK_QA_RUN_ID: "run-1" }, /^TALK_QA_RUN_ID: must look like tqa/],
    [{ TALK_QA_EMBEDDED: "yes" }, /^TALK_QA_EMBEDDED: is set by the harness only/],
    [{ CHECKLIST: "" }, /^CHECKLIST: names no document$/],
    [{ CHECKLIST: "checklists/nope.rst" }, /^CHECKLIST: checklists\/nope.rst does not exist$/],
    [{ YOUTRACK_TOKN: "x" }, /^YOUTRACK_TOKN: unknown variable; did you mean YOUTRACK_TOKEN\?/],
    [{ ...TARGETS, YOUTRACK_URL: "ftp://host" }, /^YOUTRACK_URL: must be an http or https URL/],
    [{ ...TARGETS, SESAM_URL: "not a url" }, /^SESAM_URL: is not a URL/],
    [{ ...TARGETS, SESAM_PIPES: " , " }, /^SESAM_PIPES: names no pipe/],
    [{ ...TARGETS, SESAM_JWT: "" }, /^SESAM_JWT: must not be empty$/],
    [{ ...TARGETS, SANDBOX_DEFECTS: "oldest-wins" }, /^SANDBOX_DEFECTS: applies to the embedded sandbox only/],
    [{ YOUTRACK_URL: "http://127.0.0.1:1" }, /^POWEROFFICE_URL, SESAM_URL: not set while YOUTRACK_URL is/],
    [
      { ...TARGETS, YOUTRACK_URL: "https://youtrack.example.com" },
      /^YOUTRACK_URL: host youtrack.example.com is not in TALK_QA_ALLOWED_HOSTS/,
    ],
    [{ SANDBOX_READ_LAG_MS: "soon" }, /^SANDBOX_READ_LAG_MS: must be a whole number of 0 or more \(got "soon"\)$/],
    [{ SANDBOX_READ_LAG_MS: "-1" }, /^SANDBOX_READ_LAG_MS: must be a whole number of 0 or more/],
    [{ SANDBOX_READ_LAG_MS: "90000" }, /^SANDBOX_READ_LAG_MS: must be at most 60000/],
    [{ ...TARGETS, SANDBOX_READ_LAG_MS: "0" }, /^SANDBOX_READ_LAG_MS: applies to the embedded sandbox only/],
    [{ ...TARGETS, POWEROFFICE_V1_URL: "api.poweroffice.net" }, /^POWEROFFICE_V1_URL: is not a URL/],
    [{ POWEROFFICE_V1_URL: "http://127.0.0.1:4721" }, /^POWEROFFICE_V1_URL: is set while POWEROFFICE_URL is not/],
    [
      { ...TARGETS, POWEROFFICE_V1_URL: "https://api.example.com" },
      /^POWEROFFICE_V1_URL: host api.example.com is not in TALK_QA_ALLOWED_HOSTS/,
    ],
  ];
  for (const [env, message] of cases) {
    const error = errorOf(env);
    expect(error.message, JSON.stringify(env)).toMatch(message);
    expect(error.message).not.toContain("\n");
  }
  const { POWEROFFICE_CLIENT_KEY: _omitted, ...withoutKey } = TARGETS;
  expect(errorOf(withoutKey).message).toBe(
    "POWEROFFICE_CLIENT_KEY: is required when the service URLs are set (see .env.example)",
  );
  for (const name of ["YOUTRACK_TOKEN", "SESAM_JWT"]) {
    expect(errorOf({ ...TARGETS, [name]: " " }).message).not.toContain('got "');
  }
});

test("an allowed host passes; the environment wins over .env, and an error in .env names its line", () => {
  expect(
    load({ ...TARGETS, YOUTRACK_URL: "https://yt.example.com", TALK_QA_ALLOWED_HOSTS: "yt.example.com" }).targets
      ?.youtrack.url,
  ).toBe("https://yt.example.com");
  const dir = mkdtempSync(join(tmpdir(), "talk-qa-config-"));
  const file = join(dir, ".env");
  writeFileSync(file, "# comment\nSYNC_TIMEOUT_MS=1000\n\nSYNC_MAX_PASSES=many\n");
  expect(errorOf({}, { dotenv: file }).message).toBe('SYNC_MAX_PASSES (.env:4): must be a whole number (got "many")');
  expect(loadConfig({ SYNC_MAX_PASSES: "2" }, { dotenv: file }).sync).toEqual({
    driver: "pump",
    timeoutMs: 1000,
    timeoutSet: true,
    maxPasses: 2,
    observePipes: null,
    mergedDataset: null,
  });
});

test("a node on loopback is on this machine (2 workers); any other host is remote (16)", () => {
  for (const url of ["http://localhost:4730", "http://127.0.0.1:9/", "http://[::1]:80/api", "HTTP://LOCALHOST"])
    expect(onThisMachine(url), url).toBe(true);
  for (const url of ["https://datahub-1234.sesam.cloud/api", "http://127.0.0.2.example.com", "http://10.0.0.1"])
    expect(onThisMachine(url), url).toBe(false);
});

test("POWEROFFICE_V1_URL: derived for PowerOffice's own production and demo hosts, required for any other", () => {
  const { POWEROFFICE_V1_URL: _v1, ...noV1 } = TARGETS;
  const real = (url: string, allowed: string) =>
    load({ ...noV1, POWEROFFICE_URL: url, TALK_QA_ALLOWED_HOSTS: allowed }).targets?.poweroffice.v1Url;
  expect(real("https://goapi.poweroffice.net", "goapi.poweroffice.net,api.poweroffice.net")).toBe(
    "https://api.poweroffice.net",
  );
  expect(real("https://goapi.poweroffice.net/Demo/", "goapi.poweroffice.net,api-demo.poweroffice.net")).toBe(
    "https://api-demo.poweroffice.net",
  );
  expect(real("https://goapi-demo.poweroffice.net", "goapi-demo.poweroffice.net,api-demo.poweroffice.net")).toBe(
    "https://api-demo.poweroffice.net",
  );
  // Set, it wins over the derived one.
  expect(
    load({
      ...TARGETS,
      POWEROFFICE_URL: "https://goapi.poweroffice.net/Demo",
      TALK_QA_ALLOWED_HOSTS: "goapi.poweroffice.net",
    }).targets?.poweroffice.v1Url,
  ).toBe("http://127.0.0.1:4721");
  // A derived host is held to the allowed list like any other, and the message says where it came from.
  expect(
    errorOf({
      ...noV1,
      POWEROFFICE_URL: "https://goapi.poweroffice.net",
      TALK_QA_ALLOWED_HOSTS: "goapi.poweroffice.net",
    }).message,
  ).toMatch(
    /^POWEROFFICE_V1_URL \(derived from POWEROFFICE_URL\): host api.poweroffice.net is not in TALK_QA_ALLOWED_HOSTS/,
  );
  const missing = errorOf(noV1);
  expect(missing.message).toMatch(
    /^POWEROFFICE_V1_URL: is required when POWEROFFICE_URL \(127\.0\.0\.1:4720\) is not PowerOffice's own host/,
  );
  expect(missing.message).not.toContain("\n");
  expect(missing.variable).toBe("POWEROFFICE_V1_URL");
});

test("SANDBOX_READ_LAG_MS: the embedded sandbox's PowerOffice read lag, 0 allowed, unset leaves the sandbox's default", () => {
  expect(load({ SANDBOX_READ_LAG_MS: "0" }).sandbox.readLagMs).toBe(0);
  expect(load({ SANDBOX_READ_LAG_MS: " 750 " }).sandbox.readLagMs).toBe(750);
  expect(load({ SANDBOX_READ_LAG_MS: "" }).sandbox.readLagMs).toBeUndefined();
});

test("the client options carry the v1 host and PowerOffice's read lag (2000 ms unless POWEROFFICE_READ_LAG_MS)", () => {
  expect(clientOptions(load(TARGETS).targets as Targets).poweroffice).toMatchObject({
    baseUrl: "http://127.0.0.1:4720/Demo",
    v1BaseUrl: "http://127.0.0.1:4721",
    readLagMs: 2000,
  });
  expect(load({ ...TARGETS, POWEROFFICE_READ_LAG_MS: "0" }).targets?.poweroffice.readLagMs).toBe(0);
  expect(errorOf({ ...TARGETS, POWEROFFICE_READ_LAG_MS: "2s" }).message).toMatch(
    /^POWEROFFICE_READ_LAG_MS: must be a whole number of 0 or more \(got "2s"\)$/,
  );
});

test(".env.example documents every variable the harness reads, and loads as the embedded sandbox", () => {
  const example = readFileSync(".env.example", "utf8");
  for (const name of Object.keys(VARIABLES)) expect(example, name).toContain(name);
  expect(loadConfig({}, { dotenv: ".env.example" }).targets).toBeNull();
});
