// Values that break syncs: per synced row and direction, one link and a sequence of edits with the values real data
// has (support/values/catalogue.ts), each of which must arrive exactly, under the row's data type. The failing
// value is named in the message; the report lists, per row, the values proven.
import { test } from "@playwright/test";
import { checklistTests } from "../fixtures/case.ts";
import { describeValue } from "../support/codecs/index.ts";
import { direction, otherSide } from "../support/plan/index.ts";
import { VALUES_ANNOTATION } from "../support/reporting/evidence.ts";

checklistTests("values", async (planned, { scenario, harness }) => {
  const { pair, row, edited, values } = planned;
  const other = otherSide(edited);
  const records = await scenario.pair(planned);
  let current = records.seeded(edited, pair[edited]);
  for (const [index, edge] of values.entries()) {
    const value = edge.make({
      tag: harness.runId,
      unique: `${scenario.unique}-e${index + 1}`,
      maxLength: pair[edited].maxLength,
    });
    if (value === current) continue;
    const why = `line ${row.line} ${row.source} <-> ${row.target}, ${direction(planned.flow, edited)}, value "${edge.name}" (${edge.why}): ${describeValue(value)}`;
    await scenario.edit(records[edited], pair[edited], value);
    await scenario.expectReaches(records[other], pair[other], pair.type, value, why);
    test.info().annotations.push({ type: VALUES_ANNOTATION, description: edge.name });
    current = value;
  }
});
