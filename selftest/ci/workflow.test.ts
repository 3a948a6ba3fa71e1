import { expect, test } from "@playwright/test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import { SECRET_VARIABLES } from "../../support/config/index.ts";

// The CI workflow is tested where it is written: GitHub's schema (@action-validator/cli, offline: a wasm build of
// the validator with the SchemaStore workflow schema), every `npm run` it calls exists, and the conventions the
// release run depends on are in place (each can be broken by an edit of the YAML, and each assertion says which).

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const WORKFLOWS = join(REPO, ".github", "workflows");
const files = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));

const StepSchema = z.object({
  name: z.string().optional(),
  if: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  with: z.record(z.string(), z.unknown()).optional(),
  env: z.record(z.string(), z.unknown()).optional(),
});
const JobSchema = z.object({
  if: z.string().optional(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  environment: z.string().optional(),
  strategy: z.object({ "fail-fast": z.boolean().optional(), matrix: z.unknown() }).optional(),
  steps: z.array(StepSchema),
});
const WorkflowSchema = z.object({
  on: z.object({ workflow_dispatch: z.object({ inputs: z.record(z.string(), z.unknown()) }).optional() }).passthrough(),
  concurrency: z.object({ group: z.string(), "cancel-in-progress": z.union([z.string(), z.boolean()]) }).optional(),
  jobs: z.record(z.string(), JobSchema),
});
type Workflow = z.infer<typeof WorkflowSchema>;

const readWorkflow = (file: string): Workflow =>
  WorkflowSchema.parse(parse(readFileSync(join(WORKFLOWS, file), "utf8")));
const validate = (path: string) =>
  spawnSync(join(REPO, "node_modules", ".bin", "action-validator"), [path], { encoding: "utf8", timeout: 30_000 });
const main = readWorkflow("talk-qa.yml");
const steps = (job: string) => main.jobs[job]?.steps ?? [];

test("every workflow passes GitHub's workflow schema (action-validator), and a broken one does not", () => {
  expect(files).toContain("talk-qa.yml");
  for (const file of files) {
    const result = validate(join(WORKFLOWS, file));
    expect(result.status, `${file}: ${result.stdout}${result.stderr}`).toBe(0);
  }
  const broken = join(mkdtempSync(join(tmpdir(), "talk-qa-workflow-")), "broken.yml");
  writeFileSync(broken, readFileSync(join(WORKFLOWS, "talk-qa.yml"), "utf8").replace(/runs-on:/g, "runs_on:"));
  const refused = validate(broken);
  expect(refused.status).not.toBe(0);
  expect(refused.stdout + refused.stderr).toContain("runs_on");
});

test("every npm script a workflow runs exists in package.json", () => {
  const scripts = Object.keys(
    (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: object }).scripts,
  );
  const called = new Set<string>();
  for (const file of files) {
    for (const job of Object.values(readWorkflow(file).jobs)) {
      for (const step of job.steps) {
        for (const match of (step.run ?? "").matchAll(/\bnpm (?:run(?:-script)?|rum|urn)(?:\s+-s)?\s+([\w:.-]+)/g)) {
          called.add(match[1] as string);
        }
        for (const match of (step.run ?? "").matchAll(/\bnpm (test|t|start)\b/g))
          called.add(match[1] === "t" ? "test" : (match[1] as string));
      }
    }
  }
  expect([...called].sort()).toEqual(["qa", "report", "sweep", "test"]);
  for (const script of called) expect(scripts, `npm run ${script}`).toContain(script);
});

test("release runs: the inputs the issue names, one run at a time on the tenants, secrets from the environment", () => {
  expect(Object.keys(main.on.workflow_dispatch?.inputs ?? {})).toEqual([
    "release",
    "checklist",
    "shards",
    "sync_driver",
  ]);
  expect(Object.keys(main.on)).toEqual(expect.arrayContaining(["pull_request", "push", "workflow_dispatch"]));
  expect(main.concurrency?.group).toContain("github.event_name == 'workflow_dispatch'");
  expect(main.concurrency?.["cancel-in-progress"]).toBe("${{ github.event_name != 'workflow_dispatch' }}");
  // Every secret the harness knows, and nothing else, comes from the environment's secrets.
  const text = readFileSync(join(WORKFLOWS, "talk-qa.yml"), "utf8");
  const secrets = new Set([...text.matchAll(/\bsecrets\.([A-Z0-9_]+)/g)].map((match) => match[1]));
  expect([...secrets].sort()).toEqual([...SECRET_VARIABLES].sort());
  for (const job of ["qa", "sweep"]) {
    expect(main.jobs[job]?.environment).toBe(
      "${{ github.event_name == 'workflow_dispatch' && 'talk-qa-sandboxes' || '' }}",
    );
  }
  // The two jobs that reach the tenants target them the same way.
  const target = (job: string) => steps(job).find((step) => step.name === "Target the release sandboxes");
  expect(target("qa")).toBeDefined();
  expect(target("sweep")).toEqual(target("qa"));
  // Where users read how to set it up.
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const example = readFileSync(join(REPO, ".env.example"), "utf8");
  for (const name of SECRET_VARIABLES) {
    expect(readme, `README.md names the secret ${name}`).toContain(name);
    expect(example, `.env.example names the secret ${name}`).toContain(name);
  }
  expect(readme).toContain("talk-qa-sandboxes");
});

test("shards: a matrix that does not stop at the first failure, each shard's results uploaded even when it fails", () => {
  const qa = main.jobs.qa;
  expect(qa?.strategy?.["fail-fast"]).toBe(false);
  expect(qa?.strategy?.matrix).toEqual({ shard: "${{ fromJSON(needs.plan.outputs.shards) }}" });
  expect(steps("qa").find((step) => step.run?.startsWith("npm run qa"))?.run).toBe(
    "npm run qa -- --shard=${{ matrix.shard }}/${{ needs.plan.outputs.total }}",
  );
  const upload = steps("qa").find((step) => step.uses?.startsWith("actions/upload-artifact@"));
  expect(upload?.if).toBe("${{ !cancelled() }}");
  expect(upload?.with?.["include-hidden-files"]).toBe(true);
});

test("merge: after the shards even when some failed; gate, job summary, report upload and history carried over", () => {
  const report = main.jobs.report;
  expect(report?.if).toBe("${{ !cancelled() }}");
  expect(report?.needs).toContain("qa");
  const runs = steps("report").map((step) => step.run ?? step.uses ?? "");
  expect(runs).toContain('npm run report -- reports/shards/* --max-failed-rows 0 --summary "$GITHUB_STEP_SUMMARY"');
  const restore = steps("report").findIndex((step) => step.uses?.startsWith("actions/cache/restore@"));
  const merge = steps("report").findIndex((step) => step.run?.startsWith("npm run report"));
  const save = steps("report").find((step) => step.uses?.startsWith("actions/cache/save@"));
  expect(restore, "the history is restored before the merge reads it").toBeGreaterThanOrEqual(0);
  expect(restore).toBeLessThan(merge);
  expect(save?.if).toBe("${{ !cancelled() }}");
  expect(steps("report")[restore]?.with?.path).toBe("reports/allure-history.jsonl");
  const upload = steps("report").find((step) => step.uses?.startsWith("actions/upload-artifact@"));
  expect(upload?.if).toBe("${{ !cancelled() }}");
  expect(String(upload?.with?.path)).toContain("reports/allure-report/");
});

test("the last job always sweeps, and every job sets up Node with npm caching", () => {
  const sweep = main.jobs.sweep;
  expect(sweep?.if).toBe("${{ always() }}");
  expect(Object.keys(main.jobs).at(-1)).toBe("sweep");
  const last = steps("sweep").at(-1);
  expect(last?.run).toBe("npm run sweep -- --older-than 0m");
  expect(last?.if).toBe("${{ always() }}");
  for (const [name, job] of Object.entries(main.jobs)) {
    if (!job.steps.some((step) => step.run === "npm ci")) continue;
    const setup = job.steps.find((step) => step.uses?.startsWith("actions/setup-node@"));
    expect(setup?.with, `${name}: actions/setup-node with npm caching`).toMatchObject({
      cache: "npm",
      "node-version": 20,
    });
  }
});
