// How many sync passes a test of the plan needs, by issue 14's rule: one to link (or to create), one per edit it
// checks, one to settle a negative check (nothing must change: a value stays, records stay apart, a link
// holds). A pass that only lets the node read the tenants (newest-wins' observe, on a side whose API does not date
// edits) runs some pipes only and is not counted, as the drivers' history does not count it either. This is the
// least a correct harness can wait for; what a test did is in cases.json (`passes`).
import type { PlannedFlow, RunnableCase } from "../../support/plan/index.ts";

export function passesNeeded(planned: RunnableCase): number {
  const link = 1;
  const negative = 1;
  switch (planned.kind) {
    case "synced":
      return link + 1;
    case "merge-links":
      // Linked: seen in the node after the linking pass; the observed row's edit must then arrive.
      return link + (planned.observe ? 1 : 0);
    case "merge-no-link":
      // Apart: one settle shows both sides' edits stayed put and the node holds no link.
      return link + negative;
    case "link-survives":
      // The key's change (and the observed row's edit) arrives in one pass; then the link must hold.
      return link + (planned.observe ? 1 : 0) + negative;
    case "newest-wins":
      // The newer edit arrives on the other side; then the newer side must keep it.
      return link + 1 + negative;
    case "empty-keeps":
      // The emptying is an edit the test checks, and the pass after it changes something: the row's sides must stay
      // equal, so a sync that keeps the value writes it back to the emptied side. Only the pass after that one can
      // show that nothing changes (merge-no-link's edits need no such pass: a correct sync leaves them alone).
      return link + 1 + negative;
    case "creates-missing":
      // The pass that creates the record carries the synced rows' values with it.
      return link;
    case "keeps-in-sync":
      return link + planned.steps.length + negative;
    case "values":
      // One pair per value, all linked by one pass; every edit then arrives in one more.
      return link + 1;
  }
}

export interface PlanNeeds {
  /** Runnable case id -> passes needed. */
  byCase: Map<string, number>;
  /** The test that needs the most passes. */
  longest: { title: string; passes: number };
}

export function planNeeds(plan: readonly PlannedFlow[]): PlanNeeds {
  const byCase = new Map<string, number>();
  let longest = { title: "", passes: 0 };
  for (const flow of plan) {
    for (const planned of flow.cases) {
      if (planned.skip !== null) continue;
      const passes = passesNeeded(planned as RunnableCase);
      byCase.set(planned.id, passes);
      if (passes > longest.passes) longest = { title: planned.title, passes };
    }
  }
  return { byCase, longest };
}
