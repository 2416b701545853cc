// Condition reasons of ConnectCluster: when each applies and what the user should do.
export type ConnectClusterReason =
  /** The REST API answered and runs on the referenced Kafka cluster. */
  | "ConnectReady"
  | "Connected"
  /** The REST API did not answer; check restUrl and the network. Retried with backoff. */
  | "ConnectUnreachable"
  /** The REST API refused the credentials; fix basicAuth or the client certificate. */
  | "AuthenticationFailed"
  /** A referenced Secret or key is missing; create it. */
  | "SecretNotFound"
  | "SecretKeyNotFound"
  /** The referenced KafkaCluster does not exist or is not Ready yet. */
  | "KafkaClusterNotReady"
  /** The cluster's tenancy policy does not let this namespace use it. */
  | "TenancyViolation"
  /** Connect reports another Kafka cluster id than the referenced KafkaCluster's. */
  | "KafkaClusterMismatch"
  /** The worker principal has every ACL the catalog lists for a Connect worker. */
  | "WorkerAccessComplete"
  /** The worker principal lacks ACLs; status.missingWorkerAccess lists them. */
  | "WorkerAccessMissing"
  /** manageWorkerAcls: the operator applied the catalog's worker ACLs. */
  | "WorkerAclsApplied"
  /** manageWorkerAcls: Kafka refused some bindings (named in the message). */
  | "WorkerAclsFailed"
  /** Deletion waits: the worker ACLs this resource applied cannot be removed yet (message says why). */
  | "AclReleaseBlocked";
