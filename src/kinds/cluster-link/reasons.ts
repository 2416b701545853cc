// Condition reasons of ClusterLink (conditions CredentialsValid, AclsApplied, LinkActive and
// Ready): when each applies and what the user should do.
export type ClusterLinkReason =
  /** Ready: the credential logs in, the ACLs are in place, and the link runs. Nothing to do. */
  | "LinkReady"
  /** dryRun: status.plan lists what applying the spec would change; nothing was changed. Review it, then turn dryRun off. */
  | "DryRunPlanned"
  /** The spec cannot be read (the API server's validation was bypassed); fix it. */
  | "InvalidSpec"
  /** The backend cannot run the link as declared (named in the message, e.g. a ConnectCluster without secretMountPath for a keytab); edit the spec or the cluster resource. */
  | "LinkSpecUnsupported"
  /** backend confluent is not served by this operator version; use mirrorMaker2. */
  | "BackendUnsupported"
  /** The destination or source KafkaCluster does not exist or is not Ready; re-queued when it changes. */
  | "KafkaClusterNotReady"
  /** The ConnectCluster does not exist or is not Ready; re-queued when it changes. */
  | "ConnectClusterNotReady"
  /** The namespace may not use a referenced cluster, or the link's ACLs lie outside its limits (each named); nothing was applied. Ask the platform team, or narrow the link. */
  | "TenancyViolation"

  // CredentialsValid: the link credential, proven by a real login to the source before anything is created.
  /** The link credential logged in to the source. */
  | "CredentialsValid"
  /** A referenced Secret or key is missing (named in the message); create it. */
  | "SecretNotFound"
  | "SecretKeyNotFound"
  /** A PKCS12/JKS store cannot be opened, or holds no private key; fix the store or its password. */
  | "InvalidKeystore"
  /** The keytab cannot be read; export it again. */
  | "InvalidKeytab"
  /** The keytab holds keys for other principals (both named); export the right keytab. */
  | "KeytabPrincipalMismatch"
  /** The source refused the link credential; fix the Secret or the principal. */
  | "AuthenticationFailed"
  /** The source's certificate is not trusted as the credential says; fix tls.trust or the host names. */
  | "TlsVerificationFailed"
  /** A cluster or the Connect REST API did not answer; retried with backoff. */
  | "ClusterUnreachable"
  /** The source reports another cluster id than source.clusterId; point the link at the right cluster. */
  | "SourceClusterMismatch"

  // AclsApplied: the ACLs the access catalog lists for the link's principals.
  /** Every ACL the link's principals need is in place (applied by this link or already there). */
  | "AclsApplied"
  /** ACLs are missing where the operator may not apply them (e.g. a source without a KafkaCluster); status.missingAccess names each. Grant them, or let the operator manage the cluster. */
  | "AclsMissing"
  /** A cluster refused some of the link's ACLs; the message names each with the cluster's error. Retried with backoff. */
  | "AclsFailed"
  /** Authenticated, but the operator's admin credential may not read or write ACLs; grant it. */
  | "AuthorizationFailed"
  /** Deleting waits: the ACLs this link applied cannot be removed yet (the message says why). */
  | "AclReleaseBlocked"

  // LinkActive: the backend's view of the link.
  /** Every connector and task (or link task) runs. */
  | "LinkActive"
  /** Created, but not yet running everywhere (tasks unassigned or restarting); wait. */
  | "LinkPending"
  /** spec.paused: the link is paused; nothing is copied. Set paused to false to resume. */
  | "LinkPaused"
  /** A connector or task failed; status.tasks holds the summarised trace. Fix the cause; the operator restarts nothing by itself. */
  | "LinkFailed"
  /** Consumer offsets are not migrating (e.g. the destination-side principal lost READ on a group); the message says why. */
  | "OffsetMigrationFailing"
  /** A connector (or link) with the link's name exists and was not made for it; rename or remove it. */
  | "LinkNameConflict"
  /** Connect answered "try again" (rebalance, server error); retried with backoff. */
  | "ConnectUnavailable"
  /** Connect refused the connector config (its message is kept); fix the spec's configs. */
  | "ConnectRejected"
  /** Confluent Server's REST API refused a request as written (its message is kept, secrets scrubbed); fix the spec or the cluster. */
  | "ConfluentRejected"
  /** The brokers that store the link's secrets (the destination's, and the source's for a source-initiated link) have no password.encoder.secret, so the link cannot be created; set it on every broker. */
  | "PasswordEncoderSecretMissing"
  /** Some mirror topics could not be created or brought to their declared state (each named with the server's error, e.g. promoting one that has not caught up); fix the cause, retried on the next resync. */
  | "MirrorTopicsFailed"
  /** An answer the operator cannot read (a server newer than it knows, or a bug); retried with backoff. Report it if it stays. */
  | "Unexpected"
  /** Deleting waits: the link's connectors (or Confluent link) cannot be removed yet (the message says why). */
  | "LinkDeletionBlocked";
