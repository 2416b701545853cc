// A deleted KafkaCluster leaves nothing behind on the Kafka side: after `forget`, its
// connections are gone and a KafkaCluster created again under the same name, pointing at
// another cluster, is read afresh: no ACL answered from the old cluster's describe cache.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { KafkaClusterInfo } from "../../local-stack/kafka.ts";
import type { AclBinding } from "../../src/access/acl-binding.ts";
import { bindingKey } from "../../src/access/acl-binding.ts";
import { KafkaAdapters } from "../../src/adapters/kafka/kafka-adapters.ts";
import { createRootLogger } from "../../src/observability/logger.ts";
import type { AclCall } from "../../src/ports/acl-store.ts";
import { useStack } from "./use-stack.ts";

const stack = await useStack("connect");
const { source, destination } = stack.kafka;
const CLUSTER = "kafka/moving";
const run = randomBytes(4).toString("hex");
const calls: AclCall[] = [];
const adapters = new KafkaAdapters({
  logger: createRootLogger({ level: "silent" }),
  aclStore: { resyncPeriodMs: 60_000, maxDelayMs: 10, recorder: { record: (call) => calls.push(call) } },
});
const targetOf = (cluster: KafkaClusterInfo) => ({
  brokers: [cluster.bootstrap.scram],
  credential: {
    securityProtocol: "SASL_PLAINTEXT" as const,
    sasl: {
      mechanism: "SCRAM-SHA-512" as const,
      username: "kao-admin",
      password: cluster.scramUsers["kao-admin"]!,
    },
    contentHash: cluster.name,
  },
});
const marker: AclBinding = {
  resourceType: "topic",
  resourceName: `forget-${run}`,
  patternType: "literal",
  principal: `User:forget-${run}`,
  host: "*",
  operation: "Read",
  permission: "allow",
};

afterAll(async () => {
  await adapters.probe(CLUSTER, targetOf(source));
  await adapters.aclStore.deleteBindings(CLUSTER, [marker]);
  await adapters.closeAll();
});

describe("KafkaAdapters.forget", () => {
  it("drops the cluster's connections and ACL cache, so the name starts afresh on another cluster", async () => {
    expect((await adapters.probe(CLUSTER, targetOf(source))).clusterId).toBe(source.clusterId);
    await adapters.aclStore.createBindings(CLUSTER, [marker]);
    expect((await adapters.aclStore.describeAll(CLUSTER)).has(bindingKey(marker))).toBe(true);

    await adapters.forget(CLUSTER);
    await expect(adapters.connections.admin(CLUSTER, { waitMs: 0 })).rejects.toMatchObject({
      reason: "ClusterUnreachable",
    });

    // The KafkaCluster comes back under the same name, on the destination cluster.
    expect((await adapters.probe(CLUSTER, targetOf(destination))).clusterId).toBe(destination.clusterId);
    const describesBefore = calls.filter((c) => c.api === "DescribeAcls").length;
    // Within the resync period: only a forgotten cache makes this a fresh read.
    const described = await adapters.aclStore.describeAll(CLUSTER);
    expect(calls.filter((c) => c.api === "DescribeAcls").length).toBe(describesBefore + 1);
    expect(described.has(bindingKey(marker))).toBe(false);
    expect(await adapters.topicAdmin.listTopics(CLUSTER)).toContain(stack.connect.configTopic);
  });
});
