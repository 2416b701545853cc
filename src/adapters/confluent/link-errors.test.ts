import { describe, expect, it } from "vitest";
import { LinkChangesIncompleteError } from "../../ports/link-backend.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { HttpRequestError } from "../http/json-http-client.ts";
import { asLinkError, isPasswordEncoderMissing, secretsRefused, stoppedAfter } from "./link-errors.ts";

const refused = (serverMessage: string) =>
  new OperatorError(`Cannot create cluster link "l": rejected the request (400): ${serverMessage}`, {
    reason: "RequestRejected",
    isRetryable: false,
    cause: new HttpRequestError("400", { failure: "status", status: 400, serverMessage }),
  });

describe("isPasswordEncoderMissing", () => {
  it.each([
    { why: "Kafka's own words", message: "Password encoder secret not configured", is: true },
    {
      why: "the config's name",
      message: "Cannot encrypt sasl.jaas.config: password.encoder.secret is not set",
      is: true,
    },
    { why: "any other refused config", message: "Invalid value x for configuration acl.sync.ms", is: false },
  ])("$why: $is", ({ message, is }) => {
    expect(isPasswordEncoderMissing(refused(message))).toBe(is);
  });
});

describe("secretsRefused", () => {
  it("says which cluster's brokers need password.encoder.secret, keeping what the server said", () => {
    const error = secretsRefused(refused("Password encoder secret not configured"), "kafka/destination");
    expect(error).toMatchObject({ reason: "PasswordEncoderSecretMissing", isRetryable: false });
    expect((error as Error).message).toMatch(
      /Password encoder secret not configured\. The brokers of KafkaCluster "kafka\/destination" have no password\.encoder\.secret/,
    );
  });

  it("leaves any other failure as it is", () => {
    const other = refused("Invalid value");
    expect(secretsRefused(other, "kafka/destination")).toBe(other);
  });
});

describe("stoppedAfter", () => {
  it("names a refused request ConfluentRejected, and carries the changes made before it", () => {
    const changes = [{ part: 'cluster link "l"', outcome: "created" as const }];
    const error = stoppedAfter(refused("no"), changes);
    expect(error).toBeInstanceOf(LinkChangesIncompleteError);
    expect(error).toMatchObject({ reason: "ConfluentRejected", isRetryable: false, changes });
    expect(stoppedAfter(refused("no"), [])).not.toBeInstanceOf(LinkChangesIncompleteError);
  });

  it("carries the record of configs written before it stopped, and none when it stopped before they were", () => {
    const changes = [{ part: 'mirror topic "orders"', outcome: "created" as const }];
    const record = { secretsHash: "h", configKeys: [] };
    expect(stoppedAfter(refused("no"), changes, record)).toMatchObject({ record });
    expect(stoppedAfter(refused("no"), changes)).toMatchObject({ record: undefined });
  });

  it("turns anything but an OperatorError into Unexpected", () => {
    expect(asLinkError(new TypeError("x"))).toMatchObject({ reason: "Unexpected", isRetryable: true });
  });
});
