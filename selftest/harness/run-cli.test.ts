// Every CLI ends the same way: bad input in one line with exit 2 (a command line with its usage), a bug whole
// with exit 1; parseArgs' complaints reworded to name the option.
import { expect, test } from "@playwright/test";
import { ChecklistError } from "../../support/checklist/errors.ts";
import { exitFor, parseCommandLine, UsageError } from "../../support/cli/run-cli.ts";
import { ConfigError } from "../../support/config/errors.ts";
import { PreflightError } from "../../support/preflight/preflight.ts";

const USAGE = "usage: npm run thing";

test("bad input is one line and exit 2; a bug is exit 1 with its stack", () => {
  expect(exitFor(new UsageError("unknown option --x"), "talk-qa thing", USAGE)).toEqual({
    code: 2,
    message: `talk-qa thing: unknown option --x\n${USAGE}`,
  });
  expect(exitFor(new ConfigError("SYNC_TIMEOUT_MS", "must be a whole number"), "talk-qa", USAGE)).toEqual({
    code: 2,
    message: "talk-qa: SYNC_TIMEOUT_MS: must be a whole number",
  });
  expect(exitFor(new ChecklistError("a.rst", 12, "no table"), "talk-qa", USAGE).message).toBe(
    "talk-qa: a.rst:12: no table",
  );
  expect(exitFor(new PreflightError("YouTrack refused the token"), "talk-qa", USAGE).code).toBe(2);
  const missing = Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT", path: "old.rst" });
  expect(exitFor(missing, "talk-qa compare", USAGE)).toEqual({
    code: 2,
    message: "talk-qa compare: old.rst does not exist",
  });
  const bug = exitFor(new TypeError("x is undefined"), "talk-qa", USAGE);
  expect(bug.code).toBe(1);
  expect(bug.message).toContain("TypeError: x is undefined\n    at ");
});

test("parseArgs' complaints name the option in one line", () => {
  const options = { n: { type: "string" }, help: { type: "boolean", short: "h" } } as const;
  const complaint = (args: string[]) => {
    try {
      parseCommandLine({ args, options });
      return "parsed";
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
  };
  expect(complaint(["--yaml"])).toBe("unknown option --yaml");
  expect(complaint(["--n"])).toBe("--n needs a value");
  expect(complaint(["--n", "-1"])).toBe('--n: a value that starts with "-" is written --n=<value>');
  expect(complaint(["--n=-1", "-h"])).toBe("parsed");
});
