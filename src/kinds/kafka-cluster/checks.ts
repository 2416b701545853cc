// The readiness chain of a KafkaCluster as pure functions: from what one reconcile observed to
// its conditions. The first failing check decides Ready.
import { type ConditionUpdate, condition as conditionOf } from "../../controller/conditions.ts";
import type { ClusterFacts } from "../../ports/cluster-probe.ts";
import type { KafkaClusterReason } from "./reasons.ts";

/** Failures that say the credential (or its trust settings) is wrong, not the cluster. */
const CREDENTIAL_FAILURES: ReadonlySet<KafkaClusterReason> = new Set([
  "AuthenticationFailed",
  "TlsVerificationFailed",
]);

export type ClusterObservation =
  | { outcome: "ready"; facts: ClusterFacts }
  /** The credential could not be built from its Secrets; no login was tried. */
  | { outcome: "credentialUnusable"; reason: KafkaClusterReason; message: string }
  /** A login was tried and failed (or the cluster refused the probe). */
  | { outcome: "failed"; reason: KafkaClusterReason; message: string };

export function clusterConditions(observation: ClusterObservation): ConditionUpdate<KafkaClusterReason>[] {
  const condition = (type: string, isTrue: boolean, reason: KafkaClusterReason, message: string) =>
    conditionOf<KafkaClusterReason>(type, isTrue ? "True" : "False", reason, message);
  switch (observation.outcome) {
    case "ready": {
      const { facts } = observation;
      const summary = `cluster ${facts.clusterId} with ${facts.brokerCount} broker(s)`;
      return [
        condition("Reachable", true, "Connected", `Connected to ${summary}`),
        condition("CredentialsValid", true, "Authenticated", "The admin credential logged in"),
        facts.authorizerPresent
          ? condition("Ready", true, "ClusterReady", `Ready: ${summary}, authorizer present`)
          : condition(
              "Ready",
              false,
              "AuthorizerDisabled",
              `Cluster ${facts.clusterId} has no authorizer; ACLs cannot be managed`,
            ),
      ];
    }
    case "credentialUnusable":
      return [
        conditionOf(
          "Reachable",
          "Unknown",
          observation.reason,
          "No login attempted: the credential is unusable",
        ),
        condition("CredentialsValid", false, observation.reason, observation.message),
        condition("Ready", false, observation.reason, observation.message),
      ];
    case "failed": {
      const isUnreachable = observation.reason === "ClusterUnreachable";
      return [
        condition(
          "Reachable",
          !isUnreachable,
          isUnreachable ? "ClusterUnreachable" : "Connected",
          observation.message,
        ),
        isUnreachable
          ? conditionOf<KafkaClusterReason>(
              "CredentialsValid",
              "Unknown",
              "ClusterUnreachable",
              "Not checked: no broker answered",
            )
          : CREDENTIAL_FAILURES.has(observation.reason)
            ? condition("CredentialsValid", false, observation.reason, observation.message)
            : condition("CredentialsValid", true, "Authenticated", "The admin credential logged in"),
        condition("Ready", false, observation.reason, observation.message),
      ];
    }
  }
}
