import { describe, expect, it } from "vitest";
import { type ClusterLinkObservation, clusterLinkConditions, type LinkAclsObservation } from "./checks.ts";

const valid = { isValid: true as const, message: "logged in" };
const acls = (input: Partial<LinkAclsObservation> = {}) => ({
  outcome: "applied" as const,
  appliedCount: 7,
  failures: [],
  releaseFailures: [],
  kept: [],
  missing: [],
  unchecked: [],
  ...input,
});
const running = { outcome: "observed" as const, state: "active" as const, tasks: [] };

/** "Type=Status/Reason" per condition, in order. */
const verdicts = (o: ClusterLinkObservation) =>
  clusterLinkConditions(o).map((c) => `${c.type}=${c.status}/${c.reason}`);

describe("clusterLinkConditions", () => {
  it.each<{ why: string; observation: ClusterLinkObservation; expected: string[] }>([
    {
      why: "a link that logs in, holds its ACLs and runs is ready",
      observation: { credentials: valid, acls: acls(), link: running, isPaused: false },
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "AclsApplied=True/AclsApplied",
        "LinkActive=True/LinkActive",
        "Ready=True/LinkReady",
      ],
    },
    {
      why: "mirrors of topics the source lacks stop the chain after the login: no ACL was looked at",
      observation: {
        credentials: valid,
        sourceTopicsMissing: { reason: "SourceTopicsMissing", message: "no topic orderz" },
        isPaused: false,
      },
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "AclsApplied=Unknown/SourceTopicsMissing",
        "LinkActive=False/SourceTopicsMissing",
        "Ready=False/SourceTopicsMissing",
      ],
    },
    {
      why: "a reference that cannot be used stops the chain: later stages were not checked",
      observation: { blocked: { reason: "ConnectClusterNotReady", message: "not Ready" }, isPaused: false },
      expected: [
        "CredentialsValid=Unknown/ConnectClusterNotReady",
        "AclsApplied=Unknown/ConnectClusterNotReady",
        "LinkActive=Unknown/ConnectClusterNotReady",
        "Ready=False/ConnectClusterNotReady",
      ],
    },
    {
      why: "a wrong keytab fails CredentialsValid, and nothing after it ran",
      observation: {
        credentials: { isValid: false, reason: "KeytabPrincipalMismatch", message: "other keys" },
        isPaused: false,
      },
      expected: [
        "CredentialsValid=False/KeytabPrincipalMismatch",
        "AclsApplied=Unknown/KeytabPrincipalMismatch",
        "LinkActive=Unknown/KeytabPrincipalMismatch",
        "Ready=False/KeytabPrincipalMismatch",
      ],
    },
    {
      why: "ACLs outside the namespace's limits are refused whole and the link is not touched",
      observation: {
        credentials: valid,
        acls: { outcome: "refused", reason: "TenancyViolation", message: "outside" },
        isPaused: false,
      },
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "AclsApplied=False/TenancyViolation",
        "LinkActive=Unknown/TenancyViolation",
        "Ready=False/TenancyViolation",
      ],
    },
    {
      why: "ACLs a cluster refused keep the link waiting for them",
      observation: { credentials: valid, acls: acls({ failures: ["x: INVALID"] }), isPaused: false },
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "AclsApplied=False/AclsFailed",
        "LinkActive=Unknown/AclsFailed",
        "Ready=False/AclsFailed",
      ],
    },
    {
      why: "ACLs missing on a checked source make the link not ready, even while it runs",
      observation: {
        credentials: valid,
        acls: acls({ missing: ["Read on orders"] }),
        link: running,
        isPaused: false,
      },
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "AclsApplied=False/AclsMissing",
        "LinkActive=True/LinkActive",
        "Ready=False/AclsMissing",
      ],
    },
    {
      why: "ACLs that could not be released after a change of cluster block readiness, not AclsApplied",
      observation: {
        credentials: valid,
        acls: acls({ releaseFailures: ["unreachable"] }),
        link: running,
        isPaused: false,
      },
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "AclsApplied=True/AclsApplied",
        "LinkActive=True/LinkActive",
        "Ready=False/AclReleaseBlocked",
      ],
    },
    {
      why: "a failed task makes the link failed",
      observation: {
        credentials: valid,
        acls: acls(),
        link: {
          outcome: "observed",
          state: "failed",
          tasks: [{ name: "x/0", state: "failed", trace: "boom" }],
        },
        isPaused: false,
      },
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "AclsApplied=True/AclsApplied",
        "LinkActive=False/LinkFailed",
        "Ready=False/LinkFailed",
      ],
    },
    {
      why: "a mirror topic the backend reports failed makes the link fail, naming it with its error",
      observation: {
        credentials: valid,
        acls: acls(),
        link: {
          ...running,
          mirrors: [
            { sourceTopic: "a", mirrorTopic: "a", state: "active" },
            { sourceTopic: "b", mirrorTopic: "b", state: "failed", error: "SOURCE_TOPIC_MAY_BE_DELETED" },
          ],
        },
        isPaused: false,
      },
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "AclsApplied=True/AclsApplied",
        "LinkActive=False/MirrorTopicsFailed",
        "Ready=False/MirrorTopicsFailed",
      ],
    },
    {
      why: "offset-migration ACLs found gone say migration was failing",
      observation: {
        credentials: valid,
        acls: acls(),
        link: running,
        migrationDrift: ["Read on group g"],
        isPaused: false,
      },
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "AclsApplied=True/AclsApplied",
        "LinkActive=False/OffsetMigrationFailing",
        "Ready=False/OffsetMigrationFailing",
      ],
    },
    {
      why: "a link paused as declared is ready",
      observation: {
        credentials: valid,
        acls: acls(),
        link: { ...running, state: "paused" },
        isPaused: true,
      },
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "AclsApplied=True/AclsApplied",
        "LinkActive=False/LinkPaused",
        "Ready=True/LinkReady",
      ],
    },
    {
      why: "a link just created is pending",
      observation: {
        credentials: valid,
        acls: acls(),
        link: { ...running, state: "pending" },
        isPaused: false,
      },
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "AclsApplied=True/AclsApplied",
        "LinkActive=False/LinkPending",
        "Ready=False/LinkPending",
      ],
    },
    {
      why: "Connect refusing the config is the link's problem",
      observation: {
        credentials: valid,
        acls: acls(),
        link: { outcome: "failed", reason: "ConnectRejected", message: "bad" },
        isPaused: false,
      },
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "AclsApplied=True/AclsApplied",
        "LinkActive=False/ConnectRejected",
        "Ready=False/ConnectRejected",
      ],
    },
    {
      why: "a dry run with changes pending is not ready, and says the link is not created",
      observation: {
        credentials: valid,
        acls: acls(),
        link: { ...running, state: "absent" },
        dryRun: { summary: "2 to create", isEmpty: false },
        isPaused: false,
      },
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "AclsApplied=True/AclsApplied",
        "LinkActive=False/DryRunPlanned",
        "Ready=False/DryRunPlanned",
      ],
    },
    {
      why: "a dry run with nothing to change on a running link is ready",
      observation: {
        credentials: valid,
        acls: acls(),
        link: running,
        dryRun: { summary: "", isEmpty: true },
        isPaused: false,
      },
      expected: [
        "CredentialsValid=True/CredentialsValid",
        "AclsApplied=True/AclsApplied",
        "LinkActive=True/LinkActive",
        "Ready=True/DryRunPlanned",
      ],
    },
  ])("$why", ({ observation, expected }) => {
    expect(verdicts(observation)).toEqual(expected);
  });

  it("summarises a failed task's trace in the message", () => {
    const [, , linkActive] = clusterLinkConditions({
      credentials: valid,
      acls: acls(),
      link: {
        outcome: "observed",
        state: "failed",
        tasks: [
          {
            name: "ns.l.MirrorSourceConnector/0",
            state: "failed",
            trace: "TopicAuthorizationException: orders",
          },
        ],
      },
      isPaused: false,
    });
    expect(linkActive?.message).toBe(
      "1 part(s) of the link failed: ns.l.MirrorSourceConnector/0: TopicAuthorizationException: orders",
    );
  });
});
