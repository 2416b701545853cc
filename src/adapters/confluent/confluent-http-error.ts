// Failures of Confluent's HTTP APIs (Server REST v3, the Metadata Service) as the operator's
// errors. Decisions come from the client's closed failure kind and the HTTP status, never from
// message text. The server's own message is kept only once the values the caller marks as
// secret are scrubbed from it: a server may echo a rejected config back in its message.

import {
  AuthenticationFailedError,
  ClusterUnreachableError,
  OperatorError,
} from "../../ports/operator-error.ts";
import { HttpRequestError } from "../http/json-http-client.ts";
import { TLS_VERIFICATION_FAILURES } from "../tls-verification-failures.ts";

/** The reasons these APIs' failures map to; each is also an AclStoreReason. */
export type ConfluentHttpReason =
  | "ClusterUnreachable"
  | "AuthenticationFailed"
  | "AuthorizationFailed"
  | "TlsVerificationFailed"
  | "RequestRejected"
  | "Unexpected";

export interface TranslatedHttpError {
  readonly error: OperatorError;
  /** `HTTP_<status>`, `TIMEOUT`, `UNREACHABLE`, `INVALID_RESPONSE`, or Node's TLS error code. */
  readonly code: string;
}

/**
 * Translates what a request to `system` (e.g. `MDS at https://mds:8090`) threw while doing
 * `action` (`create ACL binding ...`). Anything but an HttpRequestError is a bug: Unexpected.
 */
export function translateHttpError(
  thrown: unknown,
  action: string,
  system: string,
  { secrets = [] }: { secrets?: readonly string[] } = {},
): TranslatedHttpError {
  const failure = `Cannot ${action}: ${system}`;
  const make = (code: string, message: string, reason: ConfluentHttpReason, isRetryable: boolean) => ({
    code,
    error: new OperatorError(message, { reason, isRetryable, cause: thrown }),
  });
  if (!(thrown instanceof HttpRequestError)) {
    const name = thrown instanceof Error ? thrown.name : "UnknownError";
    return make(name, `${failure} failed unexpectedly (${name})`, "Unexpected", true);
  }
  switch (thrown.failure) {
    case "timeout":
      return {
        code: "TIMEOUT",
        error: new ClusterUnreachableError(`${failure} did not answer in time`, thrown),
      };
    case "unreachable": {
      const tlsCode = tlsCodeOf(thrown);
      if (tlsCode) {
        return make(
          tlsCode,
          `${failure} presented a certificate that is not trusted (${tlsCode}); check the TLS trust and the host name`,
          "TlsVerificationFailed",
          false,
        );
      }
      return { code: "UNREACHABLE", error: new ClusterUnreachableError(`${failure} is unreachable`, thrown) };
    }
    case "invalidBody":
      return make(
        "INVALID_RESPONSE",
        `${failure} answered with a body of an unexpected shape`,
        "Unexpected",
        true,
      );
    case "status":
      break;
  }
  const status = thrown.status ?? 0;
  const code = `HTTP_${status}`;
  const said = thrown.serverMessage ? `: ${scrub(thrown.serverMessage, secrets)}` : "";
  if (status === 401) {
    return {
      code,
      error: new AuthenticationFailedError(`${failure} refused the credential (401)${said}`, thrown),
    };
  }
  if (status === 403) {
    return make(code, `${failure} did not allow it (403)${said}`, "AuthorizationFailed", false);
  }
  if (status === 429 || status >= 500) {
    return {
      code,
      error: new ClusterUnreachableError(
        `${failure} could not complete the request (${status})${said}`,
        thrown,
      ),
    };
  }
  return make(code, `${failure} rejected the request (${status})${said}`, "RequestRejected", false);
}

/** `text` with every occurrence of each secret replaced. */
export function scrub(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  // Longest first, so a secret containing another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) scrubbed = scrubbed.replaceAll(secret, "[redacted]");
  }
  return scrubbed;
}

function tlsCodeOf(error: HttpRequestError): string | undefined {
  // undici wraps the socket error: fetch's TypeError → its cause (the TLS error) carries the code.
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 4 && cause; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && TLS_VERIFICATION_FAILURES.has(code)) return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}
