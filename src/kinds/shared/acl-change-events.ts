// The Events (and drift metric) for what an ACL apply changed on Kafka, the same for every
// kind that owns ACLs: creations, deletions, drift repairs, exclusive-mode removals.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { Runtime } from "../../controller/manager.ts";
import type { AclApplyOutcome } from "./acl-ownership.ts";
import { firstFew } from "./first-few.ts";

export function recordAclChanges(
  { events, metrics }: Pick<Runtime, "events" | "metrics">,
  object: KubernetesObject,
  outcome: AclApplyOutcome,
  {
    kind,
    noun = "binding",
    isReadyEventEnough = false,
  }: {
    /** The kind, for the drift-repair metric. */
    kind: string;
    /** What the bindings are called in messages ("worker ACL binding"). */
    noun?: string;
    /** The Ready Event of this reconcile already says the bindings were applied. */
    isReadyEventEnough?: boolean;
  },
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
