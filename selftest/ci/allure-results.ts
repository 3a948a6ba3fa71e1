import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

// Allure results written by hand, in the shape allure-playwright writes them (one `<uuid>-result.json` per test),
// so the report, its categories, its gate and its history can be checked without running the checklist.

export const DOCUMENT = "YouTrack to Powerofficego Dataflow";
export const FLOW = "YouTrack Users to Powerofficego Contactperson";

export interface FakeTest {
  name: string;
  /** The row's story label, e.g. "line 36: profile.email <-> emailAddress". */
  story: string;
  status: "passed" | "failed" | "broken" | "skipped";
  message?: string;
}

export function writeResults(dir: string, tests: readonly FakeTest[], environment: Record<string, string> = {}): void {
  mkdirSync(dir, { recursive: true });
  const start = Date.now();
  for (const test of tests) {
    const uuid = randomUUID();
    const fullName = `synced-properties.spec.ts > ${FLOW} > ${test.name}`;
    writeFileSync(
      join(dir, `${uuid}-result.json`),
      JSON.stringify({
        uuid,
        name: test.name,
        fullName,
        historyId: `${fullName.length}-${test.name.replace(/\W+/g, "-")}`,
        testCaseId: test.name.replace(/\W+/g, "-"),
        status: test.status,
        statusDetails: test.message
          ? { message: test.message, trace: `${test.message}\n    at fixtures/scenario.ts:186:14` }
          : {},
        stage: "finished",
        start,
        stop: start + 1000,
        steps: [],
        attachments: [],
        parameters: [],
        links: [],
        labels: [
          { name: "epic", value: DOCUMENT },
          { name: "feature", value: FLOW },
          { name: "story", value: test.story },
          { name: "suite", value: "synced-properties.spec.ts" },
          { name: "framework", value: "playwright" },
        ],
      }),
    );
  }
  const lines = Object.entries(environment).map(([key, value]) => `${key.replace(/ /g, "\\ ")}=${value}`);
  if (lines.length) writeFileSync(join(dir, "environment.properties"), `${lines.join("\n")}\n`);
}

const TreeSchema = z.object({
  root: z.object({ groups: z.array(z.string()).optional() }),
  groupsById: z.record(
    z.string(),
    z.object({ name: z.string(), groups: z.array(z.string()).optional(), leaves: z.array(z.string()).optional() }),
  ),
  leavesById: z.record(
    z.string(),
    z.object({ name: z.string(), categories: z.array(z.string()).optional(), transition: z.string().optional() }),
  ),
});
export type Tree = z.infer<typeof TreeSchema>;

export const readTree = (report: string): Tree =>
  TreeSchema.parse(JSON.parse(readFileSync(join(report, "widgets", "tree.json"), "utf8")));

/** The tree's groups as paths: "document > flow > row" for every group that holds tests. */
export function treePaths(tree: Tree): string[] {
  const paths: string[] = [];
  const walk = (id: string, prefix: string[]) => {
    const group = tree.groupsById[id];
    if (!group) return;
    const path = [...prefix, group.name];
    if (group.leaves?.length) paths.push(path.join(" > "));
    for (const child of group.groups ?? []) walk(child, path);
  };
  for (const id of tree.root.groups ?? []) walk(id, []);
  return paths.sort();
}

/** Each test's name with the one category Allure put it in ("" for none). */
export function categoriesByTest(tree: Tree): Record<string, string> {
  return Object.fromEntries(
    Object.values(tree.leavesById).map((leaf) => [leaf.name, leaf.categories?.join(", ") ?? ""]),
  );
}
