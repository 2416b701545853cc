// Condition reasons of KafkaCluster: when each applies and what the user should do. The README's
// KafkaCluster reason table lists exactly these (a unit test checks it).
import type { CredentialErrorReason } from "../../credentials/resolve-credential.ts";
import type { OperatorErrorReason } from "../../ports/operator-error.ts";

export const KAFKA_CLUSTER_REASONS = [
  /** Logged in, described the cluster; nothing to do. */
  "ClusterReady",
  /** The admin credential logged in (condition CredentialsValid). */
  "Authenticated",
  /** A broker answered (condition Reachable). */
  "Connected",
  /** The spec cannot be read (the API server's validation was bypassed); fix it. Reported once, not retried. */
  "InvalidSpec",
  /** A referenced Secret or key is missing; create it (the operator notices at once). */
  "SecretNotFound",
  "SecretKeyNotFound",
  /** A keystore or truststore cannot be opened: wrong password or not that format. */
  "InvalidKeystore",
  /** The keytab cannot be read, or holds no keys for the spec's principal; export the right one. */
  "InvalidKeytab",
  "KeytabPrincipalMismatch",
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

// Every credential failure is a KafkaCluster reason as it is.
true satisfies CredentialErrorReason extends KafkaClusterReason ? true : false;

/** What a failed probe of the cluster says, in KafkaCluster's reasons. */
export const KAFKA_CLUSTER_REASON_OF = {
  ClusterUnreachable: "ClusterUnreachable",
  AuthenticationFailed: "AuthenticationFailed",
  AuthorizationFailed: "AuthorizationFailed",
  AuthorizerDisabled: "AuthorizerDisabled",
  TlsVerificationFailed: "TlsVerificationFailed",
  RequestRejected: "RequestRejected",
  SecretNotFound: "SecretNotFound",
  SecretKeyNotFound: "SecretKeyNotFound",
  InvalidSpec: "InvalidSpec",
  // A probe grants nothing and reads no Connect API or link: these cannot come from it.
  TenancyViolation: "Unexpected",
  UnsupportedByClient: "Unexpected",
  ConnectUnreachable: "Unexpected",
  ConnectUnavailable: "Unexpected",
  ConnectRejected: "Unexpected",
  UnexpectedResponse: "Unexpected",
  LinkSpecUnsupported: "Unexpected",
  LinkNameConflict: "Unexpected",
  ConfluentRejected: "Unexpected",
  PasswordEncoderSecretMissing: "Unexpected",
  MirrorTopicsFailed: "Unexpected",
  LinkDeletionBlocked: "Unexpected",
  Unexpected: "Unexpected",
} as const satisfies Record<OperatorErrorReason, KafkaClusterReason>;
