// ConnectorPrincipal's conditions as a pure function of how far a reconcile got: the first
// stage that stopped it sets Ready=False with its reason; conditions of stages it never
// reached keep what they said (with the generation they judged). Ready is True only when the
// ACLs are on the cluster, the connector's config holds the overrides and no task failed.
import { type ConditionUpdate, condition as conditionOf } from "../../controller/conditions.ts";
import { firstFew } from "../shared/first-few.ts";
import { type ConnectorStateSummary, describeConnectorFailures } from "./connector-state.ts";
import type { OverrideVerdict } from "./override-policy.ts";
import type { ConnectorPrincipalReason } from "./reasons.ts";

export type ConnectorPrincipalObservation =
  /** Stopped before the credential was checked: the spec, a reference, tenancy, Connect unreachable. */
  | { readonly stage: "references"; readonly reason: ConnectorPrincipalReason; readonly message: string }
  /** The credential cannot be used: a Secret, a store, a keytab, the brokers' answer, the workers' mounts. */
  | { readonly stage: "credential"; readonly reason: ConnectorPrincipalReason; readonly message: string }
  /** The plan waits on the connector: absent, its plugin, its topics, group or dead letter queue. */
  | { readonly stage: "connector"; readonly reason: ConnectorPrincipalReason; readonly message: string }
  /** The worker refused the merged config; nothing was applied. */
  | { readonly stage: "overrides"; readonly verdict: Exclude<OverrideVerdict, { verdict: "allowed" }> }
  /** The ACLs cannot be applied (tenancy, the KafkaCluster); nothing was, neither ACLs nor overrides. */
  | { readonly stage: "acls"; readonly reason: ConnectorPrincipalReason; readonly message: string }
  /** dryRun: the plan went to status; `summary` says what it would change. */
  | { readonly stage: "planned"; readonly hasChanges: boolean; readonly summary: string }
  | {
      readonly stage: "applied";
      readonly cluster: string;
      readonly bindingCount: number;
      /** One line per binding Kafka refused; the overrides wait until there is none. */
      readonly aclFailures: readonly string[];
      /** Why ACLs applied for an earlier principal or cluster could not be removed yet. */
      readonly releaseFailures: readonly string[];
      /** ACLs this resource would remove that its namespace may not, kept (why each). */
      readonly kept: readonly string[];
      readonly overrideKeyCount: number;
      readonly connector: ConnectorStateSummary;
    };

const condition = conditionOf<ConnectorPrincipalReason>;

export function connectorPrincipalConditions(o: ConnectorPrincipalObservation): ConditionUpdate[] {
  const credentialsValid = condition(
    "CredentialsValid",
    "True",
    "CredentialsValid",
    "The credential's Secrets are readable and the brokers accepted it",
  );
  const overridesAllowed = condition(
    "OverridePolicyAllows",
    "True",
    "OverridesAllowed",
    "The workers' override policy accepts the principal's overrides",
  );
  switch (o.stage) {
    case "references":
      return [condition("Ready", "False", o.reason, o.message)];
    case "credential":
      return [
        condition("CredentialsValid", "False", o.reason, o.message),
        condition("Ready", "False", o.reason, o.message),
      ];
    case "connector":
      return [credentialsValid, condition("Ready", "False", o.reason, o.message)];
    case "overrides": {
      const reason = o.verdict.verdict === "forbidden" ? "OverridePolicyForbids" : "ConnectorConfigInvalid";
      return [
        credentialsValid,
        condition("OverridePolicyAllows", "False", reason, o.verdict.message),
        condition("Ready", "False", reason, o.verdict.message),
      ];
    }
    case "acls":
      return [
        credentialsValid,
        overridesAllowed,
        condition("AclsApplied", "False", o.reason, o.message),
        condition("Ready", "False", o.reason, o.message),
      ];
    case "planned":
      return [
        credentialsValid,
        overridesAllowed,
        o.hasChanges
          ? condition("AclsApplied", "False", "DryRunPlanned", `dryRun: nothing applied; ${o.summary}`)
          : condition("AclsApplied", "True", "AclsApplied", "dryRun: every ACL is on the cluster"),
        o.hasChanges
          ? condition("Ready", "False", "DryRunPlanned", `Plan in status.plan: ${o.summary}`)
          : condition(
              "Ready",
              "True",
              "PrincipalApplied",
              "dryRun: the principal is in place; nothing to change",
            ),
      ];
    case "applied":
      return [credentialsValid, overridesAllowed, ...appliedConditions(o)];
  }
}

function appliedConditions(
  o: Extract<ConnectorPrincipalObservation, { stage: "applied" }>,
): ConditionUpdate[] {
  if (o.aclFailures.length > 0) {
    const message = `Kafka refused ${o.aclFailures.length} of ${o.bindingCount} binding(s): ${firstFew(o.aclFailures)}`;
    return [
      condition("AclsApplied", "False", "AclsFailed", message),
      condition("Ready", "False", "AclsFailed", message),
    ];
  }
  const acls = condition(
    "AclsApplied",
    "True",
    "AclsApplied",
    `${o.bindingCount} binding(s) applied on cluster ${o.cluster}`,
  );
  if (o.releaseFailures.length > 0) {
    const message = `Cannot remove the bindings this resource applied for an earlier principal or cluster: ${firstFew(o.releaseFailures)}`;
    return [acls, condition("Ready", "False", "AclReleaseBlocked", message)];
  }
  if (o.kept.length > 0) {
    const message = `Kept ${o.kept.length} ACL(s) this resource would remove but its namespace's limits do not cover: ${firstFew(o.kept, 3)}`;
    return [acls, condition("Ready", "False", "TenancyViolation", message)];
  }
  const failures = describeConnectorFailures(o.connector);
  if (failures !== undefined) return [acls, condition("Ready", "False", "ConnectorTasksFailed", failures)];
  return [
    acls,
    condition(
      "Ready",
      "True",
      "PrincipalApplied",
      `${o.bindingCount} binding(s) on cluster ${o.cluster}; ${o.overrideKeyCount} override key(s) in the connector's config; connector ${o.connector.state}`,
    ),
  ];
}
