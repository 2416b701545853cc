// kafkajs failures as the operator's errors. Decisions come from the error's class and Kafka's
// error name (`type`, e.g. CLUSTER_AUTHORIZATION_FAILED), never from message text. The message
// names the action and the cluster; kafkajs's own message goes only into `cause`.
import kafkajs from "kafkajs";
import type { AclStoreReason } from "../../ports/acl-store.ts";
import {
  AuthenticationFailedError,
  ClusterUnreachableError,
  OperatorError,
} from "../../ports/operator-error.ts";
import { TLS_VERIFICATION_FAILURES } from "../tls-verification-failures.ts";
import { GssapiAuthenticationError } from "./gssapi-authentication-error.ts";

const {
  KafkaJSBrokerNotFound,
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSGroupCoordinatorNotFound,
  KafkaJSMetadataNotLoaded,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
  KafkaJSSASLAuthenticationError,
} = kafkajs;

const AUTHORIZATION_FAILURES = new Set([
  "CLUSTER_AUTHORIZATION_FAILED",
  "TOPIC_AUTHORIZATION_FAILED",
  "GROUP_AUTHORIZATION_FAILED",
  "TRANSACTIONAL_ID_AUTHORIZATION_FAILED",
  "DELEGATION_TOKEN_AUTHORIZATION_FAILED",
]);
const AUTHENTICATION_FAILURES = new Set([
  "SASL_AUTHENTICATION_FAILED",
  "ILLEGAL_SASL_STATE",
  "UNSUPPORTED_SASL_MECHANISM",
]);

/**
 * TLS alerts a broker sends about the client's certificate (missing, unknown CA, bad, expired,
 * revoked), by Node's code under OpenSSL 3 and the older names: the broker refused the client
 * identity, which for mTLS is refusing the credential.
 */
const CLIENT_CERTIFICATE_REFUSALS = new Set(
  ["CERTIFICATE_REQUIRED", "CERTIFICATE_UNKNOWN", "BAD_CERTIFICATE", "UNKNOWN_CA", "CERTIFICATE_EXPIRED"]
    .concat(["CERTIFICATE_REVOKED", "UNSUPPORTED_CERTIFICATE", "ACCESS_DENIED"])
    .flatMap((alert) =>
      ["SSL/TLS", "SSLV3", "TLSV1", "TLSV13"].map((version) => `ERR_SSL_${version}_ALERT_${alert}`),
    ),
);

/** An OperatorError that also carries the Kafka (or client) error name it came from. */
export interface TranslatedKafkaError {
  readonly error: OperatorError;
  /** Kafka's error name, or the kafkajs class name when Kafka gave none. */
  readonly code: string;
}

/**
 * Translates what a kafkajs call threw. `action` says what was attempted, e.g.
 * `create 12 ACL bindings`; it starts the message: `Cannot create 12 ACL bindings on cluster
 * "kafka/prod": ...`.
 */
export function translateKafkaError(thrown: unknown, action: string, cluster: string): TranslatedKafkaError {
  const failure = `Cannot ${action} on cluster "${cluster}"`;
  // kafkajs wraps the last attempt's error once its own retries are spent, or when it gives up
  // on an error it does not retry; the wrapped error is the one that says what happened.
  let error = thrown;
  while (isWrapper(error) && error.cause instanceof KafkaJSError) error = error.cause;

  if (error instanceof KafkaJSProtocolError) {
    const code = error.type;
    if (AUTHORIZATION_FAILURES.has(code)) {
      return translated(
        code,
        `${failure}: the operator's principal is not authorized (${code})`,
        "AuthorizationFailed",
        false,
        thrown,
      );
    }
    if (AUTHENTICATION_FAILURES.has(code)) {
      return {
        code,
        error: new AuthenticationFailedError(`${failure}: authentication failed (${code})`, thrown),
      };
    }
    if (code === "SECURITY_DISABLED") {
      return translated(
        code,
        `${failure}: the cluster has no authorizer configured (${code})`,
        "AuthorizerDisabled",
        false,
        thrown,
      );
    }
    if (error.retriable) {
      return {
        code,
        error: new ClusterUnreachableError(
          `${failure}: the cluster did not complete the request (${code})`,
          thrown,
        ),
      };
    }
    return translated(
      code,
      `${failure}: the cluster rejected the request (${code})`,
      "RequestRejected",
      false,
      thrown,
    );
  }
  if (error instanceof GssapiAuthenticationError && error.isKdcUnreachable) {
    // The KDC, not the credential, failed: retried, and fixed by no change to the Secret.
    return {
      code: error.name,
      error: new ClusterUnreachableError(`${failure}: no KDC answered: ${error.detail}`, thrown),
    };
  }
  if (error instanceof GssapiAuthenticationError) {
    // Our own mechanism's message: the principal and Kerberos's reason, which the user needs.
    return {
      code: error.name,
      error: new AuthenticationFailedError(`${failure}: ${error.detail}`, thrown),
    };
  }
  if (error instanceof KafkaJSSASLAuthenticationError) {
    return {
      code: error.name,
      error: new AuthenticationFailedError(`${failure}: authentication failed`, thrown),
    };
  }
  // kafkajs keeps the socket error's code on the connection error (its types omit it).
  const socketCode = error instanceof KafkaJSConnectionError ? (error as { code?: string }).code : undefined;
  if (socketCode !== undefined && TLS_VERIFICATION_FAILURES.has(socketCode)) {
    return translated(
      socketCode,
      `${failure}: the broker's certificate is not trusted (${socketCode}); check tls.trust and the bootstrap host names`,
      "TlsVerificationFailed",
      false,
      thrown,
    );
  }
  if (socketCode !== undefined && CLIENT_CERTIFICATE_REFUSALS.has(socketCode)) {
    return {
      code: socketCode,
      error: new AuthenticationFailedError(
        `${failure}: the brokers refused the client certificate (${socketCode}); check the keystore and that the brokers trust its CA`,
        thrown,
      ),
    };
  }
  if (
    error instanceof KafkaJSConnectionError ||
    error instanceof KafkaJSRequestTimeoutError ||
    error instanceof KafkaJSBrokerNotFound ||
    error instanceof KafkaJSMetadataNotLoaded
  ) {
    return { code: error.name, error: new ClusterUnreachableError(`${failure}: no broker answered`, thrown) };
  }
  if (error instanceof KafkaJSGroupCoordinatorNotFound) {
    // kafkajs asked every broker for the group's coordinator and drops their refusals; what
    // stays refused is nearly always GROUP_AUTHORIZATION_FAILED, and a coordinator still
    // loading answers on a later try.
    return translated(
      error.name,
      `${failure}: no broker named the group's coordinator; the operator's principal may not describe the group (or its coordinator is still loading)`,
      "AuthorizationFailed",
      true,
      thrown,
    );
  }
  if (error instanceof KafkaJSNonRetriableError) {
    return translated(
      error.name,
      `${failure}: the client refused the request`,
      "RequestRejected",
      false,
      thrown,
    );
  }
  // kafkajs marks its other errors retriable when another attempt may pass.
  if (error instanceof KafkaJSError && error.retriable) {
    return { code: error.name, error: new ClusterUnreachableError(`${failure}: ${error.name}`, thrown) };
  }
  const name = error instanceof Error ? error.name : "UnknownError";
  return translated(name, `${failure}: unexpected ${name}`, "Unexpected", true, thrown);
}

function isWrapper(error: unknown): error is InstanceType<typeof KafkaJSNonRetriableError> {
  return (
    error instanceof KafkaJSNumberOfRetriesExceeded ||
    (error instanceof KafkaJSNonRetriableError && error.constructor === KafkaJSNonRetriableError)
  );
}

function translated(
  code: string,
  message: string,
  reason: AclStoreReason,
  isRetryable: boolean,
  cause: unknown,
): TranslatedKafkaError {
  return { code, error: new OperatorError(message, { reason, isRetryable, cause }) };
}

/**
 * Whether a failed request failed as a whole (nothing in it can succeed now), as opposed to a
 * request that one bad item spoiled: kafkajs reports only the first item's error for a whole
 * CreateAcls or DeleteAcls response, so the second kind is worth splitting.
 */
export function isWholeRequestFailure(error: OperatorError): boolean {
  return error.reason !== "RequestRejected";
}
