// The pure core of a KafkaAcl reconcile: what the spec claims (one principal's bindings on one
// cluster), and, from what was gathered, whether to stop and say why, show a dry-run plan, or
// apply; and when to look again for exclusive removals coming due. No I/O.

import type { KubernetesObject } from "@kubernetes/client-node";
import { describeBinding } from "../../access/acl-binding.ts";
import type { PendingExclusiveRemoval } from "../../access/plan-acl-changes.ts";
import type { AclClaim, OwnedAclsInput, OwnedAclsPlan, OwnedLedger } from "../../access/plan-owned-acls.ts";
import { describeOwnedAclsPlan, planOwnedAcls } from "../../access/plan-owned-acls.ts";
import { objectKey } from "../../controller/resource.ts";
import type { AclApplyOutcome } from "../shared/acl-ownership.ts";
import { kafkaClusterName } from "../shared/kafka-cluster-reference.ts";
import type { AclOwnershipReason } from "../shared/reasons.ts";
import type { KafkaAclObservation } from "./checks.ts";
import { type DesiredBindings, describeRoles } from "./desired-bindings.ts";
import { type KafkaAclSpec, type KafkaAclStatus, MAX_PENDING_REMOVALS } from "./schema.ts";

/** Bindings listed in status, and in each plan list. */
export const LISTED_BINDINGS = 100;

/** What a KafkaAcl in `namespace` wants: its principal's bindings on its cluster. */
export function kafkaAclClaims(
  spec: KafkaAclSpec,
  desired: DesiredBindings,
  namespace: string,
  pendingRemovals: readonly PendingExclusiveRemoval[] = [],
): AclClaim[] {
  return [
    {
      cluster: kafkaClusterName(spec.clusterRef, namespace),
      principal: spec.principal,
      bindings: desired.bindings,
      ...(spec.exclusive
        ? { exclusive: { pendingRemovals, graceMs: spec.exclusiveGracePeriodSeconds * 1000 } }
        : {}),
    },
  ];
}

/**
 * The other KafkaAcls asking exclusive mode for the principal of `changed` on its cluster (keys):
 * when one of them changes or goes, which holds exclusive mode may change, so each looks again
 * at once rather than at its next resync.
 */
export function exclusiveRivals(
  changed: KubernetesObject & { spec?: Partial<KafkaAclSpec> },
  all: readonly (KubernetesObject & { spec?: Partial<KafkaAclSpec> })[],
): string[] {
  const entryOf = (o: KubernetesObject & { spec?: Partial<KafkaAclSpec> }) =>
    o.spec?.clusterRef && o.spec.principal
      ? `${kafkaClusterName(o.spec.clusterRef, o.metadata?.namespace ?? "")}|${o.spec.principal}`
      : undefined;
  const entry = entryOf(changed);
  if (entry === undefined) return [];
  const key = objectKey(changed);
  return all.flatMap((o) =>
    o.spec?.exclusive === true && objectKey(o) !== key && entryOf(o) === entry ? [objectKey(o)] : [],
  );
}

export type KafkaAclPlan =
  /** Nothing to write: report `observation` (blocked, or a dry run's plan), with `plan` fields for status. */
  | {
      readonly action: "report";
      readonly observation: KafkaAclObservation;
      readonly listed?: ReturnType<typeof describeOwnedAclsPlan>;
      /** Whether the finalizer should be on; undefined: leave it as it is. */
      readonly isFinalizerWanted?: boolean;
    }
  | {
      readonly action: "apply";
      readonly plan: OwnedAclsPlan<AclOwnershipReason>;
      readonly isFinalizerWanted: boolean;
    };

export function planKafkaAcl(
  spec: KafkaAclSpec,
  gathered: OwnedAclsInput<AclOwnershipReason>,
  { isOperatorDryRun }: { isOperatorDryRun: boolean },
): KafkaAclPlan {
  const isDryRun = isOperatorDryRun || spec.dryRun;
  const plan = planOwnedAcls(gathered);
  const [entry] = plan.entries;
  if (!entry) throw new Error("a KafkaAcl claims one entry");
  if (entry.state === "blocked") {
    return {
      action: "report",
      observation: { state: "blocked", reason: entry.reason, message: `Nothing applied: ${entry.message}` },
    };
  }
  const holdsBindings = gathered.ledgers.some((l: OwnedLedger) => l.count > 0);
  const isFinalizerWanted = spec.deletionPolicy === "Delete" && (!isDryRun || holdsBindings);
  if (isDryRun) {
    const listed = describeOwnedAclsPlan(plan, LISTED_BINDINGS);
    return {
      action: "report",
      observation: { state: "planned", summary: listed.summary, isEmpty: listed.isEmpty },
      listed,
      isFinalizerWanted,
    };
  }
  return { action: "apply", plan, isFinalizerWanted };
}

/** How long until the first reported unknown binding is due for removal; undefined when none is. */
export function nextExclusiveCheckMs(
  pending: readonly PendingExclusiveRemoval[],
  graceSeconds: number,
  now: Date,
): number | undefined {
  const due = pending.map((p) => Date.parse(p.firstSeen) + graceSeconds * 1000 - now.getTime());
  return due.length > 0 ? Math.max(1000, Math.min(...due) + 500) : undefined;
}

/** What status says of the spec, whatever happened: the bindings it expands to. */
export function specStatusFields(desired: DesiredBindings): Partial<KafkaAclStatus> {
  return {
    bindingCount: desired.bindings.length,
    bindings: desired.bindings.slice(0, LISTED_BINDINGS).map(describeBinding),
    roles: desired.roles.length > 0 ? describeRoles(desired.roles) : undefined,
  };
}

/** status.plan of a dry run. */
export function planField(listed: ReturnType<typeof describeOwnedAclsPlan>): KafkaAclStatus["plan"] {
  return { create: listed.create, delete: listed.delete, report: listed.report, summary: listed.summary };
}

/** What status says after an apply; the dry-run plan goes, exclusive fields only in exclusive mode. */
export function appliedFields(spec: KafkaAclSpec, applied: AclApplyOutcome): Partial<KafkaAclStatus> {
  const isShown = (list: readonly unknown[]) => spec.exclusive && list.length > 0;
  return {
    appliedCount: applied.ledger.count,
    failures: applied.failures.length > 0 ? applied.failures.slice(0, 32) : undefined,
    plan: undefined,
    pendingRemovals: isShown(applied.pendingExclusiveRemovals)
      ? applied.pendingExclusiveRemovals.slice(0, MAX_PENDING_REMOVALS)
      : undefined,
    unmodeled: isShown(applied.unmodeled) ? applied.unmodeled.slice(0, 32) : undefined,
  };
}
