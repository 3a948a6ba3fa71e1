// Talk-wide rules, checked on each flow's first synced row: the newest edit wins a conflict, and an empty value
// does not wipe the other side.
import { checklistTests } from "../fixtures/case.ts";
import { test } from "../fixtures/test.ts";
import { between, otherSide, sideName } from "../support/plan/index.ts";
import { need } from "../support/plan/required.ts";

checklistTests(["newest-wins", "empty-keeps"], async (planned, { scenario, sync }) => {
  const pair = need(planned.pair, "property pair", planned);
  const row = need(planned.syncedProperty, "synced row", planned);
  const side = need(planned.edited, "edited side", planned);
  const other = otherSide(side);
  const where = `line ${row.line} ${row.source} <-> ${row.target} (${between(planned.flow)})`;
  const records = await scenario.pair(planned, { match: true });

  if (planned.kind === "newest-wins") {
    // `side` is edited last: its value must end up on both sides. No other worker may sync between the two
    // edits, or there would be no conflict left to resolve.
    const older = scenario.fresh(pair[other], pair.type, records.seeded(other, pair[other]));
    const newer = scenario.fresh(pair[side], pair.type, older);
    await sync.quietly(async () => {
      await scenario.edit(records[other], pair[other], older);
      if (records[other].adapter.changeClock === "observed") {
        // The API does not date this edit: a sync can only date it by when it first reads it, so the pipes that
        // read the tenants run before the newer edit is made.
        test.skip(
          !sync.canObserve,
          `${records[other].adapter.label} edits carry no time, and no pipe is known to read the tenants (the node's pipe config does not show one; SESAM_OBSERVE_PIPES names none) to let the sync see the older edit first`,
        );
        await test.step("let the sync see the older edit (only the pipes that read the tenants)", () => sync.observe());
      }
      await scenario.edit(records[side], pair[side], newer);
    });
    const why = `${where}: ${sideName(planned.flow, other)} edited to ${JSON.stringify(older)}, then ${sideName(planned.flow, side)} to ${JSON.stringify(newer)}; the newest edit must win`;
    await scenario.expectReaches(records[other], pair[other], pair.type, newer, why);
    await scenario.expectKeeps(records[side], pair[side], pair.type, newer, why);
    return;
  }

  const kept = records.seeded(other, pair[other]);
  const empty = pair[side].empty;
  if (empty === undefined)
    throw new Error(`${planned.title}: ${pair[side].path} cannot be emptied (the plan should have skipped it)`);
  await scenario.edit(records[side], pair[side], empty);
  await scenario.expectKeeps(
    records[other],
    pair[other],
    pair.type,
    kept,
    `${where}: ${sideName(planned.flow, side)} emptied; an empty value must not overwrite ${sideName(planned.flow, other)}`,
  );
});
