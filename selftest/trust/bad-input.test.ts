// Bad input never reaches a tenant: a malformed checklist, a document about an unknown system, a bad variable,
// refused credentials, a missing pipe, a target that answers garbage -> one line naming the problem, exit 2,
// and not one request that writes to a tenant.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";
import { runCli, tenantWrites, withSandbox, type SpecRun } from "./harness.ts";

/** `work` over `items`, `width` at a time; the results in the items' order. */
async function inTurns<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
}

const SECRETS = [
  SANDBOX_CREDENTIALS.youtrack.token,
  SANDBOX_CREDENTIALS.poweroffice.clientKey,
  SANDBOX_CREDENTIALS.poweroffice.applicationKey,
  SANDBOX_CREDENTIALS.poweroffice.subscriptionKey,
  SANDBOX_CREDENTIALS.sesam.jwt,
];

function badDocuments() {
  const dir = mkdtempSync(join(tmpdir(), "talk-qa-bad-"));
  const malformed = join(dir, "malformed.rst");
  writeFileSync(
    malformed,
    [
      "=====",
      "YouTrack to Powerofficego Dataflow",
      "=====",
      "",
      "YouTrack Users to Powerofficego Contactperson",
      "---------------------------------------------",
      "The following properties are synchronized between a YouTrack Users and a Powerofficego Contactperson:",
      "",
      ".. list-table::",
      "   :header-rows: 1",
      "",
      "   * - YouTrack Users Property",
      "     - Powerofficego Contactperson Property",
      "     - Powerofficego Data Type",
      "   * - name",
      "     - Title",
      "",
    ].join("\n"),
  );
  const binary = join(dir, "binary.rst");
  writeFileSync(binary, Buffer.from([0x3d, 0x3d, 0x00, 0xff, 0x10]));
  return { malformed, binary };
}

test("each kind of bad input: one line, exit 2, no write to any tenant, no secret echoed", async () => {
  test.setTimeout(180_000);
  const garbage = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>"),
  );
  await new Promise<void>((resolve) => garbage.listen(0, "127.0.0.1", resolve));
  const garbageUrl = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`;
  const docs = badDocuments();
  try {
    await withSandbox({}, async (sandbox) => {
      const env = sandbox.env as Record<string, string>;
      const cases: [string, Record<string, string>, RegExp][] = [
        [
          "malformed checklist",
          { ...env, CHECKLIST: docs.malformed },
          /malformed\.rst:15: synced-property row has 2 cells, expected 3$/,
        ],
        ["binary checklist", { ...env, CHECKLIST: docs.binary }, /binary\.rst:1: binary file/],
        [
          "document about an unknown system",
          { ...env, CHECKLIST: "checklists/tripletex-powerofficego.rst" },
          /is about Tripletex, which the harness has no adapter for/,
        ],
        [
          "a mistyped variable",
          { ...env, SESAM_PIPE: "x" },
          /^talk-qa: SESAM_PIPE: unknown variable; did you mean SESAM_PIPES\?/,
        ],
        ["an invalid number", { ...env, SYNC_TIMEOUT_MS: "30s" }, /^talk-qa: SYNC_TIMEOUT_MS: must be a whole number/],
        [
          "a missing credential",
          { ...env, POWEROFFICE_CLIENT_KEY: "" },
          /^talk-qa: POWEROFFICE_CLIENT_KEY: must not be empty/,
        ],
        [
          "one URL of three",
          { YOUTRACK_URL: env.YOUTRACK_URL ?? "" },
          /^talk-qa: POWEROFFICE_URL, SESAM_URL: not set while YOUTRACK_URL is/,
        ],
        [
          "a host not allowed",
          { ...env, POWEROFFICE_URL: "https://goapi.poweroffice.net" },
          /^talk-qa: POWEROFFICE_URL: host goapi.poweroffice.net is not in TALK_QA_ALLOWED_HOSTS/,
        ],
        [
          "sandbox settings with real targets",
          { ...env, SANDBOX_DEFECTS: "oldest-wins" },
          /^talk-qa: SANDBOX_DEFECTS: applies to the embedded sandbox only/,
        ],
        [
          "a refused token",
          { ...env, YOUTRACK_TOKEN: "perm:wrong" },
          /^talk-qa: preflight: youtrack at http:\/\/127\.0\.0\.1:\d+ answered 401 \(credentials refused\); check YOUTRACK_URL/,
        ],
        [
          "refused PowerOffice keys",
          { ...env, POWEROFFICE_CLIENT_KEY: "wrong" },
          /^talk-qa: preflight: poweroffice at .* answered 400; check POWEROFFICE_URL/,
        ],
        [
          "a pipe the node lacks",
          { ...env, SESAM_PIPES: "youtrack-users-collect,no-such-pipe" },
          /^talk-qa: preflight: SESAM_PIPES: pipe no-such-pipe does not exist on the node/,
        ],
        [
          "a node that answers garbage",
          { ...env, SESAM_URL: garbageUrl },
          /^talk-qa: preflight: sesam at http:\/\/127\.0\.0\.1:\d+ invalid_response/,
        ],
        [
          "a tenant that answers garbage",
          { ...env, YOUTRACK_URL: garbageUrl },
          /^talk-qa: preflight: youtrack at http:\/\/127\.0\.0\.1:\d+ invalid_response/,
        ],
      ];
      // Two at a time: each is a CLI start-up (about 2 s of CPU), and npm test runs this beside another worker.
      const runs = await inTurns(cases, 2, ([, caseEnv]) => runCli("support/cli/qa.ts", [], caseEnv));
      for (const [index, [what, , message]] of cases.entries()) {
        const run = runs[index] as SpecRun;
        const lines = run.output.trim().split("\n");
        expect(run.code, `${what}: ${run.output}`).toBe(2);
        expect(lines, `${what}: one line`).toHaveLength(1);
        expect(lines[0], what).toMatch(message);
        for (const secret of SECRETS) expect(run.output, `${what} echoes a secret`).not.toContain(secret);
      }
      expect(await tenantWrites(sandbox)).toEqual([]);
    });
  } finally {
    garbage.close();
  }
});
