import { describe, expect, it } from "vitest";
import { type ConnectorPrincipalObservation, connectorPrincipalConditions } from "./checks.ts";

const running = { state: "RUNNING", tasks: [{ id: 0, state: "RUNNING" }] };
const applied = (fields: Partial<Extract<ConnectorPrincipalObservation, { stage: "applied" }>> = {}) =>
  ({
    stage: "applied",
    cluster: "kafka-system/destination",
    bindingCount: 3,
    aclFailures: [],
    releaseFailures: [],
    kept: [],
    overrideKeyCount: 3,
    connector: running,
    ...fields,
  }) as const;
/** "Type=Status/Reason" per condition, for compact rows. */
const summary = (o: ConnectorPrincipalObservation) =>
  connectorPrincipalConditions(o).map((c) => `${c.type}=${c.status}/${c.reason}`);

describe("connectorPrincipalConditions", () => {
  it.each([
    {
      why: "a missing ConnectCluster stops before anything else was judged",
      o: { stage: "references", reason: "ConnectClusterNotReady", message: "m" } as const,
      expected: ["Ready=False/ConnectClusterNotReady"],
    },
    {
      why: "a missing Secret makes the credential invalid",
      o: { stage: "credential", reason: "SecretNotFound", message: "m" } as const,
      expected: ["CredentialsValid=False/SecretNotFound", "Ready=False/SecretNotFound"],
    },
    {
      why: "a connector that does not exist yet waits with a valid credential",
      o: { stage: "connector", reason: "ConnectorNotFound", message: "m" } as const,
      expected: ["CredentialsValid=True/CredentialsValid", "Ready=False/ConnectorNotFound"],
    },
    {
      why: "the workers' policy refuses the overrides",
      o: { stage: "overrides", verdict: { verdict: "forbidden", refusedKeys: ["k"], message: "m" } } as const,
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "OverridePolicyAllows=False/OverridePolicyForbids",
        "Ready=False/OverridePolicyForbids",
      ],
    },
    {
      why: "the worker rejects the config for another cause",
      o: {
        stage: "overrides",
        verdict: { verdict: "configInvalid", fields: ["tasks.max"], message: "m" },
      } as const,
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "OverridePolicyAllows=False/ConnectorConfigInvalid",
        "Ready=False/ConnectorConfigInvalid",
      ],
    },
    {
      why: "a binding outside the namespace's limits stops everything before a write",
      o: { stage: "acls", reason: "TenancyViolation", message: "m" } as const,
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "OverridePolicyAllows=True/OverridesAllowed",
        "AclsApplied=False/TenancyViolation",
        "Ready=False/TenancyViolation",
      ],
    },
    {
      why: "a dry run with changes pending is not Ready, as GitOps tools read Ready as healthy",
      o: { stage: "planned", hasChanges: true, summary: "3 to create" } as const,
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "OverridePolicyAllows=True/OverridesAllowed",
        "AclsApplied=False/DryRunPlanned",
        "Ready=False/DryRunPlanned",
      ],
    },
    {
      why: "a dry run with nothing to change is Ready",
      o: { stage: "planned", hasChanges: false, summary: "nothing" } as const,
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "OverridePolicyAllows=True/OverridesAllowed",
        "AclsApplied=True/AclsApplied",
        "Ready=True/PrincipalApplied",
      ],
    },
    {
      why: "everything applied and the tasks run",
      o: applied(),
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "OverridePolicyAllows=True/OverridesAllowed",
        "AclsApplied=True/AclsApplied",
        "Ready=True/PrincipalApplied",
      ],
    },
    {
      why: "Kafka refused a binding",
      o: applied({ aclFailures: ['ALLOW Read on topic "orders": CLUSTER_AUTHORIZATION_FAILED'] }),
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "OverridePolicyAllows=True/OverridesAllowed",
        "AclsApplied=False/AclsFailed",
        "Ready=False/AclsFailed",
      ],
    },
    {
      why: "the ACLs of an earlier principal cannot be removed yet",
      o: applied({ releaseFailures: ["cluster unreachable"] }),
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "OverridePolicyAllows=True/OverridesAllowed",
        "AclsApplied=True/AclsApplied",
        "Ready=False/AclReleaseBlocked",
      ],
    },
    {
      why: "an ACL it would remove lies outside the namespace's limits and is kept",
      o: applied({ kept: ["ALLOW Read on topic payments: outside team-a's prefixes"] }),
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "OverridePolicyAllows=True/OverridesAllowed",
        "AclsApplied=True/AclsApplied",
        "Ready=False/TenancyViolation",
      ],
    },
    {
      why: "a task failed after the principal was applied",
      o: applied({ connector: { state: "RUNNING", tasks: [{ id: 0, state: "FAILED", trace: "E" }] } }),
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "OverridePolicyAllows=True/OverridesAllowed",
        "AclsApplied=True/AclsApplied",
        "Ready=False/ConnectorTasksFailed",
      ],
    },
  ])("$why", ({ o, expected }) => {
    expect(summary(o)).toEqual(expected);
  });

  it("says in Ready what failed in the connector, with Connect's first trace line", () => {
    const ready = connectorPrincipalConditions(
      applied({
        connector: {
          state: "RUNNING",
          tasks: [
            {
              id: 0,
              state: "FAILED",
              trace: "org.apache.kafka.common.errors.TopicAuthorizationException: x",
            },
          ],
        },
      }),
    ).find((c) => c.type === "Ready");
    expect(ready?.message).toBe(
      "task 0 FAILED: org.apache.kafka.common.errors.TopicAuthorizationException: x",
    );
  });
});
