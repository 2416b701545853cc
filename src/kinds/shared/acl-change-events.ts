// The Events (and drift metric) for what executing an ownership plan changed on Kafka, the same
// for every kind that owns ACLs: creations, deletions, drift repairs, exclusive-mode reports and
// removals, releases, and what a release kept because the namespace may not remove it.
import type { KubernetesObject } from "@kubernetes/client-node";
import { describeBinding, parseBindingKey } from "../../access/acl-binding.ts";
import type { OwnedAclsPlan } from "../../access/plan-owned-acls.ts";
import type { Runtime } from "../../controller/manager.ts";
import type { AclApplyOutcome, OwnedAclsOutcome } from "./acl-ownership.ts";
import { firstFew } from "./first-few.ts";

export function recordAclChanges(
  runtime: Pick<Runtime, "events" | "metrics">,
  object: KubernetesObject,
  plan: OwnedAclsPlan<string>,
  outcome: OwnedAclsOutcome,
  options: {
    /** The kind, for the drift-repair metric. */
    kind: string;
    /** What the bindings are called in messages ("worker ACL binding"). */
    noun: string;
    /** The Ready Event of this reconcile already says the bindings were applied. */
    isReadyEventEnough: boolean;
  },
): void {
  const { events } = runtime;
  const planned = plan.entries.flatMap((e) => (e.state === "planned" ? [e] : []));
  for (const [i, applied] of outcome.applied.entries()) {
    recordApplied(runtime, object, applied, options);
    const claim = planned[i]!.claim;
    const before = new Set((claim.exclusive?.pendingRemovals ?? []).map((p) => p.binding));
    const reported = applied.pendingExclusiveRemovals.filter((p) => !before.has(p.binding));
    if (reported.length > 0) {
      const described = reported.flatMap((p) => parseBindingKey(p.binding) ?? []).map(describeBinding);
      events.record(
        object,
        "Warning",
        "UnknownAclsReported",
        `exclusive: ${reported.length} ACL(s) of ${claim.principal} no resource declares will be removed: ${firstFew(described)}`,
      );
    }
  }
  for (const release of outcome.released) {
    const on = `on ${release.ledger.cluster} for ${release.ledger.principal}`;
    if (release.kept.length > 0) {
      events.record(
        object,
        "Warning",
        "TenancyViolation",
        `Kept ${release.kept.length} ${options.noun}(s) ${on} outside what this namespace may remove: ${firstFew(release.kept, 3)}`,
      );
    }
    if (release.released > 0 && release.failures.length === 0) {
      events.record(
        object,
        "Normal",
        "AclsReleased",
        `Removed ${release.released} ${options.noun}(s) ${on} no other resource wants`,
      );
    }
  }
}

function recordApplied(
  { events, metrics }: Pick<Runtime, "events" | "metrics">,
  object: KubernetesObject,
  outcome: AclApplyOutcome,
  { kind, noun, isReadyEventEnough }: { kind: string; noun: string; isReadyEventEnough: boolean },
): void {
  const created = outcome.created - outcome.driftRepairs;
  if (created > 0 && !isReadyEventEnough) {
    events.record(object, "Normal", "AclsCreated", `Created ${created} ${noun}(s)`);
  }
  if (outcome.deleted > 0) {
    events.record(object, "Normal", "AclsDeleted", `Deleted ${outcome.deleted} ${noun}(s) no longer wanted`);
  }
  if (outcome.driftRepairs > 0) {
    metrics.driftRepairs.inc({ kind }, outcome.driftRepairs);
    events.record(
      object,
      "Warning",
      "DriftRepaired",
      `Restored ${outcome.driftRepairs} ${noun}(s) removed out of band`,
    );
  }
  if (outcome.removedUnknown.length > 0) {
    events.record(
      object,
      "Warning",
      "UnknownAclsRemoved",
      `exclusive: removed ${outcome.removedUnknown.length} ACL(s) no resource declares: ${firstFew(outcome.removedUnknown)}`,
    );
  }
}
