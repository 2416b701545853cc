// Translates what the Connect REST API answered (or that it did not answer) into the
// operator's error shape, by HTTP status and socket error code, never by message text. The
// worker's own message is kept because it says what is wrong, but only after every config
// value has been cut out of it.

import type { ConnectApiReason } from "../../ports/connect-api.ts";
import { ClusterUnreachableError, OperatorError } from "../../ports/operator-error.ts";
import { redactConfigValues } from "./redact-config-values.ts";

export interface FailedResponse {
  /** What the call tried, as "Cannot <action>: ..." reads: `write connector "orders-sink"`. */
  readonly action: string;
  readonly status: number;
  readonly statusText: string;
  /** The `message` of Connect's error body, when it sent one. */
  readonly workerMessage: string | undefined;
  /** The connector config the request carried, whose values must not reach the message. */
  readonly config?: Readonly<Record<string, string>>;
  /** A 404 here means the named connector is absent (pause, resume, restart). */
  readonly isConnectorPath?: boolean;
}

/** The error for a response outside 2xx. */
export function errorForResponse(response: FailedResponse): OperatorError {
  const { action, status } = response;
  const said = redactConfigValues(response.workerMessage ?? response.statusText, response.config ?? {});
  const message = `Cannot ${action}: Connect answered ${status}: ${said}`;
  const error = (reason: ConnectApiReason, isRetryable: boolean) =>
    new OperatorError(message, { reason, isRetryable });
  // 409: a rebalance or a concurrent config change; the same request passes once it settles.
  if (status === 409 || status >= 500) return error("ConnectUnavailable", true);
  // Connect's basic-auth filter answers 401; REST extensions may answer 403.
  if (status === 401 || status === 403) return error("AuthenticationFailed", false);
  if (status === 400 && response.config) return error("ConnectorConfigInvalid", false);
  if (status === 404 && response.isConnectorPath) return error("ConnectorNotFound", false);
  return error("ConnectRejected", false);
}

/** The error for a request that got no HTTP answer: refused, reset, TLS failure or timeout. */
export function errorForFailedRequest(
  thrown: unknown,
  { action, baseUrl, timeoutMs }: { action: string; baseUrl: string; timeoutMs: number },
): OperatorError {
  if (thrown instanceof Error && thrown.name === "TimeoutError") {
    return new ClusterUnreachableError(
      `Cannot ${action}: Connect at ${baseUrl} did not answer within ${timeoutMs} ms`,
      thrown,
    );
  }
  // fetch rejects with "fetch failed"; the socket's code (ECONNREFUSED, a TLS verification
  // failure, ...) sits on the cause.
  const code = (thrown as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  const detail = typeof code === "string" ? ` (${code})` : "";
  return new ClusterUnreachableError(
    `Cannot ${action}: Connect at ${baseUrl} is unreachable${detail}`,
    thrown,
  );
}
