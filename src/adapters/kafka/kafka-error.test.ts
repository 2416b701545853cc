import kafkajs from "kafkajs";
import { describe, expect, it } from "vitest";
import { AuthenticationFailedError, ClusterUnreachableError } from "../../ports/operator-error.ts";
import { GssapiAuthenticationError } from "./gssapi-authentication-error.ts";
import { isWholeRequestFailure, translateKafkaError } from "./kafka-error.ts";

const {
  KafkaJSConnectionError,
  KafkaJSGroupCoordinatorNotFound,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
  KafkaJSSASLAuthenticationError,
} = kafkajs;

// kafkajs's type declarations are narrower than the constructors it calls itself.
const make = <T>(ErrorClass: new (...args: never[]) => T, ...args: unknown[]): T =>
  new (ErrorClass as unknown as new (...args: unknown[]) => T)(...args);

// The shape kafkajs builds protocol errors from (its error-code table).
const protocol = (type: string, code: number, retriable: boolean) =>
  make(KafkaJSProtocolError, { message: "kafkajs says something", type, code, retriable });

const coordinatorNotFound = make(KafkaJSGroupCoordinatorNotFound, "Failed to find group coordinator");

const kdcRefusal = new GssapiAuthenticationError({
  principal: "link@EXAMPLE.COM",
  host: "broker-1",
  step: "getting a ticket",
  reason: "Client 'link@EXAMPLE.COM' not found in Kerberos database",
});

const kdcUnreachable = new GssapiAuthenticationError({
  principal: "link@EXAMPLE.COM",
  host: "broker-1",
  step: "getting a ticket",
  reason:
    "No credentials were supplied, or the credentials were unavailable or inaccessible: Cannot contact any KDC for realm 'EXAMPLE.COM'",
});

describe("translateKafkaError", () => {
  it.each([
    [
      "not authorized for ACL writes",
      protocol("CLUSTER_AUTHORIZATION_FAILED", 31, false),
      { code: "CLUSTER_AUTHORIZATION_FAILED", reason: "AuthorizationFailed", isRetryable: false },
    ],
    [
      "no authorizer on the cluster",
      protocol("SECURITY_DISABLED", 54, false),
      { code: "SECURITY_DISABLED", reason: "AuthorizerDisabled", isRetryable: false },
    ],
    [
      "an invalid binding",
      protocol("INVALID_REQUEST", 42, false),
      { code: "INVALID_REQUEST", reason: "RequestRejected", isRetryable: false },
    ],
    [
      "the controller moved and kafkajs ran out of retries",
      make(KafkaJSNumberOfRetriesExceeded, protocol("NOT_CONTROLLER", 41, true), {
        retryCount: 5,
        retryTime: 1,
      }),
      { code: "NOT_CONTROLLER", reason: "ClusterUnreachable", isRetryable: true },
    ],
    [
      "a refused connection",
      new KafkaJSConnectionError("Connection error: connect ECONNREFUSED 127.0.0.1:1", {
        broker: "127.0.0.1:1",
      }),
      { code: "KafkaJSConnectionError", reason: "ClusterUnreachable", isRetryable: true },
    ],
    [
      "the broker refused the client certificate (OpenSSL 3's name for alert 46), after kafkajs gave up",
      make(
        KafkaJSNumberOfRetriesExceeded,
        make(KafkaJSConnectionError, "Connection error: ssl/tls alert certificate unknown", {
          code: "ERR_SSL_SSL/TLS_ALERT_CERTIFICATE_UNKNOWN",
        }),
        { retryCount: 1, retryTime: 1 },
      ),
      {
        code: "ERR_SSL_SSL/TLS_ALERT_CERTIFICATE_UNKNOWN",
        reason: "AuthenticationFailed",
        isRetryable: false,
      },
    ],
    [
      "the broker asked for a client certificate and got none (TLS 1.3)",
      make(KafkaJSConnectionError, "Connection error: tlsv13 alert certificate required", {
        code: "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
      }),
      {
        code: "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
        reason: "AuthenticationFailed",
        isRetryable: false,
      },
    ],
    [
      "no broker named a group's coordinator (kafkajs drops their GROUP_AUTHORIZATION_FAILED), wrapped as it bailed",
      make(KafkaJSNonRetriableError, coordinatorNotFound, { cause: coordinatorNotFound }),
      { code: "KafkaJSGroupCoordinatorNotFound", reason: "AuthorizationFailed", isRetryable: true },
    ],
    [
      "a request timeout",
      make(KafkaJSRequestTimeoutError, "Request timed out", {}),
      { code: "KafkaJSRequestTimeoutError", reason: "ClusterUnreachable", isRetryable: true },
    ],
    [
      "a connection error wrapped by kafkajs once it gave up",
      make(KafkaJSNonRetriableError, new KafkaJSConnectionError("Connection closed"), {
        cause: new KafkaJSConnectionError("Connection closed"),
      }),
      { code: "KafkaJSConnectionError", reason: "ClusterUnreachable", isRetryable: true },
    ],
    [
      "a refused SASL login",
      make(KafkaJSSASLAuthenticationError, "SASL SCRAM SHA512 authentication failed"),
      { code: "KafkaJSSASLAuthenticationError", reason: "AuthenticationFailed", isRetryable: false },
    ],
    [
      "a GSSAPI login the KDC refused, as kafkajs hands it over after giving up",
      make(KafkaJSNonRetriableError, kdcRefusal, { cause: kdcRefusal }),
      { code: "GssapiAuthenticationError", reason: "AuthenticationFailed", isRetryable: false },
    ],
    [
      "a GSSAPI login no KDC answered: the credential was never judged, so it is retried",
      make(KafkaJSNonRetriableError, kdcUnreachable, { cause: kdcUnreachable }),
      { code: "GssapiAuthenticationError", reason: "ClusterUnreachable", isRetryable: true },
    ],
    [
      "a protocol-level SASL failure",
      protocol("SASL_AUTHENTICATION_FAILED", 58, false),
      { code: "SASL_AUTHENTICATION_FAILED", reason: "AuthenticationFailed", isRetryable: false },
    ],
    [
      "a bug: something that is not a Kafka error",
      new TypeError("x is undefined"),
      { code: "TypeError", reason: "Unexpected", isRetryable: true },
    ],
  ])("%s", (_why, thrown, expected) => {
    const { error, code } = translateKafkaError(thrown, "create 3 ACL bindings", "kafka/prod");
    expect({ code, reason: error.reason, isRetryable: error.isRetryable }).toEqual(expected);
    expect(error.cause).toBe(thrown);
  });

  it("names the action and the cluster, not kafkajs's wording", () => {
    const { error } = translateKafkaError(
      protocol("CLUSTER_AUTHORIZATION_FAILED", 31, false),
      "delete ACL binding",
      "kafka/prod",
    );
    expect(error.message).toBe(
      'Cannot delete ACL binding on cluster "kafka/prod": the operator\'s principal is not authorized (CLUSTER_AUTHORIZATION_FAILED)',
    );
  });

  it("shows the principal and the Kerberos reason of a GSSAPI failure: the user's only clue", () => {
    expect(translateKafkaError(kdcRefusal, "log in", "kafka/prod").error.message).toBe(
      `Cannot log in on cluster "kafka/prod": GSSAPI login as "link@EXAMPLE.COM" failed while getting a ticket: Client 'link@EXAMPLE.COM' not found in Kerberos database`,
    );
  });

  it("gives callers the classes they catch", () => {
    expect(translateKafkaError(new KafkaJSConnectionError("x"), "a", "c").error).toBeInstanceOf(
      ClusterUnreachableError,
    );
    expect(translateKafkaError(make(KafkaJSSASLAuthenticationError, "x"), "a", "c").error).toBeInstanceOf(
      AuthenticationFailedError,
    );
  });
});

describe("isWholeRequestFailure", () => {
  it.each([
    ["unreachable: no item can pass now", new KafkaJSConnectionError("x"), true],
    ["not authorized: no item can pass", protocol("CLUSTER_AUTHORIZATION_FAILED", 31, false), true],
    [
      "one invalid item: the others may pass, split the request",
      protocol("INVALID_REQUEST", 42, false),
      false,
    ],
  ])("%s", (_why, thrown, expected) => {
    expect(isWholeRequestFailure(translateKafkaError(thrown, "a", "c").error)).toBe(expected);
  });
});
