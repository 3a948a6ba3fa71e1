import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runToolQuiet } from "./spawn.ts";

/** Renders the Allure 3 HTML report from one or more results folders (shards merge here). */
export async function generateAllureReport(resultsDirs: readonly string[], outputDir: string, name: string): Promise<string | null> {
  const present = resultsDirs.filter((dir) => existsSync(dir));
  if (present.length === 0) return `no Allure results in ${resultsDirs.join(", ")}`;
  rmSync(outputDir, { recursive: true, force: true });
  const { code, output } = await runToolQuiet("allure", ["generate", ...present, "--output", outputDir, "--name", name]);
  if (code !== 0 || !existsSync(join(outputDir, "index.html"))) {
    return `allure generate exited ${code}: ${output.trim().split("\n").slice(-3).join(" ")}`;
  }
  return null;
}
