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

export class OperatorError extends Error {
  override readonly name: string = "OperatorError";
  readonly reason: string;
  readonly isRetryable: boolean;

  constructor(
    message: string,
    { reason, isRetryable, cause }: { reason: string; isRetryable: boolean; cause?: unknown },
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
