import { expect, test } from "@playwright/test";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadChecklist } from "../../support/checklist/load.ts";
import { parseChecklist } from "../../support/checklist/parse.ts";
import { compareChecklists } from "../../support/compare/diff.ts";
import { grepForLines } from "../../support/compare/grep.ts";
import type { ChecklistDiff } from "../../support/compare/model.ts";
import { renderMarkdown, renderText } from "../../support/compare/render.ts";
import {
  doc,
  heading,
  listTable,
  MERGE_HEADER,
  MERGE_INTRO,
  REPO,
  SYNCED_HEADER,
  SYNCED_INTRO,
  USERS_TO_CUSTOMERS,
} from "../checklist/helpers.ts";

const DEFAULT = "checklists/youtrack-powerofficego.rst";
const NOVEMBER = "checklists/youtrack-powerofficego.2024-11-13.rst";

/** The diff without the row lists of unchanged parts: what a reader of the report sees. */
function outline(diff: ChecklistDiff) {
  return {
    document: diff.document.map((c) => `${c.kind}${c.field ? `(${c.field})` : ""}: ${c.from} -> ${c.to}`),
    added: diff.flows.added.map((f) => `${f.line} ${f.title}`),
    removed: diff.flows.removed.map((f) => `${f.line} ${f.title}`),
    changed: diff.flows.changed.map((f) => ({
      flow: `${f.old.line} -> ${f.new.line}`,
      changes: f.changes.map((c) => `${c.kind}${c.field ? `(${c.field})` : ""}: ${c.from} -> ${c.to}`),
      added: f.rows.added.map((r) => `${r.line} ${r.text}`),
      removed: f.rows.removed.map((r) => `${r.line} ${r.text}`),
      changed: f.rows.changed.map(
        (r) =>
          `${r.old.line} -> ${r.new.line} ${r.changes.map((c) => `${c.kind}(${c.field}): ${c.from} -> ${c.to}`).join("; ")}`,
      ),
    })),
    unchanged: diff.flows.unchanged.length,
    lines: diff.changedLines,
  };
}

test("the default checklist against its 2024-11-13 generation: exactly the renamed system and flows, the datatype, the synced rows that went away", () => {
  const diff = compareChecklists(loadChecklist(DEFAULT), loadChecklist(NOVEMBER));
  expect(outline(diff)).toEqual({
    document: [
      "title: YouTrack to Powerofficego Dataflow -> YouTrack to PowerOffice GO Dataflow",
      "generated: 2024-07-22T00:00:01 -> 2024-11-13T00:00:00",
      "system(target): Powerofficego -> PowerOffice GO",
    ],
    added: [],
    removed: [],
    changed: [
      {
        flow: "12 -> 12",
        changes: [
          "title: YouTrack Users to Powerofficego Contactperson -> YouTrack Users to PowerOffice GO Contactperson",
        ],
        added: [],
        removed: ["36 profile.email <-> emailAddress (string)", "39 profile.email.email <-> emailAddress (string)"],
        changed: [],
      },
      {
        flow: "44 -> 38",
        changes: [
          "title: YouTrack Users to Powerofficego Customers person -> YouTrack Users to PowerOffice GO Customers",
          "datatype(target): Customers person -> Customers",
        ],
        added: [],
        removed: [],
        changed: [],
      },
    ],
    unchanged: 0,
    lines: [38, 49],
  });
  expect(grepForLines(diff.new.file, diff.changedLines)).toBe(
    "youtrack-powerofficego\\.2024-11-13\\.rst.*\\(line (38|49)\\)",
  );
  const text = renderText(diff);
  expect(text).toContain('~ system renamed (target): "Powerofficego" -> "PowerOffice GO"');
  expect(text).toContain("- line 36: synced profile.email <-> emailAddress (string)");
  expect(text).toContain('~ datatype (target): "Customers person" -> "Customers"');
  expect(renderMarkdown(diff)).toContain(
    "| ➖ | 36 | | synced `profile.email <-> emailAddress (string)` | row removed |",
  );
});

test("a document compared with itself has no change and nothing to run", () => {
  const diff = compareChecklists(loadChecklist(DEFAULT), loadChecklist(DEFAULT));
  expect(outline(diff)).toMatchObject({ document: [], added: [], removed: [], changed: [], unchanged: 2, lines: [] });
  expect(renderText(diff)).toContain("Nothing to run");
});

const LINK =
  "Before any synchronization can take place, a link between a YouTrack Users and a PowerOffice GO Customers person must be established.";
const BOTH_WAYS =
  "Once a link between a YouTrack Users and a PowerOffice GO Customers person is established, it will keep in sync between the two systems, regardless of where it is edited.";

function generation(variant: "old" | "new"): string {
  const old = variant === "old";
  const lines = [
    ...heading(USERS_TO_CUSTOMERS),
    LINK,
    "",
    MERGE_INTRO,
    "",
    ...listTable(MERGE_HEADER, ["profile.email.email", "EmailAddress"], ["login", old ? "Number" : "Code"]),
    ...(old ? [BOTH_WAYS, ""] : []),
    SYNCED_INTRO,
    "",
    ...listTable(
      SYNCED_HEADER,
      ...(old ? [["name", "FirstName", '"string"']] : []),
      ["profile.age", "Age", old ? '"string"' : '"integer"'],
      ["banned", "IsActive", '"boolean"'],
      ...(old ? [] : [["profile.phone", "PhoneNumber", '"string"']]),
    ),
  ];
  const other = old
    ? "YouTrack Users to PowerOffice GO Customers company"
    : "YouTrack Users to PowerOffice GO Contactperson";
  const otherY = other.replace("YouTrack Users to ", "");
  lines.push(
    ...heading(other),
    LINK.replace("PowerOffice GO Customers person", otherY),
    "",
    MERGE_INTRO.replace("PowerOffice GO Customers person", otherY),
    "",
    ...listTable(
      [MERGE_HEADER[0] as string, `${otherY} Property`],
      ["profile.email.email", old ? "EmailAddress" : "emailAddress"],
    ),
  );
  return doc(...lines);
}

test("rows: a data type, a merge property, a flag, rows and flows added and removed; the changed lines select their tests", () => {
  const [oldText, newText] = [generation("old"), generation("new")];
  const diff = compareChecklists(parseChecklist(oldText, "old.rst"), parseChecklist(newText, "new.rst"));
  const lineIn = (text: string, needle: string) => text.split("\n").findIndex((line) => line.includes(needle)) + 1;
  const row = (text: string, cell: string) => lineIn(text, `* - ${cell}`);
  expect(outline(diff)).toEqual({
    document: [],
    added: [
      `${lineIn(newText, "YouTrack Users to PowerOffice GO Contactperson")} YouTrack Users to PowerOffice GO Contactperson`,
    ],
    removed: [
      `${lineIn(oldText, "YouTrack Users to PowerOffice GO Customers company")} YouTrack Users to PowerOffice GO Customers company`,
    ],
    changed: [
      {
        flow: "12 -> 12",
        changes: ["flag(bidirectional): true -> false"],
        added: [`${row(newText, "profile.phone")} profile.phone <-> PhoneNumber (string)`],
        removed: [`${row(oldText, "name")} name <-> FirstName (string)`],
        changed: [
          `${row(oldText, "login")} -> ${row(newText, "login")} merge-property(target): Number -> Code`,
          `${row(oldText, "profile.age")} -> ${row(newText, "profile.age")} data-type(): string -> integer`,
        ],
      },
    ],
    unchanged: 0,
    // The flag changes what every row of the first flow checks: its heading and all its rows; the added flow whole.
    lines: [
      12,
      row(newText, "profile.email.email"),
      row(newText, "login"),
      row(newText, "profile.age"),
      row(newText, "banned"),
      row(newText, "profile.phone"),
      lineIn(newText, "YouTrack Users to PowerOffice GO Contactperson"),
      newText.split("\n").lastIndexOf("   * - profile.email.email") + 1, // the added flow's merge rule
    ].sort((a, b) => a - b),
  });
});

function listTests(env: NodeJS.ProcessEnv, args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(REPO, "node_modules", ".bin", "tsx"), ["support/cli/qa.ts", "--list", ...args], {
      cwd: REPO,
      env: {
        ...process.env,
        TALK_QA_DOTENV: "none",
        TALK_QA_REPORTS_DIR: mkdtempSync(join(tmpdir(), "talk-qa-list-")),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(
            out
              .split("\n")
              .filter((line) => line.includes(" › "))
              .map((line) => line.trim()),
          )
        : reject(new Error(out)),
    );
  });
}

test("the printed grep, given to npm run qa -- --list, selects exactly the listed tests of the changed lines", async () => {
  // The other way round: the default document gained the synced rows 36 and 39 and changed its second flow's datatype.
  const compare = spawnSync(
    join(REPO, "node_modules", ".bin", "tsx"),
    ["support/cli/compare.ts", NOVEMBER, DEFAULT, "--grep"],
    {
      cwd: REPO,
      encoding: "utf8",
    },
  );
  expect(compare.status, compare.stderr).toBe(0);
  const grep = compare.stdout.trim();
  expect(grep).toBe("youtrack-powerofficego\\.rst.*\\(line (36|39|44|55)\\)");
  const [all, selected] = await Promise.all([
    listTests({ CHECKLIST: DEFAULT }, []),
    listTests({ CHECKLIST: DEFAULT }, ["--grep", grep]),
  ]);
  const expected = all.filter((line) => /\(line (36|39|44|55)\)/.test(line));
  expect(expected.length).toBeGreaterThan(0);
  expect(selected).toEqual(expected);
  expect(all.length).toBeGreaterThan(selected.length);
});

test("the CLI: JSON carries the grep; a missing document, two formats or options without --run are one line and exit 2", () => {
  // One node process with tsx's loader: what the tsx binary does in a second process, at half the start-up cost.
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "support/cli/compare.ts", ...args], {
      cwd: REPO,
      encoding: "utf8",
    });
  const json = run(DEFAULT, NOVEMBER, "--json");
  expect(json.status).toBe(0);
  expect(JSON.parse(json.stdout)).toMatchObject({
    changedLines: [38, 49],
    grep: "youtrack-powerofficego\\.2024-11-13\\.rst.*\\(line (38|49)\\)",
  });
  for (const [args, message] of [
    [[DEFAULT, "checklists/nope.rst"], "talk-qa compare: checklists/nope.rst does not exist"],
    [[DEFAULT, NOVEMBER, "--json", "--grep"], "talk-qa compare: choose one of --markdown, --json, --grep"],
    [[DEFAULT, NOVEMBER, "--", "--workers", "1"], "talk-qa compare: options after -- go to qa, with --run only"],
    [[DEFAULT], "talk-qa compare: expected two documents, got 1"],
  ] as const) {
    const result = run(...args);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(message);
    expect(result.stdout).toBe("");
  }
});
