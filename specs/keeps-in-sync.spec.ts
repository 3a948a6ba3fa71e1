// "Once a link ... is established, it will keep in sync between the two systems, regardless of where it is
// edited", tested as written: one link, a sequence of edits alternating sides, each arriving on the other side and
// none reverted.
import { checklistTests } from "../fixtures/case.ts";
import type { Scalar } from "../support/codecs/index.ts";
import { describeValue } from "../support/codecs/index.ts";
import { direction, otherSide } from "../support/plan/index.ts";

checklistTests("keeps-in-sync", async (planned, { scenario }) => {
  const records = await scenario.pair(planned);
  const done: { row: (typeof planned.steps)[number]["row"]; value: Scalar }[] = [];
  for (const [index, { side, row }] of planned.steps.entries()) {
    const other = otherSide(side);
    // Two checklist rows may name one field (a Hub email behind two paths): its last edit is what counts.
    const current = done.findLast((step) => step.row[side] === row[side])?.value ?? records.seeded(side, row[side]);
    const value = scenario.fresh(row[side], row.type, current);
    const why = `line ${planned.line} keeps in sync regardless of where it is edited, edit ${index + 1} of ${planned.steps.length} (line ${row.row.line} ${row.row.source} <-> ${row.row.target}, ${direction(planned.flow, side)}, ${describeValue(value)})`;
    await scenario.edit(records[side], row[side], value);
    await scenario.expectReaches(records[other], row[other], row.type, value, why);
    done.push({ row, value });
  }
  // None reverted: after the sync settles, both sides hold each row's last value.
  const last = done.filter((step, i) => done.findLastIndex((later) => later.row.source === step.row.source) === i);
  for (const { row, value } of last) {
    for (const side of ["source", "target"] as const) {
      await scenario.expectKeeps(
        records[side],
        row[side],
        row.type,
        value,
        `line ${planned.line} keeps in sync regardless of where it is edited: line ${row.row.line}'s last edit ${describeValue(value)} must stay on both sides`,
      );
    }
  }
});
