// Condition reasons of KafkaCluster: when each applies and what the user should do. The README's
// KafkaCluster reason table lists exactly these (a unit test checks it).
import type { OperatorErrorReason } from "../../ports/operator-error.ts";
import {
  CONNECT_API_ERROR_REASONS,
  CREDENTIAL_REASONS,
  LINK_BACKEND_ERROR_REASONS,
  readEachAs,
  readEachAsItself,
} from "../shared/reasons.ts";

export const KAFKA_CLUSTER_REASONS = [
  /** Logged in, described the cluster; nothing to do. */
  "ClusterReady",
  /** The admin credential logged in (condition CredentialsValid). */
  "Authenticated",
  /** A broker answered (condition Reachable). */
  "Connected",
  /** The spec cannot be read (the API server's validation was bypassed); fix it. Reported once, not retried. */
  "InvalidSpec",
  ...CREDENTIAL_REASONS,
  /** The brokers refused the credential; fix the Secret or the principal. */
  "AuthenticationFailed",
  /** The broker's certificate is not trusted (unknown CA, expired, wrong host); fix tls.trust. */
  "TlsVerificationFailed",
  /** No broker answered; check bootstrapServers and the network. Retried with backoff. */
  "ClusterUnreachable",
  /** Logged in, but the principal may not describe the cluster; grant it (it should be a super user). */
  "AuthorizationFailed",
  /** The cluster has no authorizer: ACL resources cannot be applied to it. */
  "AuthorizerDisabled",
  /** The cluster refused a request as written; the message names it. */
  "RequestRejected",
  /** Something unexpected failed; see the operator log for this reconcile id. */
  "Unexpected",
] as const;
export type KafkaClusterReason = (typeof KAFKA_CLUSTER_REASONS)[number];

/** What a failed probe of the cluster says, in KafkaCluster's reasons. */
export const KAFKA_CLUSTER_REASON_OF = {
  ...readEachAsItself([
    "ClusterUnreachable",
    "AuthenticationFailed",
    "AuthorizationFailed",
    "AuthorizerDisabled",
    "TlsVerificationFailed",
    "RequestRejected",
    "SecretNotFound",
    "SecretKeyNotFound",
    "InvalidSpec",
  ]),
  // A probe grants nothing and reads no Connect API or link: these cannot come from it.
  ...readEachAs("Unexpected", [
    "TenancyViolation",
    "UnsupportedByClient",
    ...CONNECT_API_ERROR_REASONS,
    ...LINK_BACKEND_ERROR_REASONS,
    "Unexpected",
  ]),
} as const satisfies Record<OperatorErrorReason, KafkaClusterReason>;
