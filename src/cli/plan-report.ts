// `plan`'s answer as people read it: one block per resource with something to show, marked
// like a diff (+ create, - delete, = kept by another resource, ! refused or kept outside the
// namespace's limits), then a summary.
// Resources without changes are counted, not listed. Pure.
import type { ManifestPlan, ResourcePlan, ResourceState } from "./manifest-plan.ts";

const HEADINGS: Record<ResourceState, string> = {
  new: "new",
  changed: "changed",
  unchanged: "no change",
  deleted: "deleted: not in the manifests (--prune)",
  dryRun: "dryRun: planned into its status only, nothing applied",
  refused: "refused by the cluster's tenancy",
  invalid: "invalid spec",
  blocked: "cannot be applied",
};

const MARKS: Record<ResourceState, string> = {
  new: "+",
  changed: "~",
  unchanged: " ",
  deleted: "-",
  dryRun: "?",
  refused: "!",
  invalid: "!",
  blocked: "!",
};

function isWorthShowing(resource: ResourcePlan): boolean {
  return (
    resource.state !== "unchanged" ||
    resource.kept.length > 0 ||
    resource.keptOutsideLimits.length > 0 ||
    resource.messages.length > 0
  );
}

function renderResource(resource: ResourcePlan): string[] {
  const where = resource.source ? `  (${resource.source})` : "";
  const reason = resource.reason && resource.state === "blocked" ? ` (${resource.reason})` : "";
  const lines = [
    `${MARKS[resource.state]} KafkaAcl ${resource.namespace}/${resource.name}: ${HEADINGS[resource.state]}${reason}${where}`,
  ];
  for (const c of resource.create) {
    lines.push(`    + ${c.binding}${c.reason === "driftRepair" ? "  (deleted out of band: repaired)" : ""}`);
  }
  for (const d of resource.delete) {
    const why = d.reason === "exclusiveUnknown" ? "  (exclusive: no resource declares it)" : "";
    lines.push(`    - ${d.binding}${why}`);
  }
  for (const r of resource.report) {
    lines.push(
      r.isRemovedLater
        ? `    - ${r.binding}  (exclusive: reported now, removed after the grace period)`
        : `    ? ${r.binding}  (exclusive: reported, never removed)`,
    );
  }
  for (const k of resource.kept)
    lines.push(`    = ${k.binding}  (kept: ${k.keptBy.join(", ")} still wants it)`);
  for (const why of resource.keptOutsideLimits)
    lines.push(`    ! kept, outside what the namespace may remove: ${why}`);
  if (resource.adopted > 0) {
    lines.push(
      `    ${resource.adopted} declared binding(s) already on the cluster: taken over without a write`,
    );
  }
  for (const message of resource.messages) {
    for (const line of message.split("\n")) lines.push(`    ${line}`);
  }
  return lines;
}

export function renderPlan(
  plan: ManifestPlan,
  clusters: readonly { cluster: string; aclCount?: number }[],
): string {
  const lines: string[] = [];
  for (const { cluster, aclCount } of clusters) {
    lines.push(`KafkaCluster ${cluster}: ${aclCount === undefined ? "not read" : `${aclCount} ACL(s) read`}`);
  }
  const shown = plan.resources.filter(isWorthShowing);
  if (shown.length > 0) lines.push("");
  for (const resource of shown) lines.push(...renderResource(resource));
  const unchanged = plan.resources.filter((r) => r.state === "unchanged").length;
  const refused = plan.resources.filter(
    (r) => r.state === "refused" || r.state === "invalid" || r.state === "blocked",
  );
  const kept = plan.resources.reduce((sum, r) => sum + r.kept.length, 0);
  const keptOutside = plan.resources.reduce((sum, r) => sum + r.keptOutsideLimits.length, 0);
  if (plan.notes.length > 0) lines.push("", ...plan.notes.map((note) => `note: ${note}`));
  lines.push("");
  if (!plan.hasChanges && refused.length === 0) {
    lines.push(
      `No changes: the clusters hold what the manifests declare (${plan.resources.length} KafkaAcl(s) checked).`,
    );
  } else {
    const parts = [
      `${plan.bindings.create.length} binding(s) to create`,
      `${plan.bindings.delete.length} to delete`,
      ...(kept > 0 ? [`${kept} kept by other resources`] : []),
      ...(keptOutside > 0 ? [`${keptOutside} kept outside the namespaces' limits`] : []),
      ...(refused.length > 0 ? [`${refused.length} KafkaAcl(s) refused, invalid or blocked`] : []),
      `${unchanged} KafkaAcl(s) without changes`,
    ];
    lines.push(`Plan: ${parts.join(", ")}.`);
  }
  return `${lines.join("\n")}\n`;
}
