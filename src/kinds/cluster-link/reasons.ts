// Condition reasons of ClusterLink (conditions CredentialsValid, AclsApplied, LinkActive and
// Ready): when each applies and what the user should do. The README's ClusterLink reason table
// lists exactly these (a unit test checks it).
import type { LoginFailureReason } from "../../ports/credential-check.ts";
import { OperatorError, type OperatorErrorReason } from "../../ports/operator-error.ts";
import {
  ACL_OWNERSHIP_REASONS,
  CREDENTIAL_REASONS,
  LINK_BACKEND_ERROR_REASONS,
  readEachAsItself,
} from "../shared/reasons.ts";

export const CLUSTER_LINK_REASONS = [
  /** Ready: the credential logs in, the ACLs are in place, and the link runs (or is paused, as declared). Nothing to do. */
  "LinkReady",
  /** dryRun: status.plan lists what applying the spec would change; nothing was changed. Review it, then turn dryRun off. */
  "DryRunPlanned",
  /** The spec cannot be read (the API server's validation was bypassed); fix it. */
  "InvalidSpec",
  /** The backend cannot run the link as declared (named in the message, e.g. a ConnectCluster without secretMountPath for a keytab); edit the spec or the cluster resource. */
  "LinkSpecUnsupported",
  /** spec.backend names a backend this build of the operator serves no factory for; use one the message names. */
  "BackendUnsupported",
  /** The ConnectCluster does not exist or is not Ready; re-queued when it changes. */
  "ConnectClusterNotReady",

  // CredentialsValid: the link credential, proven by a real login to the source before anything is created.
  /** The link credential logged in to the source (and the destination access to the destination). */
  "CredentialsValid",
  ...CREDENTIAL_REASONS,
  /** The source reports another cluster id than source.clusterId (or its KafkaCluster's); point the link at the right cluster. */
  "SourceClusterMismatch",

  // AclsApplied: the ACLs the access catalog lists for the link's principals.
  /** Every ACL the link's principals need is in place (applied by this link or already there). */
  "AclsApplied",
  /** ACLs are missing where the operator may not apply them; status.missingAccess names each. Grant them, or let the operator manage the cluster. */
  "AclsMissing",
  /** A cluster refused some of the link's ACLs; the message names each with the cluster's error. Retried with backoff. */
  "AclsFailed",

  // LinkActive: the backend's view of the link.
  /** Every connector and task (or link task) runs. */
  "LinkActive",
  /** mirrors.topics names topics the source KafkaCluster does not have (each named); nothing was applied. Create them, or fix the names; looked at again with backoff. */
  "SourceTopicsMissing",
  /** Created, but not yet running everywhere (tasks unassigned or restarting); wait. */
  "LinkPending",
  /** spec.paused: the link is paused; nothing is copied. Set paused to false to resume. */
  "LinkPaused",
  /** A connector or task failed; status.tasks holds the summarised trace. Fix the cause; the operator restarts nothing by itself. */
  "LinkFailed",
  /** Consumer offsets were not migrating: ACLs offset migration needs were gone from a cluster (named); the operator put them back. */
  "OffsetMigrationFailing",
  /** A connector (or link) with the link's name exists and was not made for it; rename or remove it. */
  "LinkNameConflict",
  /** The Connect REST API did not answer; retried with backoff. */
  "ConnectUnreachable",
  /** Connect answered "try again" (rebalance, server error); retried with backoff. */
  "ConnectUnavailable",
  /** Connect refused the connector config (its message is kept); fix the spec's configs. */
  "ConnectRejected",
  /** Confluent Server's REST API refused a request as written (its message is kept, secrets scrubbed); fix the spec or the cluster. */
  "ConfluentRejected",
  /** The brokers that store the link's secrets (the destination's, and the source's for a source-initiated link) have no password.encoder.secret, so the link cannot be created; set it on every broker. */
  "PasswordEncoderSecretMissing",
  /** Some mirror topics could not be created or brought to their declared state, or the server reports them failed (each named with the server's error, e.g. promoting one that has not caught up); fix the cause, retried on the next resync. */
  "MirrorTopicsFailed",
  /** Deleting waits: the link's connectors (or Confluent link) cannot be removed yet (the message says why). */
  "LinkDeletionBlocked",
  ...ACL_OWNERSHIP_REASONS,
] as const;
export type ClusterLinkReason = (typeof CLUSTER_LINK_REASONS)[number];

// Every login failure is a ClusterLink reason as it is.
true satisfies LoginFailureReason extends ClusterLinkReason ? true : false;

/** What a failed backend call (Connect, a link backend) says, in ClusterLink's reasons. */
export const LINK_REASON_OF = {
  ...readEachAsItself([
    "ClusterUnreachable",
    "AuthenticationFailed",
    "AuthorizationFailed",
    "InvalidSpec",
    "TenancyViolation",
    "AuthorizerDisabled",
    "TlsVerificationFailed",
    "RequestRejected",
    "UnsupportedByClient",
    "ConnectUnreachable",
    "ConnectUnavailable",
    "ConnectRejected",
    ...LINK_BACKEND_ERROR_REASONS,
    "SecretNotFound",
    "SecretKeyNotFound",
    "Unexpected",
  ]),
  // A URL that answers unlike Connect is the ConnectCluster's to report.
  UnexpectedResponse: "ConnectClusterNotReady",
} as const satisfies Record<OperatorErrorReason, ClusterLinkReason>;

/** Why a step of a reconcile stopped, and whether trying again later may help. */
export interface LinkProblem {
  readonly reason: ClusterLinkReason;
  readonly message: string;
  readonly isRetryable: boolean;
}

/** A failed backend or Connect call as a LinkProblem; anything but an OperatorError is rethrown. */
export function linkProblemOf(err: unknown): LinkProblem {
  if (!(err instanceof OperatorError)) throw err;
  return { reason: LINK_REASON_OF[err.reason], message: err.message, isRetryable: err.isRetryable };
}
