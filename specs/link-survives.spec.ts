// Per merge rule and side: the link survives a change of the merge property itself. Seen where the node keeps the
// link (still one merged entity for both) and, when the flow has a synced row, through the tenants (an edit made
// after the change still travels).
import { checklistTests } from "../fixtures/case.ts";
import { nodeOrSkip } from "../fixtures/node-proof.ts";
import { direction, otherSide } from "../support/plan/index.ts";

checklistTests("link-survives", async (planned, { scenario }) => {
  const { key, rule, edited, observe } = planned;
  const other = otherSide(edited);
  const where = `line ${rule.line} merge rule ${rule.source} = ${rule.target}, key changed in ${direction(planned.flow, edited)}`;
  const node = nodeOrSkip(scenario, planned);

  const records = await scenario.pair(planned);
  await node?.expectLinked(records, `${where}: the records should be linked before the change`);
  const newKey = scenario.fresh(key[edited], key.type, records.seeded(edited, key[edited]));
  await scenario.edit(records[edited], key[edited], newKey);

  if (observe) {
    if (key[edited] === observe[edited]) {
      // The merge property is itself synced: the new key reaching the other side proves the link held.
      await scenario.expectReaches(records[other], observe[other], observe.type, newKey, where);
    } else {
      const value = scenario.fresh(observe[edited], observe.type, records.seeded(edited, observe[edited]));
      await scenario.edit(records[edited], observe[edited], value);
      await scenario.expectReaches(records[other], observe[other], observe.type, value, where);
    }
  }
  await node?.expectStillLinked(records, `${where}: the link must survive`);
});
