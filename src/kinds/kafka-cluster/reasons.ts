// Condition reasons of KafkaCluster: when each applies and what the user should do.
export type KafkaClusterReason =
  /** Logged in, described the cluster; nothing to do. */
  | "ClusterReady"
  /** The admin credential logged in. */
  | "Authenticated"
  /** A broker answered. */
  | "Connected"
  /** A referenced Secret or key is missing; create it (the operator notices at once). */
  | "SecretNotFound"
  | "SecretKeyNotFound"
  /** A keystore or truststore cannot be opened: wrong password or not that format. */
  | "InvalidKeystore"
  /** The keytab cannot be read, or holds no keys for the spec's principal; export the right one. */
  | "InvalidKeytab"
  | "KeytabPrincipalMismatch"
  /** The brokers refused the credential; fix the Secret or the principal. */
  | "AuthenticationFailed"
  /** The broker's certificate is not trusted (unknown CA, expired, wrong host); fix tls.trust. */
  | "TlsVerificationFailed"
  /** No broker answered; check bootstrapServers and the network. Retried with backoff. */
  | "ClusterUnreachable"
  /** Logged in, but the principal may not describe the cluster; grant it (it should be a super user). */
  | "AuthorizationFailed"
  /** The cluster has no authorizer: ACL resources cannot be applied to it. */
  | "AuthorizerDisabled"
  /** Something unexpected failed; see the operator log for this reconcile id. */
  | "Unexpected";
