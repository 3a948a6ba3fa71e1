// `npx tsx selftest/ci/report-screenshots.ts [report dir] [png dir]`: opens an Allure report the way a person does,
// served over HTTP (its data loads by fetch, which a file:// page may not do) in Debian's headless Chromium, and
// saves PNGs of the tree (document > flow > row) with the environment, the categories, the quality gate, a test's
// history and the trend graphs.
// Needs /usr/bin/chromium (`apt-get install -y chromium`); never downloads a browser.
import { createReadStream, existsSync, mkdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";
import type { Page } from "playwright-core";

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".json": "application/json",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain",
};

// The flags a root process needs on this kind of machine (no sandbox, no background networking to blocked hosts).
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function screenshots(reportDir: string, pngDir: string): Promise<string[]> {
  const root = resolve(reportDir);
  if (!existsSync(join(root, "index.html"))) throw new Error(`${root}/index.html does not exist`);
  mkdirSync(pngDir, { recursive: true });
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    const file = join(root, path.endsWith("/") ? `${path}index.html` : path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_FLAGS });
  const saved: string[] = [];
  const shot = async (page: Page, name: string) => {
    const file = join(pngDir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    saved.push(file);
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(url);
    await page
      .getByText(/Dataflow/)
      .first()
      .waitFor({ timeout: 30_000 });
    await shot(page, "1-overview");
    for (const step of STEPS) await step(page, shot);
  } finally {
    await browser.close();
    server.close();
  }
  return saved;
}

type Shot = (page: Page, name: string) => Promise<void>;

const tab = (page: Page, name: string) => page.getByText(new RegExp(`^${name}\\s*\\d*$`)).first();

// Each step starts from the overview (the Results tab) and leaves the page anywhere.
const STEPS: ((page: Page, shot: Shot) => Promise<void>)[] = [
  async (page, shot) => {
    await tab(page, "Categories").click();
    await page.waitForTimeout(500); // the tab's content renders after the click; nothing to poll for by name
    await shot(page, "2-categories");
    await tab(page, "Quality Gates").click();
    await page.waitForTimeout(500);
    await shot(page, "3-quality-gates");
    await tab(page, "Results").click();
  },
  async (page, shot) => {
    // The first failed test of the tree, then its History tab: the earlier runs of the same test.
    await page
      .getByText(/\(line \d+\)/)
      .first()
      .click();
    await page
      .getByText(/^History/)
      .first()
      .waitFor({ timeout: 15_000 });
    await shot(page, "4-test-result");
    await page
      .getByText(/^History/)
      .first()
      .click();
    await page.waitForTimeout(500);
    await shot(page, "5-history");
  },
  async (page, shot) => {
    // The report's Graphs: the trends over the runs the history holds.
    await page
      .getByText(/^Report$/)
      .first()
      .click();
    await page
      .getByText(/^Graphs$/)
      .first()
      .click();
    await page.waitForTimeout(1500); // the charts draw after the data loads
    await shot(page, "6-graphs");
  },
];

if (process.argv[1]?.endsWith("report-screenshots.ts")) {
  const [reportDir = "reports/rehearsal/allure-report", pngDir = "reports/screenshots"] = process.argv.slice(2);
  screenshots(reportDir, pngDir).then(
    (files) => console.log(files.join("\n")),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
