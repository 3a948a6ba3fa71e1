// startSandbox in process, and `npm run sandbox` (emulators/cli.ts) as a subprocess on free ports.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";
import { DEFAULT_SANDBOX_READ_LAG_MS, REAL_LIKE_READ_LAG_MS, startSandbox } from "../../emulators/sandbox.ts";
import { call } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

test("startSandbox starts the tenants on free ports with the sandbox credentials and closes them", async () => {
  const sandbox = await startSandbox({ only: ["youtrack", "poweroffice"] });
  try {
    expect(sandbox.credentials.youtrack.token).toBe(SANDBOX_CREDENTIALS.youtrack.token);
    expect(Object.keys(sandbox.urls)).toEqual(["youtrack", "poweroffice", "powerofficeV1"]);
    expect(sandbox.urls.powerofficeV1).not.toBe(sandbox.urls.poweroffice);
    expect(sandbox.env).toMatchObject({
      YOUTRACK_URL: sandbox.urls.youtrack,
      YOUTRACK_TOKEN: SANDBOX_CREDENTIALS.youtrack.token,
      POWEROFFICE_URL: sandbox.urls.poweroffice,
      POWEROFFICE_V1_URL: sandbox.urls.powerofficeV1,
      POWEROFFICE_SUBSCRIPTION_KEY: SANDBOX_CREDENTIALS.poweroffice.subscriptionKey,
    });
    const users = await call(`${sandbox.urls.youtrack}/hub/api/rest/users`, {
      headers: { Authorization: `Bearer ${sandbox.credentials.youtrack.token}` },
    });
    expect(users.status).toBe(200);
    expect(sandbox.poweroffice?.throttle.enabled).toBe(true);
    expect(sandbox.poweroffice?.v1.throttle).toEqual({ enabled: true, perSecond: 50 });
    // The sandbox's PowerOffice read lag (see DEFAULT_SANDBOX_READ_LAG_MS), told to the harness; YouTrack's is 0.
    expect(sandbox.poweroffice?.readLagMs).toBe(DEFAULT_SANDBOX_READ_LAG_MS);
    expect(sandbox.env.POWEROFFICE_READ_LAG_MS).toBe(String(DEFAULT_SANDBOX_READ_LAG_MS));
    expect(REAL_LIKE_READ_LAG_MS).toBeGreaterThan(0);
    expect(sandbox.youtrack?.readLagMs).toBe(0);
    expect((await call(`${sandbox.urls.powerofficeV1}/__admin/health`)).body).toEqual({
      status: "ok",
      service: "poweroffice-v1",
    });
  } finally {
    await sandbox.close();
  }
  await expect(fetch(`${sandbox.urls.youtrack}/__admin/health`)).rejects.toThrow();
  await expect(fetch(`${sandbox.urls.powerofficeV1}/__admin/health`)).rejects.toThrow();
});

test("startSandbox passes options through and refuses a busy port, closing what it started", async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    await expect(startSandbox({ only: ["youtrack", "poweroffice"], ports: { poweroffice: port } })).rejects.toThrow(
      `port ${port} (poweroffice) is already in use`,
    );
    await expect(startSandbox({ only: ["poweroffice"], ports: { powerofficeV1: port } })).rejects.toThrow(
      `port ${port} (poweroffice v1) is already in use`,
    );
    const sandbox = await startSandbox({
      only: ["poweroffice"],
      poweroffice: {
        throttle: { enabled: false },
        tokenLifetimeSeconds: 5,
        readLagMs: 250,
        v1: { tokenLifetimeSeconds: 7 },
      },
      youtrack: { readLagMs: 20 },
      faults: { latencyMs: 1 },
    });
    try {
      expect(sandbox.youtrack).toBeUndefined();
      expect(sandbox.poweroffice?.tokenLifetimeSeconds).toBe(5);
      expect(sandbox.poweroffice?.faults.latencyMs).toBe(1);
      expect(sandbox.poweroffice?.readLagMs).toBe(250);
      expect(sandbox.env.POWEROFFICE_READ_LAG_MS).toBe("250");
      // "Throttling off" is both hosts'; the v1 host has its own token lifetime and the tenant's faults.
      expect(sandbox.poweroffice?.v1.throttle.enabled).toBe(false);
      expect(sandbox.poweroffice?.v1.tokenLifetimeSeconds).toBe(7);
      expect(sandbox.poweroffice?.v1.faults.latencyMs).toBe(1);
    } finally {
      await sandbox.close();
    }
  } finally {
    blocker.close();
  }
});

function runCli(args: string[]): ChildProcess & { output: () => { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, ["--import", "tsx", "emulators/cli.ts", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return Object.assign(child, { output: () => ({ stdout, stderr }) });
}

/** The exit code once the process has ended and its output streams are drained ("close", not "exit"). */
function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null && child.stdout?.readableEnded && child.stderr?.readableEnded) {
    return Promise.resolve(child.exitCode);
  }
  return new Promise((resolve) => child.once("close", (code) => resolve(code)));
}

test("the CLI prints .env lines for all three services, answers on them and exits 0 on SIGTERM", async () => {
  const cli = runCli([
    ...["--youtrack-port", "0", "--poweroffice-port", "0", "--poweroffice-v1-port", "0", "--sesam-port", "0"],
    ...["--no-throttle", "--read-lag", "40", "--youtrack-read-lag", "10", "--v1-token-lifetime", "90"],
  ]);
  try {
    await expect.poll(() => cli.output().stdout, { timeout: 15_000 }).toContain("SESAM_PIPES=");
    const env = Object.fromEntries(
      cli
        .output()
        .stdout.split("\n")
        .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    ) as Record<string, string>;
    const url = expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env).toEqual({
      YOUTRACK_URL: url,
      YOUTRACK_TOKEN: SANDBOX_CREDENTIALS.youtrack.token,
      POWEROFFICE_URL: url,
      POWEROFFICE_V1_URL: url,
      POWEROFFICE_APPLICATION_KEY: SANDBOX_CREDENTIALS.poweroffice.applicationKey,
      POWEROFFICE_CLIENT_KEY: SANDBOX_CREDENTIALS.poweroffice.clientKey,
      POWEROFFICE_SUBSCRIPTION_KEY: SANDBOX_CREDENTIALS.poweroffice.subscriptionKey,
      POWEROFFICE_READ_LAG_MS: "40",
      SESAM_URL: url,
      SESAM_JWT: SANDBOX_CREDENTIALS.sesam.jwt,
      SESAM_PIPES: expect.stringMatching(/^[\w-]+(,[\w-]+)*$/),
    });
    expect((await call(`${env.POWEROFFICE_URL}/__admin/config`)).body).toMatchObject({
      throttle: { enabled: false },
      readLagMs: 40,
    });
    expect((await call(`${env.POWEROFFICE_V1_URL}/__admin/config`)).body).toMatchObject({
      throttle: { enabled: false, perSecond: 50 },
      tokenLifetimeSeconds: 90,
      readLagMs: 40,
    });
    expect((await call(`${env.YOUTRACK_URL}/__admin/config`)).body).toMatchObject({ readLagMs: 10 });
    const users = await call(`${env.YOUTRACK_URL}/hub/rest/users`, {
      headers: { Authorization: `Bearer ${env.YOUTRACK_TOKEN}` },
    });
    expect(users.status).toBe(200);
    const pipes = await call(`${env.SESAM_URL}/api/pipes`, { headers: { Authorization: `Bearer ${env.SESAM_JWT}` } });
    expect(pipes.status).toBe(200);
    cli.kill("SIGTERM");
    expect(await exitCode(cli)).toBe(0);
    expect(cli.output().stderr).toContain("stopped (SIGTERM)");
  } finally {
    if (cli.exitCode === null) cli.kill("SIGKILL");
  }
});

test("the CLI: bad flags exit 2 with one line, a busy port exits 1 naming it, --help exits 0", async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const cases: [string[], number, RegExp][] = [
      [["--bogus"], 2, /^sandbox: Unknown option '--bogus'/],
      [["--only", "jira"], 2, /unknown service "jira"/],
      [["--only", "sesam,youtrack"], 2, /sesam needs youtrack and poweroffice/],
      [["--rate-429", "2"], 2, /--rate-429 expects a share/],
      [["--read-lag", "soon"], 2, /--read-lag expects a whole number of ms/],
      [["--youtrack-read-lag=-5"], 2, /--youtrack-read-lag expects a whole number of ms/],
      [
        ["--only", "youtrack", "--youtrack-port", String(port)],
        1,
        new RegExp(`port ${port} \\(youtrack\\) is already in use`),
      ],
    ];
    await Promise.all(
      cases.map(async ([args, code, message]) => {
        const cli = runCli(args);
        expect(await exitCode(cli), args.join(" ")).toBe(code);
        const { stderr, stdout } = cli.output();
        expect(stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
        expect(stderr).toMatch(message);
        expect(stdout).toBe("");
      }),
    );
    const help = runCli(["--help"]);
    expect(await exitCode(help)).toBe(0);
    expect(help.output().stdout).toContain("--no-throttle");
    expect(help.output().stdout).toContain("--poweroffice-v1-port");
    // The CLI states the default without loading the sandbox: it must be the sandbox's own.
    expect(help.output().stdout).toContain(
      `(default ${DEFAULT_SANDBOX_READ_LAG_MS}; ${REAL_LIKE_READ_LAG_MS} is real-like)`,
    );
  } finally {
    blocker.close();
  }
});
