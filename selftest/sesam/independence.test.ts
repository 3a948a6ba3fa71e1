// The reference sync is independent of the code it checks: nothing under emulators/ may import the harness's
// codecs, clients, adapters, plan or value generators (the checklist model may be shared: it is the document).
// Otherwise a mapping mistake in the harness would be mirrored by the sandbox and stay green.
import { test, expect } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FORBIDDEN = ["support/codecs", "support/clients", "support/adapters", "support/plan", "support/values"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Every module specifier a TypeScript file imports or re-exports, statically or dynamically. */
export function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^"';]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

/** `file: specifier` for each import of `file` that lands in a forbidden harness folder. */
function violations(file: string, source: string): string[] {
  return specifiers(source)
    .filter((spec) => spec.startsWith("."))
    .filter((spec) => {
      const target = relative(ROOT, resolve(dirname(file), spec))
        .split("\\")
        .join("/");
      return FORBIDDEN.some((folder) => target === folder || target.startsWith(`${folder}/`));
    })
    .map((spec) => `${relative(ROOT, file)}: imports ${spec}`);
}

test("no file under emulators/ imports the harness's codecs, clients, adapters, plan or values", () => {
  const files = sourceFiles(join(ROOT, "emulators"));
  expect(files.length).toBeGreaterThan(20);
  const found = files.flatMap((file) => violations(file, readFileSync(file, "utf8")));
  expect(found, "the reference sync must keep its own mapping and HTTP calls").toEqual([]);
});

test("the guard catches every import form and names the file; the checklist model stays allowed", () => {
  const file = join(ROOT, "emulators/sesam/sync/example.ts");
  const source = [
    'import { findCodec } from "../../../support/codecs/index.ts";',
    'import type { PowerOfficeClient } from "../../../support/clients/poweroffice/client.ts";',
    'export { x } from "../../../support/adapters/index.ts";',
    'const plan = await import("../../../support/plan/index.ts");',
    'import "../../../support/values/fresh-value.ts";',
    'import type { Checklist } from "../../../support/checklist/model.ts";',
    'import { Dataset } from "../dataset.ts";',
  ].join("\n");
  expect(violations(file, source)).toEqual([
    "emulators/sesam/sync/example.ts: imports ../../../support/codecs/index.ts",
    "emulators/sesam/sync/example.ts: imports ../../../support/clients/poweroffice/client.ts",
    "emulators/sesam/sync/example.ts: imports ../../../support/adapters/index.ts",
    "emulators/sesam/sync/example.ts: imports ../../../support/values/fresh-value.ts",
    "emulators/sesam/sync/example.ts: imports ../../../support/plan/index.ts",
  ]);
});
