// The status fields a plan fills, sized to what the schema holds: who the principal is, what
// its ACLs were derived from, the ACLs in words, the names of the override keys (never their
// values) and the policy they need; and for a dry run, what applying would change. What the ACL
// ownership and the executor report (ledger, refusals, connector states) the reconciler adds.
import { describeBinding } from "../../access/acl-binding.ts";
import type { ConnectorStateSummary } from "./connector-state.ts";
import type { ConnectorPrincipalPlan } from "./plan.ts";
import { type ConnectorPrincipalStatus, MAX_STATUS_TOPICS } from "./schema.ts";

type ReadyPlan = Extract<ConnectorPrincipalPlan, { state: "ready" }>;

const MAX_LISTED_BINDINGS = 100;

/** What status says of a ready plan. `overrideKeys` are the plan's: record them once they are in the config. */
export function readyPlanStatus(
  plan: ReadyPlan,
): Required<
  Pick<
    ConnectorPrincipalStatus,
    "principal" | "role" | "access" | "bindingCount" | "bindings" | "overrideKeys" | "requiredOverridePolicy"
  >
> {
  const { access } = plan;
  return {
    principal: plan.principal,
    role: plan.role,
    access: {
      topics: access.topics.slice(0, MAX_STATUS_TOPICS),
      topicsFrom: access.topicsFrom,
      // Absent, not undefined: status read back has no such key, and must compare equal.
      ...(access.consumerGroup === undefined ? {} : { consumerGroup: access.consumerGroup }),
      ...(access.deadLetterQueueTopic === undefined
        ? {}
        : { deadLetterQueueTopic: access.deadLetterQueueTopic }),
      topicCreation: access.topicCreation,
      exactlyOnce: access.exactlyOnce,
    },
    bindingCount: plan.bindings.length,
    bindings: plan.bindings.slice(0, MAX_LISTED_BINDINGS).map(describeBinding),
    overrideKeys: Object.keys(plan.overrides),
    requiredOverridePolicy: plan.policyNeed.policy,
  };
}

/**
 * dryRun: what applying would change. `acls` is what the ACL ownership planned, in words;
 * `hasChanges` tells whether anything would, for Ready.
 */
export function dryRunPlanStatus(
  plan: ReadyPlan,
  acls: { readonly create: readonly string[]; readonly delete: readonly string[] },
): { plan: NonNullable<ConnectorPrincipalStatus["plan"]>; hasChanges: boolean } {
  const change = plan.configChange;
  const setKeys = change.outcome === "updated" ? change.setKeys : [];
  const removeKeys = change.outcome === "updated" ? change.removedKeys : [];
  const counts = [
    [acls.create.length, "ACL(s) to create"],
    [acls.delete.length, "ACL(s) to delete"],
    [setKeys.length, "config key(s) to set"],
    [removeKeys.length, "config key(s) to remove"],
  ] as const;
  const parts = counts.filter(([count]) => count > 0).map(([count, what]) => `${count} ${what}`);
  if (plan.restart.isNeeded) parts.push(`tasks to restart (${plan.restart.why})`);
  return {
    plan: {
      createAcls: acls.create.slice(0, MAX_LISTED_BINDINGS),
      deleteAcls: acls.delete.slice(0, MAX_LISTED_BINDINGS),
      setKeys: [...setKeys],
      removeKeys: [...removeKeys],
      restartTasks: plan.restart.isNeeded,
      summary: parts.length === 0 ? "nothing to change" : parts.join(", "),
    },
    hasChanges: parts.length > 0,
  };
}

/** status.connector: the connector's and its tasks' states, as summarised. */
export function connectorField(
  summary: ConnectorStateSummary,
): NonNullable<ConnectorPrincipalStatus["connector"]> {
  return { ...summary, tasks: summary.tasks.map((task) => ({ ...task })) };
}
