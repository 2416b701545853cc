// The conditions of a KafkaAcl as pure functions: what happened in, conditions out.
import { type ConditionUpdate, condition as conditionOf } from "../../controller/conditions.ts";
import type { AclApplyOutcome } from "../shared/acl-ownership.ts";
import { firstFew } from "../shared/first-few.ts";
import type { KafkaAclReason } from "./reasons.ts";

export type KafkaAclObservation =
  /** Nothing reached Kafka, for `reason`. */
  | { readonly state: "blocked"; readonly reason: KafkaAclReason; readonly message: string }
  /** dryRun: planned only. */
  | { readonly state: "planned"; readonly summary: string }
  | {
      readonly state: "applied";
      readonly cluster: string;
      readonly bindingCount: number;
      readonly exclusive: boolean;
      readonly outcome: AclApplyOutcome;
    };

export function kafkaAclConditions(o: KafkaAclObservation): ConditionUpdate[] {
  const condition = conditionOf<KafkaAclReason>;
  switch (o.state) {
    case "blocked":
      return [
        condition("AclsApplied", "False", o.reason, o.message),
        condition("Ready", "False", o.reason, o.message),
      ];
    case "planned":
      return [
        condition("AclsApplied", "False", "DryRun", `dryRun: nothing applied; ${o.summary}`),
        condition("Ready", "True", "DryRunPlanned", `Plan in status.plan: ${o.summary}`),
      ];
    case "applied": {
      const { outcome } = o;
      const conditions: ConditionUpdate[] = [];
      if (outcome.failures.length > 0) {
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
      if (o.exclusive) conditions.push(exclusiveCondition(outcome));
      return conditions;
    }
  }
}

function exclusiveCondition(outcome: AclApplyOutcome): ConditionUpdate {
  if (outcome.pendingExclusiveRemovals.length > 0) {
    return {
      type: "Exclusive",
      status: "False",
      reason: "UnknownAclsPending",
      message: `${outcome.pendingExclusiveRemovals.length} ACL(s) of the principal that no resource declares will be removed; see status.pendingRemovals`,
    };
  }
  if (outcome.unmodeled.length > 0) {
    return {
      type: "Exclusive",
      status: "False",
      reason: "UnmodeledAcls",
      message: `${outcome.unmodeled.length} ACL(s) of the principal cannot be modeled and are left alone; see status.unmodeled`,
    };
  }
  return {
    type: "Exclusive",
    status: "True",
    reason: "OnlyDeclaredAcls",
    message: "The principal has only declared ACLs",
  };
}
