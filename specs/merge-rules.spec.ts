// One pair of tests per merge-rule row: equal values link the records, different values keep them apart.
// After every sync, exactly one record on each side carries the test's values (the sync made no duplicate).
import { checklistTests } from "../fixtures/case.ts";
import type { Side } from "../support/plan/index.ts";
import { between, direction } from "../support/plan/index.ts";
import { need } from "../support/plan/required.ts";

const SIDES: Side[] = ["source", "target"];

checklistTests(["merge-links", "merge-no-link"], async (planned, { scenario }) => {
  const key = need(planned.pair, "merge property pair", planned);
  const rule = need(planned.mergeRule, "merge rule", planned);
  const { pair: observed } = need(planned.resolved?.observable, "observable synced row", planned);
  const where = `line ${rule.line} merge rule ${rule.source} = ${rule.target} (${between(planned.flow)})`;
  const match = planned.kind === "merge-links";
  const records = await scenario.pair(planned, { match });

  for (const side of SIDES) {
    await scenario.expectSingle(
      records[side].adapter,
      key[side],
      records.seeded(side, key[side]),
      `${where}, after linking`,
    );
  }

  if (match) {
    const value = scenario.fresh(observed.source, observed.type, records.seeded("source", observed.source));
    await scenario.edit(records.source, observed.source, value);
    await scenario.expectReaches(
      records.target,
      observed.target,
      observed.type,
      value,
      `${where}: records with equal values should be linked, so an edit travels ${direction(planned.flow, "source")}`,
    );
    for (const side of SIDES) {
      const current = await scenario.read(records[side], key[side], key.type);
      await scenario.expectSingle(records[side].adapter, key[side], current, `${where}, after the edit was synced`);
    }
    return;
  }

  // Both sides edited before one settled sync: a link, had the sync made one, would carry one over the other.
  const edits = {
    source: scenario.fresh(observed.source, observed.type, records.seeded("source", observed.source)),
    target: scenario.fresh(observed.target, observed.type, records.seeded("target", observed.target)),
  };
  for (const side of SIDES) await scenario.edit(records[side], observed[side], edits[side]);
  for (const side of SIDES) {
    await scenario.expectKeeps(
      records[side],
      observed[side],
      observed.type,
      edits[side],
      `${where}: records with different values (${JSON.stringify(records.seeded("source", key.source))} and ${JSON.stringify(records.seeded("target", key.target))}) must stay apart`,
    );
  }
});
