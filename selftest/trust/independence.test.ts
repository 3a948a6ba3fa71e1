// The sandbox does not mirror the harness: its reference sync maps and calls the APIs with its own code, so a harness
// that reads and writes the wrong PowerOffice field for a checklist property fails against it. (Before the sync had
// its own mapping, it used the harness's codecs: such a mistake was mirrored and stayed green.)
import { expect, test } from "@playwright/test";
import { DEFAULT_CHECKLIST, runSpecs, syncing, withSandbox } from "./harness.ts";

test("a harness codec deliberately wrong (contact person emailAddress read and written as Title) fails against the sandbox", async () => {
  test.setTimeout(120_000);
  await withSandbox({ ...syncing([DEFAULT_CHECKLIST]), lag: false }, async (sandbox) => {
    const env = { ...sandbox.env, CHECKLIST: DEFAULT_CHECKLIST, SYNC_TIMEOUT_MS: "3000", SYNC_MAX_PASSES: "2" };
    const grep = ["--grep", "line 36\\): an edit in"];
    const correct = await runSpecs(env, [...grep, "--workers", "2"]);
    expect(
      correct.cases.map((c) => c.status),
      correct.output.slice(-2000),
    ).toEqual(["passed", "passed"]);
    const mutant = await runSpecs({ ...env, TALK_QA_CODEC_MUTANT: "poweroffice/contactperson:EmailAddress=Title" }, [
      ...grep,
      "--workers",
      "2",
    ]);
    expect(mutant.code, "a wrong mapping must fail the run").not.toBe(0);
    const failed = mutant.cases.filter((c) => c.status === "failed");
    expect(failed.length, mutant.output.slice(-2000)).toBeGreaterThan(0);
    for (const result of failed) expect(result.detail, result.title).toMatch(/line 36/);
  });
});
