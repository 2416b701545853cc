// The Confluent link backend's failures in the words of the LinkBackend port: the REST
// client's refused requests become ConfluentRejected, a link the brokers cannot store for want
// of password.encoder.secret becomes PasswordEncoderSecretMissing, and a failure after some
// changes carries those changes (LinkChangesIncompleteError) so each still gets its Event.
import { type LinkChange, LinkChangesIncompleteError, type LinkRecord } from "../../ports/link-backend.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { HttpRequestError } from "../http/json-http-client.ts";

/** `thrown` as an OperatorError with a reason of the port's. */
export function asLinkError(thrown: unknown): OperatorError {
  if (!(thrown instanceof OperatorError)) {
    const name = thrown instanceof Error ? thrown.name : "UnknownError";
    return new OperatorError(`The Confluent link backend failed unexpectedly (${name})`, {
      reason: "Unexpected",
      isRetryable: true,
      cause: thrown,
    });
  }
  if (thrown.reason !== "RequestRejected") return thrown;
  return new OperatorError(thrown.message, {
    reason: "ConfluentRejected",
    isRetryable: thrown.isRetryable,
    cause: thrown.cause,
  });
}

/**
 * `thrown`, carrying `changes` when there are any, and the record to keep when the link's
 * configs were all written before it (`written`).
 */
export function stoppedAfter(
  thrown: unknown,
  changes: readonly LinkChange[],
  written?: LinkRecord,
): OperatorError {
  const error = asLinkError(thrown);
  return changes.length === 0 ? error : new LinkChangesIncompleteError(error, changes, written);
}

/**
 * Whether the server refused to store a link's secrets because its brokers have no
 * password.encoder.secret. REST v3 gives this no code of its own (it is a refused config like
 * any other), so this is the one place the server's words are read, and only for what they
 * name: the config itself, or Kafka's "Password encoder secret not configured".
 */
export function isPasswordEncoderMissing(thrown: unknown): boolean {
  const cause = thrown instanceof OperatorError ? thrown.cause : thrown;
  return (
    cause instanceof HttpRequestError &&
    /password[\s._-]*encoder[\s._-]*secret/i.test(cause.serverMessage ?? "")
  );
}

/** What to throw when writing the link's secrets to `kafkaCluster` failed with `thrown`. */
export function secretsRefused(thrown: unknown, kafkaCluster: string): unknown {
  if (!isPasswordEncoderMissing(thrown)) return thrown;
  const said = thrown instanceof Error ? thrown.message : String(thrown);
  return new OperatorError(
    `${said}. The brokers of KafkaCluster "${kafkaCluster}" have no password.encoder.secret to encrypt the link's secrets with: set it on every broker, and the link is written on the next try`,
    { reason: "PasswordEncoderSecretMissing", isRetryable: false, cause: thrown },
  );
}
