// The KafkaAdmin port on the real source cluster, through the connection the operator keeps for
// a KafkaCluster (its admin logs in over SCRAM): topics and partitions, end offsets, committed
// offsets and group states as a cluster link's status reads them; absent topics and groups are
// answers, not errors; a deleted topic the client tracked breaks neither later topic queries
// nor the ACL store sharing the cluster; a principal without access gets AuthorizationFailed.
import { randomBytes } from "node:crypto";
import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KafkaAdapters } from "../../src/adapters/kafka/kafka-adapters.ts";
import { KafkaTopicAdmin } from "../../src/adapters/kafka/kafka-topic-admin.ts";
import { createRootLogger } from "../../src/observability/logger.ts";
import { useStack } from "./use-stack.ts";

const { source } = (await useStack("kafka")).kafka;
const CLUSTER = "kafka/source";
const run = randomBytes(4).toString("hex");
const topic = `mirror-${run}`;
const group = `link-${run}`;

const raw = new kafkajs.Kafka({
  clientId: "topic-admin-test",
  brokers: [source.bootstrap.plaintext],
  logLevel: kafkajs.logLevel.NOTHING,
});
const setup = raw.admin();
const adapters = new KafkaAdapters({
  logger: createRootLogger({ level: "silent" }),
  aclStore: { resyncPeriodMs: 60_000 },
});
const admin = adapters.topicAdmin;

/** Creates `name` with `counts[i]` records in partition i. */
async function topicWithRecords(name: string, counts: readonly number[]) {
  await setup.createTopics({ topics: [{ topic: name, numPartitions: counts.length }], waitForLeaders: true });
  // Idempotent: a retried send under load must not write a record twice.
  const producer = raw.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic: name,
    messages: counts.flatMap((count, partition) =>
      Array.from({ length: count }, (_, i) => ({ partition, value: `${partition}-${i}` })),
    ),
  });
  await producer.disconnect();
}

beforeAll(async () => {
  await setup.connect();
  await adapters.probe(CLUSTER, {
    brokers: [source.bootstrap.scram],
    credential: {
      securityProtocol: "SASL_PLAINTEXT",
      sasl: { mechanism: "SCRAM-SHA-512", username: "kao-admin", password: source.scramUsers["kao-admin"]! },
      contentHash: "kao-admin",
    },
  });
  await topicWithRecords(topic, [5, 3, 0]);
  await setup.setOffsets({
    groupId: group,
    topic,
    partitions: [
      { partition: 0, offset: "2" },
      { partition: 1, offset: "3" },
    ],
  });
});

afterAll(async () => {
  await setup.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await setup.disconnect();
  await adapters.closeAll();
});

describe("KafkaTopicAdmin on the source cluster", () => {
  it("lists the topic and describes its partitions, leaving an absent topic out", async () => {
    expect(await admin.listTopics(CLUSTER)).toContain(topic);
    expect(await admin.describeTopics(CLUSTER, [topic, `absent-${run}`])).toEqual([
      {
        name: topic,
        partitions: [0, 1, 2].map((partition) => ({ partition, leader: 1, replicas: [1], isr: [1] })),
      },
    ]);
  });

  it("reads each partition's end offset, leaving an absent topic out", async () => {
    expect(await admin.fetchEndOffsets(CLUSTER, [topic, `absent-${run}`])).toEqual([
      { topic, partition: 0, offset: 5n },
      { topic, partition: 1, offset: 3n },
      { topic, partition: 2, offset: 0n },
    ]);
  });

  it("reads the offsets a group committed, only for partitions that have one", async () => {
    expect(await admin.fetchCommittedOffsets(CLUSTER, group, [topic])).toEqual([
      { topic, partition: 0, offset: 2n },
      { topic, partition: 1, offset: 3n },
    ]);
    expect(await admin.fetchCommittedOffsets(CLUSTER, group, [`other-${run}`])).toEqual([]);
    expect(await admin.fetchCommittedOffsets(CLUSTER, `unknown-${run}`)).toEqual([]);
  });

  it("describes a group with offsets and no members as Empty, and an unknown group as Dead", async () => {
    expect(await admin.describeConsumerGroups(CLUSTER, [group, `unknown-${run}`])).toEqual([
      expect.objectContaining({ groupId: group, state: "Empty", memberCount: 0 }),
      { groupId: `unknown-${run}`, state: "Dead", protocolType: "", memberCount: 0 },
    ]);
  });

  it("keeps answering after a topic it read offsets of is deleted, and so does the ACL store", async () => {
    const doomed = `doomed-${run}`;
    await topicWithRecords(doomed, [1]);
    expect(await admin.fetchEndOffsets(CLUSTER, [doomed])).toEqual([
      { topic: doomed, partition: 0, offset: 1n },
    ]);
    await setup.deleteTopics({ topics: [doomed] });
    await expect.poll(() => admin.listTopics(CLUSTER), { timeout: 30_000 }).not.toContain(doomed);

    expect(await admin.fetchEndOffsets(CLUSTER, [topic, doomed])).toHaveLength(3);
    expect(await admin.describeTopics(CLUSTER, [doomed])).toEqual([]);
    await expect(adapters.aclStore.describeAll(CLUSTER, { maxAgeMs: 0 })).resolves.toBeDefined();
  });

  it("reports AuthorizationFailed for a group the principal may not describe, and hides its topics", async () => {
    // alice logs in over SCRAM but holds no ACL on the source cluster.
    const alice = new kafkajs.Kafka({
      clientId: "topic-admin-test-alice",
      brokers: [source.bootstrap.scram],
      sasl: { mechanism: "scram-sha-512", username: "alice", password: source.scramUsers.alice! },
      logLevel: kafkajs.logLevel.NOTHING,
      retry: { retries: 0 },
    }).admin();
    await alice.connect();
    try {
      const asAlice = new KafkaTopicAdmin({ adminFor: async () => alice, dropAdmin: async () => undefined });
      await expect(asAlice.fetchCommittedOffsets(CLUSTER, group)).rejects.toMatchObject({
        reason: "AuthorizationFailed",
        message: `Cannot read the offsets of group "${group}" on cluster "${CLUSTER}": no broker named the group's coordinator; the operator's principal may not describe the group (or its coordinator is still loading)`,
      });
      // Topics it may not describe are hidden by Kafka itself: absent, not an error.
      expect(await asAlice.describeTopics(CLUSTER, [topic])).toEqual([]);
    } finally {
      await alice.disconnect();
    }
  });
});
