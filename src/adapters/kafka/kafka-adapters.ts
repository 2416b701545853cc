// The Kafka side of the operator, per KafkaCluster: its connections, its ACL store (describe
// cache and write batcher) and its topic queries, built together so that one call lets go of
// all of them. It is the ClusterProbe the KafkaCluster kind calls: `forget` runs when a
// KafkaCluster is deleted, and a KafkaCluster created again under its name starts afresh.
import type { Logger } from "pino";
import type { ClusterFacts, ClusterProbe, ClusterTarget } from "../../ports/cluster-probe.ts";
import { KafkaAclStore, type KafkaAclStoreOptions } from "./acl-store.ts";
import { KafkaConnections } from "./kafka-connections.ts";
import { KafkaTopicAdmin } from "./kafka-topic-admin.ts";

export class KafkaAdapters implements ClusterProbe {
  readonly connections: KafkaConnections;
  readonly aclStore: KafkaAclStore;
  readonly topicAdmin: KafkaTopicAdmin;

  constructor({
    logger,
    clientId,
    aclStore,
  }: {
    logger: Logger;
    clientId?: string;
    aclStore: Omit<KafkaAclStoreOptions, "adminFor">;
  }) {
    const connections = new KafkaConnections({ logger, ...(clientId ? { clientId } : {}) });
    this.connections = connections;
    this.aclStore = new KafkaAclStore({ ...aclStore, adminFor: (cluster) => connections.admin(cluster) });
    this.topicAdmin = new KafkaTopicAdmin({
      adminFor: (cluster) => connections.admin(cluster, { purpose: "topics" }),
      dropAdmin: (cluster) => connections.dropAdmin(cluster, "topics"),
    });
  }

  probe(cluster: string, target: ClusterTarget): Promise<ClusterFacts> {
    return this.connections.probe(cluster, target);
  }

  /** Drops the cluster's ACL cache, write batcher and connections (writes already queued still complete). */
  async forget(cluster: string): Promise<void> {
    this.aclStore.forget(cluster);
    await this.connections.forget(cluster);
  }

  closeAll(): Promise<void> {
    return this.connections.closeAll();
  }
}
