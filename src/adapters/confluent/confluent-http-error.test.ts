import { describe, expect, it } from "vitest";
import { HttpRequestError } from "../http/json-http-client.ts";
import { scrub, translateHttpError } from "./confluent-http-error.ts";

const statusError = (status: number, serverMessage?: string) =>
  new HttpRequestError(`answered ${status}`, {
    failure: "status",
    status,
    ...(serverMessage ? { serverMessage } : {}),
  });
const tlsError = new HttpRequestError("unreachable", {
  failure: "unreachable",
  cause: Object.assign(new TypeError("fetch failed"), {
    cause: Object.assign(new Error("self-signed certificate in certificate chain"), {
      code: "SELF_SIGNED_CERT_IN_CHAIN",
    }),
  }),
});

describe("translateHttpError", () => {
  it.each([
    {
      why: "no answer: try again",
      thrown: new HttpRequestError("x", { failure: "unreachable" }),
      code: "UNREACHABLE",
      reason: "ClusterUnreachable",
      isRetryable: true,
    },
    {
      why: "no answer in time: try again",
      thrown: new HttpRequestError("x", { failure: "timeout" }),
      code: "TIMEOUT",
      reason: "ClusterUnreachable",
      isRetryable: true,
    },
    {
      why: "an untrusted certificate: fix the trust, retrying cannot help",
      thrown: tlsError,
      code: "SELF_SIGNED_CERT_IN_CHAIN",
      reason: "TlsVerificationFailed",
      isRetryable: false,
    },
    {
      why: "an answer of the wrong shape: a bug or a new server, retried and logged",
      thrown: new HttpRequestError("x", { failure: "invalidBody", status: 200 }),
      code: "INVALID_RESPONSE",
      reason: "Unexpected",
      isRetryable: true,
    },
    {
      why: "a refused credential: waits for the Secret to change",
      thrown: statusError(401),
      code: "HTTP_401",
      reason: "AuthenticationFailed",
      isRetryable: false,
    },
    {
      why: "a missing permission",
      thrown: statusError(403),
      code: "HTTP_403",
      reason: "AuthorizationFailed",
      isRetryable: false,
    },
    {
      why: "a rejected request",
      thrown: statusError(409),
      code: "HTTP_409",
      reason: "RequestRejected",
      isRetryable: false,
    },
    {
      why: "rate limiting: try again later",
      thrown: statusError(429),
      code: "HTTP_429",
      reason: "ClusterUnreachable",
      isRetryable: true,
    },
    {
      why: "a server error: try again",
      thrown: statusError(500),
      code: "HTTP_500",
      reason: "ClusterUnreachable",
      isRetryable: true,
    },
    {
      why: "anything else is a bug",
      thrown: new RangeError("x"),
      code: "RangeError",
      reason: "Unexpected",
      isRetryable: true,
    },
  ])("$why", ({ thrown, code, reason, isRetryable }) => {
    const translated = translateHttpError(
      thrown,
      "list cluster links",
      "Confluent REST at https://kafka:8090/kafka",
    );
    expect(translated.code).toBe(code);
    expect(translated.error).toMatchObject({ reason, isRetryable });
    expect(translated.error.message).toMatch(
      /^Cannot list cluster links: Confluent REST at https:\/\/kafka:8090\/kafka /,
    );
  });

  it("keeps the server's message with the secrets scrubbed out", () => {
    const { error } = translateHttpError(
      statusError(400, "bad value hunter2 for ssl.key.password"),
      "create link",
      "REST",
      {
        secrets: ["hunter2"],
      },
    );
    expect(error.message).toBe(
      "Cannot create link: REST rejected the request (400): bad value [redacted] for ssl.key.password",
    );
  });
});

describe("scrub", () => {
  it.each([
    {
      why: "every occurrence goes",
      text: "a s3 b s3",
      secrets: ["s3"],
      expected: "a [redacted] b [redacted]",
    },
    {
      why: "a secret holding another is replaced whole",
      text: "x=abcdef",
      secrets: ["abc", "abcdef"],
      expected: "x=[redacted]",
    },
    { why: "an empty secret changes nothing", text: "plain", secrets: [""], expected: "plain" },
  ])("$why", ({ text, secrets, expected }) => {
    expect(scrub(text, secrets)).toBe(expected);
  });
});
