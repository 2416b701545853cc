// Reasons more than one kind reports, in one place: each kind's reasons.ts lists these among
// its own. Each comment says when the reason applies and what the user should do.
import type { OperatorErrorReason } from "../../ports/operator-error.ts";

/**
 * Why a resource's ACLs cannot be planned, applied or released on a cluster: every kind that
 * owns ACLs (kinds/shared/owned-acls.ts) reports these.
 */
export const ACL_OWNERSHIP_REASONS = [
  /** The referenced KafkaCluster does not exist or is not Ready; re-queued when it changes. */
  "KafkaClusterNotReady",
  /** The namespace may not use the cluster, or the claim lies outside its limits (each named); or ACLs it would remove lie outside them and are kept. */
  "TenancyViolation",
  /** The cluster has no authorizer, so it has no ACLs to manage; configure one. */
  "AuthorizerDisabled",
  /** Deleting (or letting go of a cluster or principal) waits: what this resource applied cannot be removed yet (the message says why). */
  "AclReleaseBlocked",
  /** No broker answered; retried with backoff. See the KafkaCluster. */
  "ClusterUnreachable",
  /** The operator's admin credential was refused; see the KafkaCluster. */
  "AuthenticationFailed",
  /** The operator's principal may not manage ACLs; make it a super user or grant Alter/Describe on the cluster. */
  "AuthorizationFailed",
  /** The broker's certificate is not trusted as configured; see the KafkaCluster. */
  "TlsVerificationFailed",
  /** The cluster refused the request as written; the message names it. */
  "RequestRejected",
  /** The client library cannot express a binding (e.g. CreateTokens); the message names it. */
  "UnsupportedByClient",
  /** Something unexpected failed; retried, see the operator log for this reconcile. */
  "Unexpected",
] as const;
export type AclOwnershipReason = (typeof ACL_OWNERSHIP_REASONS)[number];

/** What a failed read or write of a cluster's ACLs says, in the ownership reasons. */
export const ACL_OWNERSHIP_REASON_OF = {
  ClusterUnreachable: "ClusterUnreachable",
  AuthenticationFailed: "AuthenticationFailed",
  AuthorizationFailed: "AuthorizationFailed",
  TenancyViolation: "TenancyViolation",
  AuthorizerDisabled: "AuthorizerDisabled",
  TlsVerificationFailed: "TlsVerificationFailed",
  RequestRejected: "RequestRejected",
  UnsupportedByClient: "UnsupportedByClient",
  // The ACL store reads no spec, Secret, Connect API or link: these cannot come from it.
  InvalidSpec: "Unexpected",
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
  SecretNotFound: "Unexpected",
  SecretKeyNotFound: "Unexpected",
  Unexpected: "Unexpected",
} as const satisfies Record<OperatorErrorReason, AclOwnershipReason>;
