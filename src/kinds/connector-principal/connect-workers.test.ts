import { describe, expect, it } from "vitest";
import { connectWorkersOf } from "./connect-workers.ts";

const spec = (fields: object = {}) => ({
  kafkaClusterRef: { name: "destination" },
  groupId: "connect-cluster",
  ...fields,
});
const workersOf = (fields: object = {}) =>
  connectWorkersOf({ name: "kafka-system/connect", spec: spec(fields) }, "team-a");

describe("connectWorkersOf", () => {
  it.each([
    {
      why: "the Kubernetes Secret provider names Secrets of the principal's namespace, by default",
      fields: {},
      provider: { kind: "kubernetesSecrets", name: "secrets", namespace: "team-a" },
    },
    {
      why: "a directory provider reads where the workers mount Secrets",
      fields: { configProvider: { name: "dir", kind: "directory" }, secretMountPath: "/mnt/secrets" },
      provider: { kind: "directory", name: "dir", root: "/mnt/secrets" },
    },
  ])("passes Secrets through $why", ({ fields, provider }) => {
    const workers = workersOf(fields);
    expect(workers.isUsable && workers.workers.provider).toEqual(provider);
  });

  it.each([
    {
      why: "a ConnectCluster's own namespace when its KafkaCluster reference names none",
      fields: {},
      kafkaCluster: "kafka-system/destination",
    },
    {
      why: "the namespace its reference names",
      fields: { kafkaClusterRef: { name: "destination", namespace: "platform" } },
      kafkaCluster: "platform/destination",
    },
  ])("finds the KafkaCluster in $why", ({ fields, kafkaCluster }) => {
    expect(workersOf(fields)).toMatchObject({ isUsable: true, kafkaCluster });
  });

  it("takes the workers' group and offsets topic, with Connect's default topic", () => {
    expect(workersOf()).toMatchObject({
      workers: { groupId: "connect-cluster", offsetTopic: "connect-offsets", mounts: undefined },
    });
    expect(workersOf({ offsetTopic: "team-offsets" })).toMatchObject({
      workers: { offsetTopic: "team-offsets" },
    });
  });

  it("names a Secret key's file as the workers mount it", () => {
    const workers = workersOf({ secretMountPath: "/mnt/secrets" });
    expect(workers.isUsable && workers.workers.mounts?.pathOf({ name: "kt", key: "keytab" })).toBe(
      "/mnt/secrets/kt/keytab",
    );
  });

  it.each([
    {
      why: "a FileConfigProvider cannot name a Secret key",
      fields: { configProvider: { name: "file", kind: "file" } },
      reason: "ConfigProviderUnsupported",
    },
    {
      why: "a directory provider needs to know where Secrets are mounted",
      fields: { configProvider: { name: "dir", kind: "directory" } },
      reason: "SecretMountUnknown",
    },
    {
      why: "a spec without the workers' group cannot be read",
      fields: { groupId: undefined },
      reason: "ConnectClusterNotReady",
    },
  ])("refuses when $why", ({ fields, reason }) => {
    expect(workersOf(fields)).toMatchObject({ isUsable: false, reason });
  });
});
