// The pure core of a ConnectCluster reconcile's worker ACLs: what the spec claims (with
// manageWorkerAcls, the catalog's worker bindings on its KafkaCluster), and, from what was
// gathered, whether to apply, release, or only report. No I/O.
import { connectWorker, withPrincipal } from "../../access/access-roles.ts";
import type { AclBinding } from "../../access/acl-binding.ts";
import {
  type AclClaim,
  type OwnedAclsInput,
  type OwnedAclsPlan,
  planOwnedAcls,
} from "../../access/plan-owned-acls.ts";
import { kafkaClusterName } from "../shared/kafka-cluster-reference.ts";
import type { AclOwnershipReason } from "../shared/reasons.ts";
import type { ConnectClusterSpec } from "./schema.ts";

/** The ACLs the access catalog lists for this cluster's workers. */
export function workerBindings(spec: ConnectClusterSpec): AclBinding[] {
  return withPrincipal(
    connectWorker({
      groupId: spec.groupId,
      configTopic: spec.configTopic,
      offsetTopic: spec.offsetTopic,
      statusTopic: spec.statusTopic,
    }),
    spec.workerPrincipal,
  );
}

/** What a ConnectCluster in `namespace` wants: its worker bindings, when it manages them. */
export function workerAclClaims(spec: ConnectClusterSpec, namespace: string): AclClaim[] {
  if (!spec.manageWorkerAcls) return [];
  return [
    {
      cluster: kafkaClusterName(spec.kafkaClusterRef, namespace),
      principal: spec.workerPrincipal,
      bindings: workerBindings(spec),
    },
  ];
}

export type WorkerAclPlan =
  /** Nothing to write: not managed and nothing held, or the operator-wide dry run (only checked). */
  | { readonly action: "none" }
  /** Managed, but the claim cannot be applied: `reason` says why (TenancyViolation, ...). */
  | { readonly action: "refused"; readonly reason: AclOwnershipReason; readonly message: string }
  /** Apply the claim and release what is no longer claimed, under the finalizer. */
  | { readonly action: "apply"; readonly plan: OwnedAclsPlan<AclOwnershipReason> };

export function planWorkerAcls(
  gathered: OwnedAclsInput<AclOwnershipReason>,
  { isDryRun }: { isDryRun: boolean },
): WorkerAclPlan {
  const plan = planOwnedAcls(gathered);
  const blocked = plan.entries.find((e) => e.state === "blocked");
  if (blocked?.state === "blocked")
    return { action: "refused", reason: blocked.reason, message: blocked.message };
  if (isDryRun || (plan.entries.length === 0 && plan.releases.length === 0)) return { action: "none" };
  return { action: "apply", plan };
}
