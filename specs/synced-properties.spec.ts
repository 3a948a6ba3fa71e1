// One test per synced-property row and direction: once linked, an edit on one side reaches the other.
import { checklistTests } from "../fixtures/case.ts";
import { direction, otherSide } from "../support/plan/index.ts";
import { need } from "../support/plan/required.ts";

checklistTests(["synced"], async (planned, { scenario }) => {
  const pair = need(planned.pair, "property pair", planned);
  const row = need(planned.syncedProperty, "synced row", planned);
  const edited = need(planned.edited, "edited side", planned);
  const other = otherSide(edited);

  const records = await scenario.pair(planned, { match: true });
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
