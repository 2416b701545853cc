import { describe, expect, it } from "vitest";
import { ClusterUnreachableError } from "../../ports/operator-error.ts";
import { errorForFailedRequest, errorForResponse } from "./connect-error.ts";

const base = { action: 'write connector "orders"', statusText: "Status", workerMessage: "worker says" };

describe("errorForResponse", () => {
  it.each([
    ["a rebalance in progress is retried", { status: 409 }, "ConnectUnavailable", true],
    ["a worker failure is retried", { status: 500 }, "ConnectUnavailable", true],
    ["a gateway in front of the worker failing is retried", { status: 503 }, "ConnectUnavailable", true],
    [
      "refused basic-auth credentials wait for a Secret change",
      { status: 401 },
      "AuthenticationFailed",
      false,
    ],
    ["a REST extension's refusal waits too", { status: 403 }, "AuthenticationFailed", false],
    [
      "a rejected connector config is the user's to fix",
      { status: 400, config: { topic: "t" } },
      "ConnectorConfigInvalid",
      false,
    ],
    ["a 400 without a config is a rejected request", { status: 400 }, "ConnectRejected", false],
    [
      "pausing a missing connector names it absent",
      { status: 404, isConnectorPath: true },
      "ConnectorNotFound",
      false,
    ],
    ["an unknown path is a rejected request", { status: 404 }, "ConnectRejected", false],
  ])("%s", (_why, response, reason, isRetryable) => {
    const error = errorForResponse({ ...base, ...response });
    expect({ reason: error.reason, isRetryable: error.isRetryable }).toEqual({ reason, isRetryable });
  });

  it("names the action and status and keeps the worker's message without config values", () => {
    const error = errorForResponse({
      ...base,
      status: 400,
      workerMessage:
        "Connector configuration is invalid and contains the following 1 error(s):\nInvalid value s3cr3t-password for configuration sasl.jaas.config: bad",
      config: { "sasl.jaas.config": "s3cr3t-password" },
    });
    expect(error.message).toBe(
      'Cannot write connector "orders": Connect answered 400: Connector configuration is invalid and contains the following 1 error(s):\nInvalid value [redacted] for configuration sasl.jaas.config: bad',
    );
  });

  it("falls back to the HTTP status text when the worker sent no message", () => {
    const error = errorForResponse({
      ...base,
      status: 502,
      workerMessage: undefined,
      statusText: "Bad Gateway",
    });
    expect(error.message).toBe('Cannot write connector "orders": Connect answered 502: Bad Gateway');
  });
});

describe("errorForFailedRequest", () => {
  const where = { action: "list connectors", baseUrl: "https://connect:8083", timeoutMs: 500 };

  it("reports a refused connection as an unreachable cluster with the socket's code", () => {
    const thrown = new TypeError("fetch failed", {
      cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }),
    });
    const error = errorForFailedRequest(thrown, where);
    expect(error).toBeInstanceOf(ClusterUnreachableError);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toBe(
      "Cannot list connectors: Connect at https://connect:8083 is unreachable (ECONNREFUSED)",
    );
  });

  it("reports a timeout with the limit that passed", () => {
    const thrown = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    expect(errorForFailedRequest(thrown, where).message).toBe(
      "Cannot list connectors: Connect at https://connect:8083 did not answer within 500 ms",
    );
  });
});
