// One test per synced-property row and direction: once linked, an edit on one side reaches the other.
import { checklistTests } from "../fixtures/case.ts";
import { direction, otherSide } from "../support/plan/index.ts";

checklistTests("synced", async (planned, { scenario }) => {
  const { pair, row, edited } = planned;
  const other = otherSide(edited);
  const records = await scenario.pair(planned);
  const value = scenario.fresh(pair[edited], pair.type, records.seeded(edited, pair[edited]));
  await scenario.edit(records[edited], pair[edited], value);
  await scenario.expectReaches(
    records[other],
    pair[other],
    pair.type,
    value,
    `line ${row.line} ${row.source} <-> ${row.target}, ${direction(planned.flow, edited)}`,
  );
});
