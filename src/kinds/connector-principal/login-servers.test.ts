import { describe, expect, it } from "vitest";
import { loginServers } from "./login-servers.ts";

const kafkaClusterServers = ["broker-0:9094"];

describe("loginServers", () => {
  it.each<{
    why: string;
    specServers: string[] | undefined;
    connectorConfig: Record<string, string> | undefined;
    expected: ReturnType<typeof loginServers>;
  }>([
    {
      why: "the spec's servers win: the overrides name them too",
      specServers: ["broker-0:9096"],
      connectorConfig: { "consumer.override.bootstrap.servers": "broker-0:9095" },
      expected: { servers: ["broker-0:9096"], from: "spec" },
    },
    {
      why: "a sink's own consumer override is where its clients log in",
      specServers: undefined,
      connectorConfig: { "consumer.override.bootstrap.servers": "broker-0:9095, broker-1:9095" },
      expected: { servers: ["broker-0:9095", "broker-1:9095"], from: "connector" },
    },
    {
      why: "a source's producer override is where its clients log in",
      specServers: undefined,
      connectorConfig: { "producer.override.bootstrap.servers": "broker-0:9095" },
      expected: { servers: ["broker-0:9095"], from: "connector" },
    },
    {
      why: "a blank override names no server",
      specServers: undefined,
      connectorConfig: { "consumer.override.bootstrap.servers": " " },
      expected: { servers: kafkaClusterServers, from: "kafkaCluster" },
    },
    {
      why: "a connector that does not exist yet leaves the KafkaCluster's",
      specServers: undefined,
      connectorConfig: undefined,
      expected: { servers: kafkaClusterServers, from: "kafkaCluster" },
    },
  ])("$why", ({ specServers, connectorConfig, expected }) => {
    expect(loginServers({ specServers, connectorConfig, kafkaClusterServers })).toEqual(expected);
  });
});
