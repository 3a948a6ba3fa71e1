// Per merge rule and side: the link survives a change of the merge property itself.
import { checklistTests } from "../fixtures/case.ts";
import { datumKey } from "../support/codecs/index.ts";
import { direction, otherSide } from "../support/plan/index.ts";
import { need } from "../support/plan/required.ts";

checklistTests(["link-survives"], async (planned, { scenario }) => {
  const key = need(planned.pair, "merge property pair", planned);
  const rule = need(planned.mergeRule, "merge rule", planned);
  const edited = need(planned.edited, "edited side", planned);
  const { pair: observed } = need(planned.resolved?.observable, "observable synced row", planned);
  const other = otherSide(edited);
  const where = `line ${rule.line} merge rule ${rule.source} = ${rule.target}, key changed in ${direction(planned.flow, edited)}`;

  const records = await scenario.pair(planned, { match: true });
  const newKey = scenario.fresh(key[edited], key.type, records.seeded(edited, key[edited]));
  await scenario.edit(records[edited], key[edited], newKey);

  // When the merge property is itself synced, the new key reaching the other side proves the link held.
  if (datumKey(key[edited]) === datumKey(observed[edited])) {
    await scenario.expectReaches(records[other], observed[other], observed.type, newKey, where);
    return;
  }
  const value = scenario.fresh(observed[edited], observed.type, records.seeded(edited, observed[edited]));
  await scenario.edit(records[edited], observed[edited], value);
  await scenario.expectReaches(records[other], observed[other], observed.type, value, where);
});
