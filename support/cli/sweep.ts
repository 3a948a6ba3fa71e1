// `npm run sweep [-- --older-than 1h] [--dry-run]`: removes what earlier runs left in the configured tenants.
// First the ledgers in reports/.ledger (exact: what a run created and did not remove), then a scan of the tenants
// for records carrying a run tag older than the given age. A record without the tag is never touched.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../config/index.ts";
import { tenantAdapters } from "../run/clients.ts";
import { ledgerDir, ledgerRunIds, outstandingRecords } from "../run/ledger.ts";
import { removalFailure, removeOutstanding, taggedRecords } from "../run/ledger-cleanup.ts";
import { findRunTag, RUN_TAG_PATTERN } from "../run/run-id.ts";
import { parseCommandLine, runCli, UsageError } from "./run-cli.ts";

const USAGE = "usage: npm run sweep [-- --older-than <n>(m|h|d)] [--dry-run]   (default: --older-than 1h)";

function parseAge(text: string): number | undefined {
  const match = /^(\d+)(m|h|d)$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "m" | "h" | "d"];
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandLine({
    args: argv,
    options: {
      "older-than": { type: "string", default: "1h" },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const olderThan = parseAge(values["older-than"]);
  if (olderThan === undefined)
    throw new UsageError(`--older-than needs an age like 30m, 2h or 1d (got "${values["older-than"]}")`);
  const dryRun = values["dry-run"];
  const config = loadConfig();
  if (!config.targets) {
    console.log("talk-qa sweep: no service URLs configured; the embedded sandbox keeps nothing between runs.");
    return 0;
  }
  const cutoff = Date.now() - olderThan;
  const oldEnough = (runId: string) => (findRunTag(runId)?.startedAt.getTime() ?? Infinity) <= cutoff;

  let removed = 0;
  for (const runId of ledgerRunIds(config.reportsDir).filter(oldEnough)) {
    const outstanding = outstandingRecords(config.reportsDir, runId);
    if (dryRun) {
      for (const ref of outstanding) console.log(`would remove ${ref.adapter} #${ref.id} (ledger of ${runId})`);
      continue;
    }
    const result = await removeOutstanding(config.targets, config.reportsDir, runId);
    removed += result.removed;
    for (const failure of result.failed) console.error(`could not remove ${failure}`);
    if (result.failed.length === 0) rmSync(join(ledgerDir(config.reportsDir), `${runId}.jsonl`), { force: true });
  }

  const { adapters, close } = tenantAdapters(config.targets);
  const failures: string[] = [];
  try {
    for await (const { adapter, ref, text } of taggedRecords(adapters, new RegExp(RUN_TAG_PATTERN.source))) {
      const tag = findRunTag(text);
      if (!tag || tag.startedAt.getTime() > cutoff) continue;
      if (dryRun) {
        console.log(`would remove ${adapter.label} #${ref.id} (${tag.runId})`);
        continue;
      }
      try {
        if (await adapter.remove(ref)) {
          removed++;
          console.log(`removed ${adapter.label} #${ref.id} (${tag.runId})`);
        }
      } catch (error) {
        failures.push(removalFailure(adapter.label, ref, error));
      }
    }
  } finally {
    await close();
  }
  for (const failure of failures) console.error(`could not remove ${failure}`);
  console.log(
    `talk-qa sweep: ${dryRun ? "dry run, nothing removed" : `${removed} record(s) removed`}; runs older than ${new Date(cutoff).toISOString()}`,
  );
  return failures.length > 0 ? 1 : 0;
}

runCli("talk-qa sweep", USAGE, main);
