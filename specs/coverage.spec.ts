// Flow-wide cases: a flow the harness cannot test still shows, with the reason; a flow that creates missing
// records gets a record created for an unmatched one.
import { checklistTests } from "../fixtures/case.ts";
import { expect } from "../fixtures/test.ts";
import type { Seeded } from "../fixtures/test.ts";
import { sideName } from "../support/plan/index.ts";

// Only ever skipped, with the plan's reason: the report shows what of the document is not testable.
checklistTests("flow", async () => {});

checklistTests("creates-missing", async (planned, { scenario, adapters, sync, harness }) => {
  const { observe } = planned;
  const target = adapters.for(planned.sides.target);
  const { seeded } = await scenario.single(planned, "source");
  const value = seeded(observe.source);
  const why = `line ${planned.flow.line}: a ${sideName(planned.flow, "source")} with no match should get a new ${sideName(planned.flow, "target")} carrying ${JSON.stringify(value)}`;

  let created: Seeded | undefined;
  await expect(async () => {
    await sync.pass();
    const found = await target.findByValue(observe.target, value, new Date(Date.now() - 60_000));
    expect(found.length, `${why}; found ${found.length}`).toBe(1);
    created = { adapter: target, ref: found[0] as Seeded["ref"] };
  }).toPass({ timeout: harness.config.sync.timeoutMs, intervals: [0] });
  for (const row of planned.rows) {
    await scenario.expectReaches(created as Seeded, row.target, row.type, seeded(row.source), `${why}: ${row.source.path} -> ${row.target.path}`);
  }
});
