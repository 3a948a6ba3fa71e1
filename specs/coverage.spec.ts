// Flow-wide cases: a flow the harness cannot test still shows, with the reason; a flow that creates missing
// records gets a record created for an unmatched one.
import { checklistTests } from "../fixtures/case.ts";
import { expect } from "../fixtures/test.ts";
import type { Seeded } from "../fixtures/test.ts";
import { sideName } from "../support/plan/index.ts";
import { need } from "../support/plan/required.ts";

checklistTests(["flow", "creates-missing"], async (planned, { scenario, adapters, sync, harness }) => {
  const resolved = need(planned.resolved, "adapters", planned);
  const { pair: observed } = need(resolved.observable, "observable synced row", planned);
  const target = adapters.for(resolved.target);
  const source = await scenario.single(planned, "source");
  const value = await scenario.read(source, observed.source, observed.type);
  const why = `line ${planned.flow.line}: a ${sideName(planned.flow, "source")} with no match should get a new ${sideName(planned.flow, "target")} carrying ${JSON.stringify(value)}`;

  let created: Seeded | undefined;
  await expect(async () => {
    await sync.pass();
    const found = await target.findByValue(observed.target, value, new Date(Date.now() - 60_000));
    expect(found.length, `${why}; found ${found.length}`).toBe(1);
    created = { adapter: target, ref: found[0] as Seeded["ref"] };
  }).toPass({ timeout: harness.config.sync.timeoutMs, intervals: [0] });
  for (const row of resolved.writableRows) {
    const expected = await scenario.read(source, row.source, row.type);
    await scenario.expectReaches(
      created as Seeded,
      row.target,
      row.type,
      expected,
      `${why}: ${row.source} -> ${row.target}`,
    );
  }
});
