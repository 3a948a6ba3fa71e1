import type { Checklist, Flow, MergeRule, SyncedProperty } from "./model.ts";

// The readable form of a parsed checklist: what each flow promises and what of it cannot be tested. The parser
// only knows reasons visible in the document; the harness adds adapter-based ones through `extraReasons`.
export type ExtraReasons = (flow: Flow) => string[];

const KIND_LABEL: Record<Flow["kind"], string> = {
  merge: "merge (nothing syncs until a link is established)",
  "sync-all": "sync-all (every source record gets a linked target)",
  "created-from": "created-from (targets are created for connected records)",
  conditional: "conditional (synchronized under a free-text condition)",
  other: "other (none of the link, sync-all, creation or condition statements)",
};

export function formatChecklistSummary(checklist: Checklist, extraReasons?: ExtraReasons): string {
  const out: string[] = [
    `${checklist.file}: ${checklist.title}${checklist.generated ? `, generated ${checklist.generated}` : ""}`,
    `  ${plural(checklist.flows.length, "flow")}, ${plural(checklist.warnings.length, "warning")}`,
  ];
  for (const note of checklist.notes) out.push(`  note, line ${note.line}: ${note.text}`);
  checklist.flows.forEach((flow, index) => {
    out.push("", `Flow ${index + 1}: ${flow.title} (line ${flow.line})`, `  kind: ${KIND_LABEL[flow.kind]}`);
    const statements = statementList(flow);
    if (statements.length > 0) out.push(`  says: ${statements.join("; ")}`);
    for (const created of flow.createdFrom) {
      out.push(
        `  created from, line ${created.line}: when connected to a ${created.system} ${created.via.join(", ")} synchronized into ${created.into}`,
      );
    }
    for (const condition of flow.conditions) out.push(`  condition, line ${condition.line}: ${condition.text}`);
    out.push(`  merge rules: ${flow.mergeRules.length === 0 ? "none" : flow.mergeRules.length}`);
    for (const rule of flow.mergeRules) out.push(`    line ${rule.line}: ${describe(rule, " = ")}`);
    out.push(`  synced properties: ${flow.syncedProperties.length === 0 ? "none" : flow.syncedProperties.length}`);
    for (const property of flow.syncedProperties) {
      out.push(`    line ${property.line}: ${describe(property, " -> ")} (${property.targetType})`);
    }
    for (const note of flow.notes) out.push(`  note, line ${note.line}: ${note.text}`);
    const reasons = [...untestableReasons(flow), ...(extraReasons?.(flow) ?? [])];
    if (reasons.length === 0) out.push("  not testable: nothing the checklist shows");
    else out.push("  not testable:", ...reasons.map((reason) => `    - ${reason}`));
  });
  return `${out.join("\n")}\n`;
}

// What of a flow cannot be tested, as far as the document itself tells.
export function untestableReasons(flow: Flow): string[] {
  const reasons: string[] = [];
  if (flow.syncedProperties.length === 0) reasons.push("link not observable: no synced property to edit");
  if (flow.linkRequired && flow.mergeRules.length === 0) {
    reasons.push("no merge rule: the required link cannot be established by matching properties");
  }
  for (const property of flow.syncedProperties) {
    if (property.targetType === "N/A") {
      reasons.push(
        `line ${property.line}: ${describe(property, " -> ")} has data type N/A: no known type to write or compare`,
      );
    }
  }
  for (const row of [...flow.mergeRules, ...flow.syncedProperties]) {
    const table = "targetType" in row ? "synced property" : "merge rule";
    if (row.sourceQualifier !== null) {
      reasons.push(
        `line ${row.line}: ${table} ${row.source} depends on "${row.sourceQualifier}", a condition the checklist does not define`,
      );
    }
    if (row.targetQualifier !== null) {
      reasons.push(
        `line ${row.line}: ${table} ${row.target} depends on "${row.targetQualifier}", a condition the checklist does not define`,
      );
    }
  }
  for (const condition of flow.conditions) {
    reasons.push(`line ${condition.line}: synchronized only under a free-text condition: "${condition.text}"`);
  }
  for (const created of flow.createdFrom) {
    reasons.push(
      `line ${created.line}: creation needs a connected ${created.system} ${created.via.join(", ")} synchronized into ${created.into}`,
    );
  }
  for (const note of flow.notes) reasons.push(`line ${note.line}: text the parser does not understand: "${note.text}"`);
  return reasons;
}

function statementList(flow: Flow): string[] {
  const said: [boolean, string][] = [
    [flow.linkRequired, "link required"],
    [flow.syncAll, "every source record is synchronized"],
    [flow.mergeIfMatch, "merged with a matching target"],
    [flow.createIfNoMatch, "created when no target matches"],
    [flow.bidirectional, "kept in sync both ways"],
  ];
  return said.filter(([present]) => present).map(([, text]) => text);
}

function describe(row: MergeRule | SyncedProperty, arrow: string): string {
  const side = (path: string, qualifier: string | null): string =>
    qualifier === null ? path : `${path} (${qualifier})`;
  return `${side(row.source, row.sourceQualifier)}${arrow}${side(row.target, row.targetQualifier)}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
