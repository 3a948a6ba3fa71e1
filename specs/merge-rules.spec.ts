// One pair of tests per merge-rule row: equal values link the records, different values keep them apart. The link
// is seen where the node keeps it (one merged entity holding both records) and, when the flow has a synced row,
// through the tenants (an edit travels, or stays on its side). After every sync, exactly one record on each side
// carries the test's values (the sync made no duplicate), and once an edit has moved the key away from its seeded
// value, no record is left holding that value (a copy made from the seeded record, however late it came).
import { checklistTests } from "../fixtures/case.ts";
import { nodeOrSkip } from "../fixtures/node-proof.ts";
import type { CaseOf, Side } from "../support/plan/index.ts";
import { between, direction } from "../support/plan/index.ts";

const SIDES: Side[] = ["source", "target"];
const where = (planned: CaseOf<"merge-links" | "merge-no-link">) =>
  `line ${planned.rule.line} merge rule ${planned.rule.source} = ${planned.rule.target} (${between(planned.flow)})`;

checklistTests("merge-links", async (planned, { scenario }) => {
  const { key, observe } = planned;
  const node = nodeOrSkip(scenario, planned);
  const records = await scenario.pair(planned);
  for (const side of SIDES) {
    await scenario.expectCount(
      records[side].adapter,
      key[side],
      records.seeded(side, key[side]),
      1,
      `${where(planned)}, after linking`,
    );
  }
  await node?.expectLinked(records, `${where(planned)}: records with equal values should be linked`);
  if (!observe) return;
  const value = scenario.fresh(observe.source, observe.type, records.seeded("source", observe.source));
  await scenario.edit(records.source, observe.source, value);
  await scenario.expectReaches(
    records.target,
    observe.target,
    observe.type,
    value,
    `${where(planned)}: records with equal values should be linked, so an edit travels ${direction(planned.flow, "source")}`,
  );
  for (const side of SIDES) {
    const seeded = records.seeded(side, key[side]);
    const current = await scenario.read(records[side], key[side], key.type);
    const after = `${where(planned)}, after the edit was synced`;
    await scenario.expectCount(records[side].adapter, key[side], current, 1, after);
    // A copy made in the linking pass that the check after it could not see yet, or one a later pass made from the
    // values the sync had collected before the edit, still holds the seeded value.
    if (current !== seeded) await scenario.expectCount(records[side].adapter, key[side], seeded, 0, after);
  }
});

checklistTests("merge-no-link", async (planned, { scenario }) => {
  const { key, observe } = planned;
  const node = nodeOrSkip(scenario, planned);
  const records = await scenario.pair(planned);
  for (const side of SIDES) {
    await scenario.expectCount(
      records[side].adapter,
      key[side],
      records.seeded(side, key[side]),
      1,
      `${where(planned)}, after linking`,
    );
  }
  const apart = `${JSON.stringify(records.seeded("source", key.source))} and ${JSON.stringify(records.seeded("target", key.target))}`;
  const why = `${where(planned)}: records with different values (${apart}) must stay apart`;
  if (observe) {
    // Both sides edited before one settled sync: a link, had the sync made one, would carry one over the other.
    const edits = {
      source: scenario.fresh(observe.source, observe.type, records.seeded("source", observe.source)),
      target: scenario.fresh(observe.target, observe.type, records.seeded("target", observe.target)),
    };
    for (const side of SIDES) await scenario.edit(records[side], observe[side], edits[side]);
    for (const side of SIDES) await scenario.expectKeeps(records[side], observe[side], observe.type, edits[side], why);
  }
  await node?.expectApart(records, why);
});
