// Condition reasons of KafkaAcl: when each applies and what the user should do.
export type KafkaAclReason =
  /** Every binding is on the cluster. */
  | "AclsApplied"
  /** dryRun: the plan is in status.plan; nothing was changed on the cluster. */
  | "DryRun"
  | "DryRunPlanned"
  /** The spec cannot be read (the API server's validation was bypassed); fix it. */
  | "InvalidSpec"
  /** The referenced KafkaCluster does not exist or is not Ready; re-queued when it changes. */
  | "KafkaClusterNotReady"
  /** The namespace may not use the cluster, or a binding lies outside its limits; nothing was applied. */
  | "TenancyViolation"
  /** The cluster has no authorizer, so it has no ACLs to manage. */
  | "AuthorizerDisabled"
  /** The KafkaCluster's aclBackend is not served by this operator version. */
  | "AclBackendUnsupported"
  /** The cluster did not answer; retried with backoff. */
  | "ClusterUnreachable"
  /** The operator's admin credential was refused, or lacks the right to manage ACLs. */
  | "AuthenticationFailed"
  | "AuthorizationFailed"
  /** Kafka refused some bindings; the message and status.failures name each and Kafka's error. */
  | "AclsFailed"
  /** Deleting (or moving to another cluster) waits: the bindings this resource applied cannot be removed yet. */
  | "AclReleaseBlocked"
  /** exclusive: every ACL of the principal is declared by some resource. */
  | "OnlyDeclaredAcls"
  /** exclusive: unknown ACLs of the principal are reported and will be removed (status.pendingRemovals). */
  | "UnknownAclsPending"
  /** exclusive: the principal has ACLs the operator cannot model; they are never removed (status.unmodeled). */
  | "UnmodeledAcls";
