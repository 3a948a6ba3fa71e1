// Per merge rule and side: the link survives a change of the merge property itself.
import { checklistTests } from "../fixtures/case.ts";
import { direction, otherSide } from "../support/plan/index.ts";

checklistTests("link-survives", async (planned, { scenario }) => {
  const { key, rule, edited, observe } = planned;
  const other = otherSide(edited);
  const where = `line ${rule.line} merge rule ${rule.source} = ${rule.target}, key changed in ${direction(planned.flow, edited)}`;

  const records = await scenario.pair(planned);
  const newKey = scenario.fresh(key[edited], key.type, records.seeded(edited, key[edited]));
  await scenario.edit(records[edited], key[edited], newKey);

  // When the merge property is itself synced, the new key reaching the other side proves the link held.
  if (key[edited] === observe[edited]) {
    await scenario.expectReaches(records[other], observe[other], observe.type, newKey, where);
    return;
  }
  const value = scenario.fresh(observe[edited], observe.type, records.seeded(edited, observe[edited]));
  await scenario.edit(records[edited], observe[edited], value);
  await scenario.expectReaches(records[other], observe[other], observe.type, value, where);
});
