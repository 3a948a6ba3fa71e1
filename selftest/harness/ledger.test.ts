// The ledger: what a run created and has not removed, readable after a crash.
import { appendFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { ledgerDir, ledgerRunIds, outstandingRecords, recordInLedger } from "../../support/run/ledger.ts";

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
});
