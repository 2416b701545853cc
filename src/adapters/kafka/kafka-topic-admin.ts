// The KafkaAdmin port over kafkajs: topic metadata, end offsets, committed offsets and group
// descriptions of a KafkaCluster, through the Admin its connections keep for topic queries.
// Every failure is translated by kafka-error.ts. An Admin that met a deleted topic is dropped
// and the call tried once more on a fresh one, since kafkajs would fail every later metadata
// refresh of the old one (see kafka-connections.ts).
import type { Admin } from "kafkajs";
import type {
  ConsumerGroupDescription,
  KafkaAdmin,
  PartitionOffset,
  TopicDescription,
} from "../../ports/kafka-admin.ts";
import { translateKafkaError } from "./kafka-error.ts";

/**
 * Loads the cluster's brokers into a fresh Admin: kafkajs looks for a group's coordinator
 * among the brokers it knows, and a new Admin knows none until it reads metadata.
 */
async function loadBrokers(admin: Admin): Promise<void> {
  await admin.describeCluster();
}

export interface KafkaTopicAdminOptions {
  /** A connected Admin for topic queries on `cluster` ("namespace/name" of its KafkaCluster). */
  readonly adminFor: (cluster: string) => Promise<Admin>;
  /** Drops that Admin, so the next call builds a fresh one. */
  readonly dropAdmin: (cluster: string) => Promise<void>;
}

export class KafkaTopicAdmin implements KafkaAdmin {
  readonly #options: KafkaTopicAdminOptions;

  constructor(options: KafkaTopicAdminOptions) {
    this.#options = options;
  }

  listTopics(cluster: string): Promise<string[]> {
    return this.#call(cluster, "list topics", (admin) => admin.listTopics());
  }

  describeTopics(cluster: string, topics: readonly string[]): Promise<TopicDescription[]> {
    return this.#call(cluster, `describe ${topics.length} topic(s)`, (admin) =>
      this.#describe(admin, topics),
    );
  }

  fetchEndOffsets(cluster: string, topics: readonly string[]): Promise<PartitionOffset[]> {
    return this.#call(cluster, `read the end offsets of ${topics.length} topic(s)`, async (admin) => {
      // Only topics that exist: asking kafkajs for an absent topic's offsets fails the call.
      const existing = await this.#describe(admin, topics);
      const offsets = await Promise.all(
        existing.map(async ({ name }) =>
          (await admin.fetchTopicOffsets(name))
            .map((entry) => ({ topic: name, partition: entry.partition, offset: BigInt(entry.high) }))
            .sort((a, b) => a.partition - b.partition),
        ),
      );
      return offsets.flat();
    });
  }

  fetchCommittedOffsets(
    cluster: string,
    groupId: string,
    topics?: readonly string[],
  ): Promise<PartitionOffset[]> {
    return this.#call(cluster, `read the offsets of group "${groupId}"`, async (admin) => {
      await loadBrokers(admin);
      // Without topics kafkajs asks the coordinator for all of them and tracks none (see the header).
      const committed = await admin.fetchOffsets({ groupId });
      const wanted = topics ? new Set(topics) : undefined;
      return committed
        .filter(({ topic }) => wanted === undefined || wanted.has(topic))
        .flatMap(({ topic, partitions }) =>
          partitions
            // -1: no offset committed for the partition.
            .filter(({ offset }) => offset !== "-1")
            .map(({ partition, offset }) => ({ topic, partition, offset: BigInt(offset) })),
        );
    });
  }

  describeConsumerGroups(cluster: string, groupIds: readonly string[]): Promise<ConsumerGroupDescription[]> {
    return this.#call(cluster, `describe ${groupIds.length} consumer group(s)`, async (admin) => {
      if (groupIds.length === 0) return [];
      await loadBrokers(admin);
      const { groups } = await admin.describeGroups([...groupIds]);
      const byId = new Map(groups.map((group) => [group.groupId, group]));
      return groupIds.map((groupId) => {
        const group = byId.get(groupId);
        return {
          groupId,
          state: group?.state ?? "Dead",
          protocolType: group?.protocolType ?? "",
          memberCount: group?.members.length ?? 0,
        };
      });
    });
  }

  async #describe(admin: Admin, topics: readonly string[]): Promise<TopicDescription[]> {
    if (topics.length === 0) return [];
    // All topics in one metadata request: naming an absent topic would fail the request.
    const { topics: described } = await admin.fetchTopicMetadata();
    const byName = new Map(described.map((topic) => [topic.name, topic]));
    return [...new Set(topics)].flatMap((name) => {
      const topic = byName.get(name);
      if (!topic) return [];
      const partitions = topic.partitions
        .map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr }))
        .sort((a, b) => a.partition - b.partition);
      return [{ name, partitions }];
    });
  }

  /** Runs `run` on the cluster's topic Admin; once more on a fresh one if a tracked topic was deleted. */
  async #call<T>(cluster: string, action: string, run: (admin: Admin) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(await this.#options.adminFor(cluster));
      } catch (thrown) {
        const { error, code } = translateKafkaError(thrown, action, cluster);
        if (code !== "UNKNOWN_TOPIC_OR_PARTITION") throw error;
        await this.#options.dropAdmin(cluster);
        if (attempt === 2) throw error;
      }
    }
  }
}
