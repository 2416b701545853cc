// Where reconcilers read Secret values: one key of one Secret of a namespace, decoded. A
// resource's Secret references name no namespace, so callers pass the resource's own: Secrets
// are never read across namespaces. A missing Secret or key is one error with two reasons;
// its message names the Secret, the key and what the value was for, never a value.
import type { SecretKeyRef } from "../credentials/credential-spec.ts";
import { OperatorError } from "./operator-error.ts";

/** Why a Secret value could not be read. */
export type SecretReason =
  /** The referenced Secret does not exist in the resource's namespace; create it. */
  | "SecretNotFound"
  /** The Secret exists but lacks the referenced key; add it. */
  | "SecretKeyNotFound";

export class MissingSecretError extends OperatorError {
  override readonly name = "MissingSecretError";
  declare readonly reason: SecretReason;
  constructor(reason: SecretReason, message: string) {
    // A Secret's creation re-queues the resources that reference it; retrying sooner cannot help.
    super(message, { reason, isRetryable: false });
  }
}

export interface SecretSource {
  /**
   * The value of `ref.key` in the Secret `ref.name` of `namespace`. `purpose` says what it is
   * for ("keytab", "REST password") and goes into the message of the MissingSecretError thrown
   * when the Secret or the key is absent.
   */
  read(namespace: string, ref: SecretKeyRef, purpose: string): Buffer;
}
