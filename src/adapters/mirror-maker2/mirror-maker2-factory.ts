// The `mirrorMaker2` backend as the ClusterLink kind asks for it: a MirrorMaker2Backend per
// ConnectCluster client, reading mirrors and their lag through the KafkaAdmin port, and the
// link's ACL needs (link-access.ts). An end of the link without a KafkaCluster is one the
// operator holds no credential for: its topics are not listed and its offsets not read, so
// only named mirrors are shown there, without lag.
import type { KafkaAdmin } from "../../ports/kafka-admin.ts";
import type { DesiredLink } from "../../ports/link-backend.ts";
import type { ConnectWorkers, LinkBackendFactory } from "../../ports/link-backend-factory.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { mirrorMaker2Access } from "./link-access.ts";
import { MirrorMaker2Backend, type TopicOffsets } from "./mirror-maker2-backend.ts";

const UNKNOWN: TopicOffsets = {
  listTopics: async () => [],
  endOffsets: async () => new Map(),
};

/** Topics and end offsets of a KafkaCluster, read with the operator's own credential. */
function topicOffsetsOf(admin: KafkaAdmin, cluster: string): TopicOffsets {
  return {
    listTopics: () => admin.listTopics(cluster),
    async endOffsets(topics) {
      const ends = new Map<string, Map<number, number>>();
      if (topics.length === 0) return ends;
      for (const { topic, partition, offset } of await admin.fetchEndOffsets(cluster, topics)) {
        const partitions = ends.get(topic) ?? new Map<number, number>();
        partitions.set(partition, Number(offset));
        ends.set(topic, partitions);
      }
      return ends;
    },
  };
}

function workersOf(workers: ConnectWorkers | undefined): ConnectWorkers {
  if (workers) return workers;
  throw new OperatorError("A MirrorMaker 2 link needs a ConnectCluster to run its connectors", {
    reason: "LinkSpecUnsupported",
    isRetryable: false,
  });
}

export function mirrorMaker2BackendFactory({ kafkaAdmin }: { kafkaAdmin: KafkaAdmin }): LinkBackendFactory {
  const offsetsOf = (endpoint: DesiredLink["source"] | DesiredLink["destination"]) =>
    endpoint.kafkaCluster === undefined ? UNKNOWN : topicOffsetsOf(kafkaAdmin, endpoint.kafkaCluster);
  return {
    accessOf: (link, { workers }) => mirrorMaker2Access(link, workersOf(workers)),
    backendOf({ workers, connect }) {
      if (!connect) throw new Error("a MirrorMaker 2 backend needs its ConnectCluster's client");
      return new MirrorMaker2Backend({
        connect,
        workers: workersOf(workers),
        topicOffsetsOf: offsetsOf,
      });
    },
  };
}
