import { describe, expect, it } from "vitest";
import { MissingSecretError } from "../ports/secret-source.ts";
import { aclBackendOf, type KafkaClusterLike, mdsTargetOf } from "./acl-backends.ts";

const secrets: Record<string, Record<string, Buffer>> = {
  mds: { password: Buffer.from("s3cret"), token: Buffer.from("t0ken") },
};
const lookup = (ref: { name: string; key: string }, purpose: string) => {
  const value = secrets[ref.name]?.[ref.key];
  if (value === undefined) {
    throw new MissingSecretError("SecretNotFound", `Secret "${ref.name}" (${purpose}) does not exist`);
  }
  return value;
};

const cluster = (
  confluent: unknown,
  clusterId: string | null = "7JKdudfzj8waZ-aV9Ybqdw",
): KafkaClusterLike => ({
  metadata: { namespace: "kafka-system", name: "cp" },
  spec: {
    bootstrapServers: ["kafka:9092"],
    credentials: { securityProtocol: "PLAINTEXT" },
    aclBackend: "confluentMds",
    confluent,
  },
  status: clusterId === null ? {} : { clusterId },
});

describe("aclBackendOf", () => {
  it.each([
    {
      why: "a cluster asking for centralized ACLs",
      object: cluster({ mdsEndpoint: "https://mds:8090" }),
      expected: "confluentMds",
    },
    {
      why: "a cluster with the default backend",
      object: { spec: { bootstrapServers: ["k:9092"] } },
      expected: "kafka",
    },
    {
      why: "a cluster that is gone (its last ACL calls still reach Kafka's store, which says why)",
      object: undefined,
      expected: "kafka",
    },
  ])("names the store of $why", ({ object, expected }) => {
    expect(aclBackendOf(object)).toBe(expected);
  });
});

describe("mdsTargetOf", () => {
  it("signs in with basic credentials at the login endpoint, scoped to the reported cluster id", () => {
    const target = mdsTargetOf(
      "kafka-system/cp",
      cluster({
        mdsEndpoint: "https://mds:8090",
        mdsCredentials: { basic: { username: "operator", password: { name: "mds", key: "password" } } },
      }),
      lookup,
    );
    expect(target).toMatchObject({
      baseUrl: "https://mds:8090",
      auth: { type: "login", username: "operator", password: "s3cret" },
      kafkaClusterId: "7JKdudfzj8waZ-aV9Ybqdw",
    });
  });

  it("changes its fingerprint when a referenced Secret changes", () => {
    const object = cluster({
      mdsEndpoint: "https://mds:8090",
      mdsCredentials: { bearer: { token: { name: "mds", key: "token" } } },
    });
    const before = mdsTargetOf("kafka-system/cp", object, lookup);
    const after = mdsTargetOf("kafka-system/cp", object, () => Buffer.from("rotated"));
    expect(before.auth).toEqual({ type: "bearer", token: "t0ken" });
    expect(after.fingerprint).not.toBe(before.fingerprint);
  });

  it.each([
    {
      why: "the KafkaCluster is gone",
      object: undefined,
      reason: "ClusterUnreachable",
      message: /does not exist/,
    },
    {
      why: "it names no MDS endpoint",
      object: cluster({}),
      reason: "InvalidSpec",
      message: /no usable confluent.mdsEndpoint/,
    },
    {
      why: "it has not reported its cluster id yet",
      object: cluster({ mdsEndpoint: "https://mds:8090" }, null),
      reason: "ClusterUnreachable",
      message: /not reported a cluster id/,
    },
    {
      why: "a referenced Secret is missing",
      object: cluster({
        mdsEndpoint: "https://mds:8090",
        mdsCredentials: { bearer: { token: { name: "absent", key: "token" } } },
      }),
      reason: "SecretNotFound",
      message: /Secret "absent"/,
    },
  ])("refuses when $why", ({ object, reason, message }) => {
    expect(() => mdsTargetOf("kafka-system/cp", object, lookup)).toThrow(
      expect.objectContaining({ reason, message: expect.stringMatching(message) }),
    );
  });
});
