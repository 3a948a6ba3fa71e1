// Flow-wide cases: a flow the harness cannot test still shows, with the reason; a flow that creates missing
// records gets a record created for an unmatched one.
import { checklistTests } from "../fixtures/case.ts";
import { expect } from "../fixtures/test.ts";
import type { Seeded } from "../fixtures/test.ts";
import { nodeOrSkip } from "../fixtures/node-proof.ts";
import { sideName } from "../support/plan/index.ts";

// Only ever skipped, with the plan's reason: the report shows what of the document is not testable.
checklistTests("flow", async () => {});

checklistTests("creates-missing", async (planned, { scenario, adapters, sync, harness }) => {
  const { findBy } = planned;
  const target = adapters.for(planned.sides.target);
  // Found through the tenant either way; the node, when it shows its links, must link the new record to its source.
  const node = nodeOrSkip(scenario, { ...planned, observe: findBy });
  const { record: source, seeded } = await scenario.single(planned, "source");
  const value = seeded(findBy.source);
  const why = `line ${planned.flow.line}: a ${sideName(planned.flow, "source")} with no match should get a new ${sideName(planned.flow, "target")} carrying ${JSON.stringify(value)}`;

  let created: Seeded | undefined;
  await expect(async () => {
    await sync.pass();
    const found = await target.findByValue(findBy.target, value, new Date(Date.now() - 60_000));
    expect(found.length, `${why}; found ${found.length}`).toBe(1);
    created = { adapter: target, ref: found[0] as Seeded["ref"] };
  }).toPass({ timeout: harness.config.sync.timeoutMs, intervals: [0] });
  await node?.expectLinked(
    { source, target: created as Seeded },
    `${why}: the node should link the new record to its source`,
  );
  for (const row of planned.rows) {
    await scenario.expectReaches(
      created as Seeded,
      row.target,
      row.type,
      seeded(row.source),
      `${why}: ${row.source.path} -> ${row.target.path}`,
    );
  }
});
