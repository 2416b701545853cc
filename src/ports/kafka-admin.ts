// What the operator reads of a Kafka cluster's topics and consumer groups: what a cluster
// link's status and checks need (mirror topics and their partitions, how far a mirror lags,
// which consumer offsets were migrated). Read-only: no kind creates or deletes topics (MM2 and
// Cluster Linking make their mirror topics themselves). `cluster` is a KafkaCluster's
// "namespace/name". Failures reject with an OperatorError (ClusterUnreachable,
// AuthenticationFailed, AuthorizationFailed, TlsVerificationFailed, RequestRejected, Unexpected).

export interface PartitionDescription {
  readonly partition: number;
  /** Broker id of the leader; -1 when the partition has none. */
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

export interface TopicDescription {
  readonly name: string;
  /** Sorted by partition. */
  readonly partitions: readonly PartitionDescription[];
}

export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/**
 * Kafka's group states. `Dead`: the group does not exist (never had members or offsets, or
 * was removed); `Empty`: no members, but committed offsets may remain; `Unknown`: a state this
 * client cannot name.
 */
export type ConsumerGroupState =
  | "Empty"
  | "Stable"
  | "PreparingRebalance"
  | "CompletingRebalance"
  | "Dead"
  | "Unknown";

export interface ConsumerGroupDescription {
  readonly groupId: string;
  readonly state: ConsumerGroupState;
  /** "consumer" for consumer groups, "connect" for Connect workers; "" for a group without members. */
  readonly protocolType: string;
  readonly memberCount: number;
}

export interface KafkaAdmin {
  /** Names of every topic the operator's principal may describe, internal topics included. */
  listTopics(cluster: string): Promise<string[]>;
  /** The named topics with their partitions; topics that do not exist are left out. */
  describeTopics(cluster: string, topics: readonly string[]): Promise<TopicDescription[]>;
  /**
   * The log end offset (high watermark) of every partition of the named topics, by topic then
   * partition; absent topics are left out.
   */
  fetchEndOffsets(cluster: string, topics: readonly string[]): Promise<PartitionOffset[]>;
  /**
   * The offsets `groupId` committed, for the named topics or all when `topics` is absent;
   * partitions without a committed offset are left out (so an unknown group has none). Kafka
   * leaves out topics the principal may not describe; a group it may not describe rejects
   * with AuthorizationFailed.
   */
  fetchCommittedOffsets(
    cluster: string,
    groupId: string,
    topics?: readonly string[],
  ): Promise<PartitionOffset[]>;
  /** One description per group id, in order; an unknown group is `Dead` with no members. */
  describeConsumerGroups(cluster: string, groupIds: readonly string[]): Promise<ConsumerGroupDescription[]>;
}
