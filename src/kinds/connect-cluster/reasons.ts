// Condition reasons of ConnectCluster: when each applies and what the user should do. The
// README's ConnectCluster reason table lists exactly these (a unit test checks it).
import type { OperatorErrorReason } from "../../ports/operator-error.ts";
import {
  ACL_OWNERSHIP_REASONS,
  LINK_BACKEND_ERROR_REASONS,
  readEachAs,
  readEachAsItself,
} from "../shared/reasons.ts";

export const CONNECT_CLUSTER_REASONS = [
  /** The REST API answered and runs on the referenced Kafka cluster. */
  "ConnectReady",
  /** The REST API answered (condition Reachable). */
  "Connected",
  /** The REST API did not answer, or cannot serve now; check restUrl and the network. Retried with backoff. */
  "ConnectUnreachable",
  /** The REST API refused a request as written; the message has Connect's answer. */
  "ConnectRejected",
  /** restUrl answered, but not as a Connect worker does (another body shape); check restUrl. */
  "UnexpectedResponse",
  /** A referenced Secret or key is missing; create it. */
  "SecretNotFound",
  "SecretKeyNotFound",
  /** The spec cannot be read (the API server's validation was bypassed); fix it. Reported once, not retried. */
  "InvalidSpec",
  /** Connect reports another Kafka cluster id than the referenced KafkaCluster's. */
  "KafkaClusterMismatch",
  /** The worker principal has every ACL the catalog lists for a Connect worker. */
  "WorkerAccessComplete",
  /** The worker principal lacks ACLs; status.missingWorkerAccess lists them. */
  "WorkerAccessMissing",
  /** manageWorkerAcls: the operator applied the catalog's worker ACLs. */
  "WorkerAclsApplied",
  /** manageWorkerAcls: Kafka refused some bindings (named in the message). Retried. */
  "WorkerAclsFailed",
  ...ACL_OWNERSHIP_REASONS,
] as const;
export type ConnectClusterReason = (typeof CONNECT_CLUSTER_REASONS)[number];

/** What a failed call to the REST API says, in ConnectCluster's reasons. */
export const CONNECT_REASON_OF = {
  ...readEachAsItself([
    "ConnectUnreachable",
    "UnexpectedResponse",
    "ConnectRejected",
    "AuthenticationFailed",
    "AuthorizationFailed",
    "TlsVerificationFailed",
    "SecretNotFound",
    "SecretKeyNotFound",
    "InvalidSpec",
    "TenancyViolation",
  ]),
  ClusterUnreachable: "ConnectUnreachable",
  ConnectUnavailable: "ConnectUnreachable",
  RequestRejected: "ConnectRejected",
  // Reasons only the Kafka adapter and link backends give; they cannot come from the REST API.
  ...readEachAs("Unexpected", [
    "AuthorizerDisabled",
    "UnsupportedByClient",
    ...LINK_BACKEND_ERROR_REASONS,
    "Unexpected",
  ]),
} as const satisfies Record<OperatorErrorReason, ConnectClusterReason>;
