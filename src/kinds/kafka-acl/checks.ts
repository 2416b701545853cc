// The conditions of a KafkaAcl as pure functions: what happened in, conditions out.
import { type ConditionUpdate, condition as conditionOf } from "../../controller/conditions.ts";
import type { AclApplyOutcome } from "../shared/acl-ownership.ts";
import { firstFew } from "../shared/first-few.ts";
import type { KafkaAclReason } from "./reasons.ts";

export type KafkaAclObservation =
  /** Nothing reached Kafka, for `reason`. */
  | { readonly state: "blocked"; readonly reason: KafkaAclReason; readonly message: string }
  /** dryRun: planned only; `isEmpty` when applying would change nothing. */
  | { readonly state: "planned"; readonly summary: string; readonly isEmpty: boolean }
  | {
      readonly state: "applied";
      readonly cluster: string;
      readonly bindingCount: number;
      readonly exclusive: boolean;
      /** exclusive, and another resource holds exclusive mode for the principal (its owner key). */
      readonly exclusiveHeldBy?: string;
      readonly outcome: AclApplyOutcome;
      /** Why what the resource applied on a cluster it no longer uses could not be removed yet. */
      readonly releaseFailures: readonly string[];
    };

export function kafkaAclConditions(o: KafkaAclObservation): ConditionUpdate<KafkaAclReason>[] {
  const condition = conditionOf<KafkaAclReason>;
  switch (o.state) {
    case "blocked":
      return [
        condition("AclsApplied", "False", o.reason, o.message),
        condition("Ready", "False", o.reason, o.message),
      ];
    case "planned":
      // Ready says whether the declared access is in place: only when applying would change nothing.
      return [
        condition("AclsApplied", o.isEmpty ? "True" : "False", "DryRunPlanned", `dryRun: ${o.summary}`),
        condition(
          "Ready",
          o.isEmpty ? "True" : "False",
          "DryRunPlanned",
          o.isEmpty
            ? "dryRun: the cluster already holds every binding"
            : `dryRun: plan in status.plan: ${o.summary}`,
        ),
      ];
    case "applied": {
      const { outcome } = o;
      const conditions: ConditionUpdate<KafkaAclReason>[] = [];
      if (o.releaseFailures.length > 0) {
        const message = `Cannot remove the bindings this resource applied on a cluster it no longer uses: ${firstFew(o.releaseFailures)}`;
        conditions.push(
          condition(
            "AclsApplied",
            outcome.failures.length > 0 ? "False" : "True",
            "AclReleaseBlocked",
            message,
          ),
          condition("Ready", "False", "AclReleaseBlocked", message),
        );
      } else if (outcome.failures.length > 0) {
        const message = `Kafka refused ${outcome.failures.length} of ${o.bindingCount} binding(s): ${firstFew(outcome.failures)}`;
        conditions.push(
          condition("AclsApplied", "False", "AclsFailed", message),
          condition("Ready", "False", "AclsFailed", message),
        );
      } else if (outcome.kept.length > 0) {
        const message = `${o.bindingCount} binding(s) applied; kept ${outcome.kept.length} ACL(s) this resource would remove but namespace limits do not cover: ${firstFew(outcome.kept, 3)}`;
        conditions.push(
          condition("AclsApplied", "True", "AclsApplied", message),
          condition("Ready", "False", "TenancyViolation", message),
        );
      } else {
        const ledgerNote = outcome.isLedgerComplete
          ? ""
          : "; the status ledger cannot name every binding applied before, so some may be left behind on removal";
        const message = `${o.bindingCount} binding(s) applied on cluster ${o.cluster}${ledgerNote}`;
        conditions.push(
          condition("AclsApplied", "True", "AclsApplied", message),
          condition("Ready", "True", "AclsApplied", message),
        );
      }
      if (o.exclusive) conditions.push(exclusiveCondition(outcome, o.exclusiveHeldBy));
      return conditions;
    }
  }
}

function exclusiveCondition(
  outcome: AclApplyOutcome,
  heldBy: string | undefined,
): ConditionUpdate<KafkaAclReason> {
  const condition = conditionOf<KafkaAclReason>;
  if (heldBy) {
    return condition(
      "Exclusive",
      "False",
      "ExclusiveHeldElsewhere",
      `${heldBy}, created earlier, holds exclusive mode for this principal on this cluster: this resource removes nothing as exclusive`,
    );
  }
  if (outcome.pendingExclusiveRemovals.length > 0) {
    return condition(
      "Exclusive",
      "False",
      "UnknownAclsPending",
      `${outcome.pendingExclusiveRemovals.length} ACL(s) of the principal that no resource declares will be removed; see status.pendingRemovals`,
    );
  }
  if (outcome.unmodeled.length > 0) {
    return condition(
      "Exclusive",
      "False",
      "UnmodeledAcls",
      `${outcome.unmodeled.length} ACL(s) of the principal cannot be modeled and are left alone; see status.unmodeled`,
    );
  }
  return condition("Exclusive", "True", "OnlyDeclaredAcls", "The principal has only declared ACLs");
}
