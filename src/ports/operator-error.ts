// The one error shape the operator's layers share: a CamelCase reason a status condition can
// carry, and whether trying again may help. Adapters translate library errors into it;
// reconcilers decide retries and conditions from it, never from message text.

/** Reasons shared by every kind; each kind adds its own in its reasons.ts. */
export type SharedReason =
  /** The cluster or API did not answer; the operator retries with backoff. */
  | "ClusterUnreachable"
  /** The credential was refused; fix the referenced Secret, the operator retries on change. */
  | "AuthenticationFailed"
  /** Authenticated, but not allowed to do this; grant the operator's principal the access. */
  | "AuthorizationFailed"
  /** The spec or a referenced Secret cannot be used as written; edit it. */
  | "InvalidSpec"
  /** The namespace is not allowed this by the cluster's tenancy policy. */
  | "TenancyViolation";

/**
 * Every reason an OperatorError can carry: what adapters translate library errors into. Closed,
 * so each kind maps every one of them into its own reasons (see the kinds' reasons.ts).
 */
export type OperatorErrorReason =
  | SharedReason
  /** The cluster has no authorizer configured; ACLs cannot be managed there. */
  | "AuthorizerDisabled"
  /** The server's TLS certificate is not trusted as configured (unknown CA, expired, wrong host). */
  | "TlsVerificationFailed"
  /** The cluster refused this request as written (e.g. an invalid principal). */
  | "RequestRejected"
  /** The client library cannot express this request (e.g. kafkajs lacks CreateTokens). */
  | "UnsupportedByClient"
  /** Kafka Connect did not answer (refused, reset, timed out, TLS handshake); retried. */
  | "ConnectUnreachable"
  /** Kafka Connect answered, but cannot serve now (a rebalance, a 5xx); retried. */
  | "ConnectUnavailable"
  /** Kafka Connect refused the request as written (4xx other than authentication). */
  | "ConnectRejected"
  /** The URL answered, but not as the expected API does (another body shape); check the URL. */
  | "UnexpectedResponse"
  /** A link backend cannot express the link as declared (named in the message). */
  | "LinkSpecUnsupported"
  /** A part with the link's name exists and was not made for this link. */
  | "LinkNameConflict"
  /** Confluent Server's REST API refused the request as written (its message is kept). */
  | "ConfluentRejected"
  /** The destination brokers lack password.encoder.secret, which links with credentials need. */
  | "PasswordEncoderSecretMissing"
  /** Some mirror topics refused an action (each named with its error). */
  | "MirrorTopicsFailed"
  /** A link cannot be deleted yet (e.g. mirrors still mirror); deletion waits. */
  | "LinkDeletionBlocked"
  /** A referenced Secret, or a key in it, does not exist. */
  | "SecretNotFound"
  | "SecretKeyNotFound"
  /** Nobody anticipated this failure (a bug, an unknown library error); retried, see the log. */
  | "Unexpected";

export class OperatorError extends Error {
  override readonly name: string = "OperatorError";
  readonly reason: OperatorErrorReason;
  readonly isRetryable: boolean;

  constructor(
    message: string,
    { reason, isRetryable, cause }: { reason: OperatorErrorReason; isRetryable: boolean; cause?: unknown },
  ) {
    super(message, { cause });
    this.reason = reason;
    this.isRetryable = isRetryable;
  }
}

export class AuthenticationFailedError extends OperatorError {
  override readonly name = "AuthenticationFailedError";
  constructor(message: string, cause?: unknown) {
    // A refused credential stays refused until its Secret changes; the Secret watch re-queues.
    super(message, { reason: "AuthenticationFailed", isRetryable: false, cause });
  }
}

export class ClusterUnreachableError extends OperatorError {
  override readonly name = "ClusterUnreachableError";
  constructor(message: string, cause?: unknown) {
    super(message, { reason: "ClusterUnreachable", isRetryable: true, cause });
  }
}
