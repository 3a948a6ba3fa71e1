// Values that break syncs: per synced row and direction, the values real data has (support/values/catalogue.ts),
// each of which must arrive exactly, under the row's data type. Each value gets its own linked pair, so one pass
// carries every edit (a pass on a real node takes seconds per pipe); the failing value is named in the message, and
// the report lists, per row, the values proven.
import { test } from "@playwright/test";
import { checklistTests } from "../fixtures/case.ts";
import { describeValue } from "../support/codecs/index.ts";
import { direction, otherSide } from "../support/plan/index.ts";
import { VALUES_ANNOTATION } from "../support/reporting/evidence.ts";

checklistTests("values", async (planned, { scenario, harness }) => {
  const { pair, row, edited, values } = planned;
  const other = otherSide(edited);
  const edges = values.map((edge, index) => ({
    edge,
    value: edge.make({
      tag: harness.runId,
      unique: `${scenario.unique}-e${index + 1}`,
      maxLength: pair[edited].maxLength,
    }),
  }));
  // Each pair starts out with another value than its edge value, or the edit would prove nothing.
  const linked = await scenario.pairs(
    planned,
    edges.map(({ value }) => ({ side: edited, property: pair[edited], value })),
  );
  const checks = edges.map(({ edge, value }, index) => ({
    edge,
    value,
    records: linked[index] as (typeof linked)[number],
    why: `line ${row.line} ${row.source} <-> ${row.target}, ${direction(planned.flow, edited)}, value "${edge.name}" (${edge.why}): ${describeValue(value)}`,
  }));
  // Every edit first (together: each waits out the tenant's read lag), then one pass serves every check.
  await Promise.all(checks.map(({ value, records }) => scenario.edit(records[edited], pair[edited], value)));
  for (const { edge, value, records, why } of checks) {
    await scenario.expectReaches(records[other], pair[other], pair.type, value, why);
    test.info().annotations.push({ type: VALUES_ANNOTATION, description: edge.name });
  }
});
