// Reasons more than one kind reports, in one place: each kind's reasons.ts lists these among
// its own. Each comment says when the reason applies and what the user should do.
import type { CredentialErrorReason } from "../../credentials/resolve-credential.ts";
import type { OperatorErrorReason } from "../../ports/operator-error.ts";
import type { SecretReason } from "../../ports/secret-source.ts";

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

/**
 * Why a referenced credential cannot be used: every kind that proves a credential by logging in
 * (KafkaCluster, ClusterLink, ConnectorPrincipal) reports these.
 */
export const CREDENTIAL_REASONS = [
  /** A referenced Secret or key is missing (named in the message); create it. */
  "SecretNotFound",
  "SecretKeyNotFound",
  /** A keystore or truststore cannot be opened (wrong password, not that format), or a keystore holds no private key; fix the store or its password. */
  "InvalidKeystore",
  /** The keytab cannot be read; export it again. */
  "InvalidKeytab",
  /** The keytab holds no keys for the spec's principal (the message names those it holds); export the right keytab. */
  "KeytabPrincipalMismatch",
] as const satisfies readonly (SecretReason | CredentialErrorReason)[];
// Every failure of a Secret or a credential is among them.
true satisfies SecretReason | CredentialErrorReason extends (typeof CREDENTIAL_REASONS)[number]
  ? true
  : false;

/** The reasons only the Kafka Connect REST client gives. */
export const CONNECT_API_ERROR_REASONS = [
  "ConnectUnreachable",
  "ConnectUnavailable",
  "ConnectRejected",
  "UnexpectedResponse",
] as const satisfies readonly OperatorErrorReason[];

/** The reasons only link backends (Confluent, MirrorMaker 2) give. */
export const LINK_BACKEND_ERROR_REASONS = [
  "LinkSpecUnsupported",
  "LinkNameConflict",
  "ConfluentRejected",
  "PasswordEncoderSecretMissing",
  "MirrorTopicsFailed",
  "LinkDeletionBlocked",
] as const satisfies readonly OperatorErrorReason[];

/**
 * Rows of a kind's table from OperatorErrorReason to its own reasons: each of `errorReasons`
 * reads as `reason`. Spread them into a table that `satisfies Record<OperatorErrorReason,
 * TheKindsReason>`, so an error reason no row names is still a type error.
 */
export function readEachAs<const From extends OperatorErrorReason, const To extends string>(
  reason: To,
  errorReasons: readonly From[],
): { readonly [K in From]: To } {
  return Object.fromEntries(errorReasons.map((errorReason) => [errorReason, reason])) as {
    readonly [K in From]: To;
  };
}

/** Rows that keep each of `errorReasons` as it is, for a kind that reports it under that name. */
export function readEachAsItself<const From extends OperatorErrorReason>(
  errorReasons: readonly From[],
): { readonly [K in From]: K } {
  return Object.fromEntries(errorReasons.map((errorReason) => [errorReason, errorReason])) as {
    readonly [K in From]: K;
  };
}

/** What a failed read or write of a cluster's ACLs says, in the ownership reasons. */
export const ACL_OWNERSHIP_REASON_OF = {
  ...readEachAsItself([
    "ClusterUnreachable",
    "AuthenticationFailed",
    "AuthorizationFailed",
    "TenancyViolation",
    "AuthorizerDisabled",
    "TlsVerificationFailed",
    "RequestRejected",
    "UnsupportedByClient",
  ]),
  // The ACL store reads no spec, Secret, Connect API or link: these cannot come from it.
  ...readEachAs("Unexpected", [
    "InvalidSpec",
    "SecretNotFound",
    "SecretKeyNotFound",
    ...CONNECT_API_ERROR_REASONS,
    ...LINK_BACKEND_ERROR_REASONS,
    "Unexpected",
  ]),
} as const satisfies Record<OperatorErrorReason, AclOwnershipReason>;
