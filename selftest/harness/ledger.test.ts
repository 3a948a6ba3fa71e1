// The ledger: what a run created and has not removed, readable after a crash.
import { appendFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { createdIds, ledgerDir, ledgerRunIds, outstandingRecords, recordInLedger } from "../../support/run/ledger.ts";
import { membersBeside } from "../../support/sync/node-links.ts";

test("created minus removed, in creation order, surviving a line cut short by a kill", () => {
  const reports = mkdtempSync(join(tmpdir(), "talk-qa-ledger-"));
  const run = "tqa261126170350abcd";
  const parent = { adapter: "poweroffice/customers", id: "7" };
  const child = { adapter: "poweroffice/contactperson", id: "9", parentId: "7" };
  const user = { adapter: "youtrack/users", id: "u-1" };
  recordInLedger(reports, run, "created", parent);
  recordInLedger(reports, run, "created", child);
  recordInLedger(reports, run, "created", user);
  recordInLedger(reports, run, "removed", user);
  appendFileSync(join(ledgerDir(reports), `${run}.jsonl`), '{"op":"created","ref":{"adap');
  expect(outstandingRecords(reports, run)).toEqual([parent, child]);
  expect(ledgerRunIds(reports)).toEqual([run]);
  expect(outstandingRecords(reports, "tqa000000000000zzzz")).toEqual([]);
  // Every record of a datatype the run made, removed ones too (a merged entity may still name them).
  expect(createdIds(reports, run)).toEqual(
    new Map([
      ["poweroffice/customers", new Set(["7"])],
      ["poweroffice/contactperson", new Set(["9"])],
      ["youtrack/users", new Set(["u-1"])],
    ]),
  );
});

test("a record with a different value linked to another test's record is found beside it in the merged entity", () => {
  const entities = [
    { _id: "a", _updated: 1, $ids: ["~:youtrack-users:u-1", "~:powerofficego-contactperson:9"] },
    { _id: "b", _updated: 2, $ids: ["~:youtrack-users:u-2", "~:powerofficego-contactperson:42"] },
    { _id: "c", _updated: 3, $ids: ["~:powerofficego-contactperson:10"] },
  ];
  const made = new Set(["9", "10"]);
  // u-1's own partner in the test is 10: 9 is another test's record.
  expect(membersBeside(entities, "~:youtrack-users:u-1", "powerofficego-contactperson", made, "10")).toEqual([
    "~:powerofficego-contactperson:9",
  ]);
  // 42 was not made by the run (the sync created it): not a stranger.
  expect(membersBeside(entities, "~:youtrack-users:u-2", "powerofficego-contactperson", made, "10")).toEqual([]);
  expect(
    membersBeside(entities, "~:powerofficego-contactperson:10", "youtrack-users", new Set(["u-1"]), "u-1"),
  ).toEqual([]);
});
