// The one catalog of which ACLs each kind of principal needs, as data, each row citing the
// public source it comes from. Reconcilers never write ACL requirements by hand: they ask the
// role functions in access-roles.ts, which pick rows and fill in names.
//
// A row marked `unverified` is not stated by its source as written here (inferred, or from a
// table the source cuts off); role functions include such rows only behind an option, and
// every requirement carries its row's verification so status can flag it.
import { ANY_HOST } from "./acl-binding.ts";
import {
  CLUSTER_RESOURCE_NAME,
  type Operation,
  type PatternType,
  type ResourceType,
} from "./acl-vocabulary.ts";

export type Verification = "documented" | "unverified";

/** Where a grant's resource names come from; role functions fill each slot. */
export type NameSlot =
  | "topics"
  | "groups"
  | "mirrorTopics"
  | "remoteTopics"
  | "checkpointsTopic"
  | "offsetSyncsTopic"
  | "heartbeatsTopic"
  | "internalTopics"
  | "workerGroup"
  | "sinkGroup"
  | "dlqTopic"
  | "reporterTopics"
  | "transactionalIds"
  | "connectorOffsetsTopic";

export type CatalogGrant =
  | { readonly resourceType: "cluster"; readonly operations: readonly Operation[] }
  | {
      readonly resourceType: Exclude<ResourceType, "cluster">;
      readonly names: NameSlot;
      readonly operations: readonly Operation[];
    };

export interface CatalogRow {
  readonly who: string;
  readonly where: string;
  readonly purpose: string;
  readonly grants: readonly CatalogGrant[];
  readonly source: string;
  readonly verification: Verification;
  readonly note?: string;
}

const CONFLUENT_LINK_SECURITY =
  "Confluent Platform docs, Cluster Linking Security, “Authorization (ACLs)” (docs.confluent.io/platform/current/multi-dc-deployments/cluster-linking/security.html)";
const CONFLUENT_CLOUD_LINK_SECURITY =
  "Confluent Cloud docs, Cluster Linking security (docs.confluent.io/cloud/current/multi-cloud/cluster-linking/security-cloud.html)";
const MM2_SOURCES =
  "Apache Kafka MirrorSourceConfig and MirrorCheckpointConfig (connect/mirror); Strimzi docs, securing KafkaMirrorMaker2 connections";
const MM2_OFFSET_SYNCS_NAME =
  "Apache Kafka MirrorSourceConfig.offsetSyncsTopic() and ReplicationPolicy.offsetSyncsTopic(alias) (connect/mirror): the topic is named after the other cluster's alias, the target's on the source and the source's on the target";
const KAFKA_PROTOCOL_ACLS =
  "Apache Kafka docs, Authorization and ACLs, “Operations and Resources on Protocols”: OffsetCommit needs Read on the group and Read on each topic (kafka.apache.org/documentation/#operations_resources_and_protocols)";
const CONNECT_SECURITY =
  "Confluent Platform docs, Kafka Connect Security (docs.confluent.io/platform/current/connect/security.html)";
const CONNECT_EXACTLY_ONCE =
  "Apache Kafka docs, Kafka Connect, exactly-once support for source connectors (KIP-618)";
const KAFKA_ACL_CLI =
  "Apache Kafka docs, Authorization and ACLs, kafka-acls.sh --producer/--consumer (kafka.apache.org/documentation/#security_authz_cli)";

const cluster = (...operations: Operation[]): CatalogGrant => ({ resourceType: "cluster", operations });
const topic = (names: NameSlot, ...operations: Operation[]): CatalogGrant => ({
  resourceType: "topic",
  names,
  operations,
});
const group = (names: NameSlot, ...operations: Operation[]): CatalogGrant => ({
  resourceType: "group",
  names,
  operations,
});

export const REQUIREMENTS_CATALOG = {
  // 1. Cluster link (Confluent Cluster Linking)
  "link.source.mirrorTopics": {
    who: "cluster link principal",
    where: "source",
    purpose: "mirror topics",
    grants: [topic("topics", "Read", "DescribeConfigs")],
    source: CONFLUENT_CLOUD_LINK_SECURITY,
    verification: "documented",
  },
  "link.source.offsetSync": {
    who: "cluster link principal",
    where: "source",
    purpose: "consumer offset sync",
    grants: [topic("topics", "Describe"), group("groups", "Read", "Describe")],
    source: CONFLUENT_CLOUD_LINK_SECURITY,
    verification: "documented",
  },
  "link.source.aclSync": {
    who: "cluster link principal",
    where: "source",
    purpose: "ACL sync (DescribeAcls)",
    grants: [cluster("Describe")],
    source: CONFLUENT_CLOUD_LINK_SECURITY,
    verification: "documented",
  },
  "link.destination.brokers.offsetMigration": {
    who: "destination broker principal",
    where: "destination",
    purpose: "consumer offset migration",
    grants: [topic("topics", "Read"), group("groups", "Read")],
    source: CONFLUENT_LINK_SECURITY,
    verification: "documented",
    note: "The source's table for brokers is cut off after its ALTER row; with offset migration off, brokers need nothing extra.",
  },
  "link.destination.brokers.alterMirrorTopics": {
    who: "destination broker principal",
    where: "destination",
    purpose: "AlterTopicMirrors",
    grants: [topic("mirrorTopics", "Alter")],
    source: CONFLUENT_LINK_SECURITY,
    verification: "unverified",
    note: "Listed as “ALTER Topic (Mirror) AlterTopicMirrors” in the brokers' table, whose end is cut off; not stated as needed for offset migration.",
  },
  "link.destination.createLink": {
    who: "principal creating links",
    where: "destination",
    purpose: "create or alter a link",
    grants: [cluster("Alter")],
    source: CONFLUENT_CLOUD_LINK_SECURITY,
    verification: "documented",
  },
  "link.destination.createMirrors": {
    who: "principal creating mirror topics",
    where: "destination",
    purpose: "create mirror topics",
    grants: [cluster("Alter", "AlterConfigs"), topic("mirrorTopics", "Create")],
    source: CONFLUENT_CLOUD_LINK_SECURITY,
    verification: "documented",
  },
  "link.destination.listMirrors": {
    who: "principal listing mirrors",
    where: "destination",
    purpose: "list mirror topics",
    grants: [cluster("Describe")],
    source: CONFLUENT_CLOUD_LINK_SECURITY,
    verification: "documented",
  },
  "link.destination.promote": {
    who: "principal promoting or failing over mirrors",
    where: "destination",
    purpose: "promote or fail over mirror topics",
    grants: [cluster("Describe"), topic("mirrorTopics", "Alter", "Describe")],
    source: CONFLUENT_CLOUD_LINK_SECURITY,
    verification: "documented",
  },
  "link.destination.aclSync": {
    who: "principal the destination applies synced ACLs as",
    where: "destination",
    purpose: "apply synced ACLs (CreateAcls/DeleteAcls)",
    grants: [cluster("Alter")],
    source: CONFLUENT_CLOUD_LINK_SECURITY,
    verification: "unverified",
    note: "The source names the link, not a principal; the caller chooses which principal gets it.",
  },

  // 2. MirrorMaker 2 on Kafka Connect
  "mm2.source.cluster": {
    who: "MM2 source-side client",
    where: "source",
    purpose: "describe the source cluster and its ACLs",
    grants: [cluster("Describe")],
    source: MM2_SOURCES,
    verification: "documented",
  },
  "mm2.source.topics": {
    who: "MM2 source-side client",
    where: "source",
    purpose: "read mirrored topics and their configs",
    grants: [topic("topics", "Read", "DescribeConfigs")],
    source: MM2_SOURCES,
    verification: "documented",
  },
  "mm2.source.groups": {
    who: "MM2 source-side client",
    where: "source",
    purpose: "offset sync: list and describe groups",
    grants: [group("groups", "Describe")],
    source: MM2_SOURCES,
    verification: "documented",
  },
  "mm2.source.offsetSyncs": {
    who: "MM2 source-side client",
    where: "source",
    purpose: "the offset-syncs topic, when it lives on the source",
    grants: [topic("offsetSyncsTopic", "Create", "Read", "Write", "DescribeConfigs")],
    source: MM2_SOURCES,
    verification: "documented",
  },
  "mm2.target.remoteTopics": {
    who: "MM2 target-side client",
    where: "target",
    purpose: "create and write remote topics",
    grants: [topic("remoteTopics", "Create", "Alter", "AlterConfigs", "Write")],
    source: MM2_SOURCES,
    verification: "documented",
  },
  "mm2.target.cluster": {
    who: "MM2 target-side client",
    where: "target",
    purpose: "describe the target cluster",
    grants: [cluster("Describe")],
    source: MM2_SOURCES,
    verification: "documented",
  },
  "mm2.target.checkpoints": {
    who: "MM2 target-side client",
    where: "target",
    purpose: "the <source alias>.checkpoints.internal topic",
    grants: [topic("checkpointsTopic", "Create", "Describe", "Read", "Write")],
    source: MM2_SOURCES,
    verification: "documented",
  },
  "mm2.target.groups": {
    who: "MM2 target-side client",
    where: "target",
    purpose: "offset migration: commit synced groups' offsets",
    grants: [group("groups", "Read", "Describe")],
    source: MM2_SOURCES,
    verification: "documented",
  },
  "mm2.target.groupTopics": {
    who: "MM2 target-side client",
    where: "target",
    purpose: "offset migration: commit synced groups' offsets on the remote topics",
    grants: [topic("remoteTopics", "Read")],
    source: KAFKA_PROTOCOL_ACLS,
    verification: "documented",
    note: "The MirrorMaker 2 sources list only the group; a commit of a migrated group's offsets is refused without Read on each remote topic too (seen on a Kafka 4 broker, test/env).",
  },
  "mm2.target.aclSync": {
    who: "MM2 target-side client",
    where: "target",
    purpose: "ACL sync (sync.topic.acls.enabled)",
    grants: [cluster("Alter")],
    source: MM2_SOURCES,
    verification: "documented",
  },
  "mm2.target.offsetSyncs": {
    who: "MM2 target-side client",
    where: "target",
    purpose: "the offset-syncs topic, when it lives on the target",
    grants: [topic("offsetSyncsTopic", "Create", "Read", "Write", "DescribeConfigs")],
    source: `${MM2_SOURCES}; ${MM2_OFFSET_SYNCS_NAME}`,
    verification: "unverified",
    note: "The source states this access for the offset-syncs topic on the source only; assumed the same on the target (enough on a Kafka 4 broker, test/env).",
  },
  "mm2.target.heartbeats": {
    who: "MM2 target-side client",
    where: "target",
    purpose: "the heartbeats topic MirrorHeartbeatConnector writes",
    grants: [topic("heartbeatsTopic", "Create", "Describe", "Write")],
    source:
      "Apache Kafka MirrorHeartbeatConfig (connect/mirror): heartbeats.topic on the target, created by the connector",
    verification: "unverified",
    note: "Inferred from what the connector does (creates and writes the topic); no source lists these ACLs.",
  },

  // 3. Kafka Connect workers and connectors
  "connect.worker.group": {
    who: "Connect worker principal",
    where: "Connect's cluster",
    purpose: "join the workers' group (group.id)",
    grants: [group("workerGroup", "Read")],
    source: CONNECT_SECURITY,
    verification: "documented",
  },
  "connect.worker.internalTopics": {
    who: "Connect worker principal",
    where: "Connect's cluster",
    purpose: "config, offset and status topics",
    grants: [topic("internalTopics", "Read", "Write")],
    source: CONNECT_SECURITY,
    verification: "documented",
  },
  "connect.worker.createTopics": {
    who: "Connect worker principal",
    where: "Connect's cluster",
    purpose: "create the internal topics when they do not exist yet",
    grants: [cluster("Create")],
    source: CONNECT_SECURITY,
    verification: "documented",
  },
  "connect.source.topics": {
    who: "source connector principal",
    where: "Connect's cluster",
    purpose: "write the topics it produces to",
    grants: [topic("topics", "Write", "Describe")],
    source: CONNECT_SECURITY,
    verification: "documented",
  },
  "connect.source.autoCreate": {
    who: "source connector principal",
    where: "Connect's cluster",
    purpose: "topic auto-creation",
    grants: [topic("topics", "Create")],
    source: CONNECT_SECURITY,
    verification: "documented",
  },
  "connect.source.idempotence": {
    who: "source connector principal",
    where: "Connect's cluster",
    purpose: "exactly-once: idempotent producer",
    grants: [cluster("IdempotentWrite")],
    source: CONNECT_EXACTLY_ONCE,
    verification: "documented",
  },
  "connect.source.transactionalIds": {
    who: "source connector principal",
    where: "Connect's cluster",
    purpose: "exactly-once: transactional producer",
    grants: [
      { resourceType: "transactionalId", names: "transactionalIds", operations: ["Write", "Describe"] },
    ],
    source: CONNECT_EXACTLY_ONCE,
    verification: "documented",
  },
  "connect.source.exactlyOnceOffsets": {
    who: "source connector principal",
    where: "Connect's cluster",
    purpose:
      "exactly-once: the offsets topic it commits to in its transactions (its offsets.storage.topic, else the workers')",
    grants: [topic("connectorOffsetsTopic", "Write", "Read", "Describe")],
    source: CONNECT_EXACTLY_ONCE,
    verification: "documented",
    note: "Create on that topic is needed only when it does not exist yet; not granted here.",
  },
  "connect.sink.topics": {
    who: "sink connector principal",
    where: "Connect's cluster",
    purpose: "read the topics it consumes",
    grants: [topic("topics", "Read", "Describe")],
    source: CONNECT_SECURITY,
    verification: "documented",
  },
  "connect.sink.group": {
    who: "sink connector principal",
    where: "Connect's cluster",
    purpose: "its consumer group, connect-{name} unless overridden",
    grants: [group("sinkGroup", "Read")],
    source: CONNECT_SECURITY,
    verification: "documented",
  },
  "connect.sink.dlq": {
    who: "sink connector principal",
    where: "Connect's cluster",
    purpose: "dead letter queue (errors.deadletterqueue.topic.name)",
    grants: [topic("dlqTopic", "Write")],
    source: CONNECT_SECURITY,
    verification: "documented",
  },
  "connect.reporter.topics": {
    who: "Connect Reporter principal",
    where: "Connect's cluster",
    purpose: "reporter.result.topic.name and reporter.error.topic.name",
    grants: [topic("reporterTopics", "Write")],
    source: CONNECT_SECURITY,
    verification: "documented",
  },
  "connect.reporter.createTopics": {
    who: "Connect Reporter principal",
    where: "Connect's cluster",
    purpose: "the reporter's admin creates its topics",
    grants: [topic("reporterTopics", "Create")],
    source: CONNECT_SECURITY,
    verification: "documented",
  },

  // Convenience roles for KafkaAcl, as kafka-acls.sh defines them.
  "role.consumer.topics": {
    who: "consumer",
    where: "any cluster",
    purpose: "consume topics",
    grants: [topic("topics", "Read", "Describe")],
    source: KAFKA_ACL_CLI,
    verification: "documented",
  },
  "role.consumer.group": {
    who: "consumer",
    where: "any cluster",
    purpose: "its consumer group",
    grants: [group("groups", "Read")],
    source: KAFKA_ACL_CLI,
    verification: "documented",
  },
  "role.producer.topics": {
    who: "producer",
    where: "any cluster",
    purpose: "produce to topics, creating them when auto-creation is on",
    grants: [topic("topics", "Write", "Describe", "Create")],
    source: KAFKA_ACL_CLI,
    verification: "documented",
  },
  "role.producer.idempotent": {
    who: "idempotent producer",
    where: "any cluster",
    purpose: "idempotent produce (--idempotent)",
    grants: [cluster("IdempotentWrite")],
    source: KAFKA_ACL_CLI,
    verification: "documented",
  },
  "role.producer.transactionalIds": {
    who: "transactional producer",
    where: "any cluster",
    purpose: "transactions (--transactional-id)",
    grants: [
      { resourceType: "transactionalId", names: "transactionalIds", operations: ["Write", "Describe"] },
    ],
    source: KAFKA_ACL_CLI,
    verification: "documented",
  },
} as const satisfies Record<string, CatalogRow>;

export type CatalogRowId = keyof typeof REQUIREMENTS_CATALOG;

/** A resource name, literal unless given with `patternType: "prefixed"`. */
export type ResourceRef = string | { readonly name: string; readonly patternType: PatternType };

/** One required binding without its principal; the caller supplies the principal. */
export interface AccessRequirement {
  readonly resourceType: ResourceType;
  readonly resourceName: string;
  readonly patternType: PatternType;
  readonly host: typeof ANY_HOST;
  readonly operation: Operation;
  readonly permission: "allow";
  readonly rowId: CatalogRowId;
  readonly verification: Verification;
}

/**
 * The requirements of the given rows, names taken from `names`; a grant whose slot has no
 * names yields nothing. One requirement per resource pattern and operation, first row wins.
 */
export function expandRows(
  rowIds: readonly CatalogRowId[],
  names: Partial<Record<NameSlot, readonly ResourceRef[]>>,
): AccessRequirement[] {
  const requirements = new Map<string, AccessRequirement>();
  for (const rowId of rowIds) {
    const row: CatalogRow = REQUIREMENTS_CATALOG[rowId];
    for (const grant of row.grants) {
      const refs: readonly ResourceRef[] =
        grant.resourceType === "cluster" ? [CLUSTER_RESOURCE_NAME] : (names[grant.names] ?? []);
      for (const ref of refs) {
        const { name, patternType } = typeof ref === "string" ? { name: ref, patternType: "literal" } : ref;
        for (const operation of grant.operations) {
          const key = JSON.stringify([grant.resourceType, patternType, name, operation]);
          if (requirements.has(key)) continue;
          requirements.set(key, {
            resourceType: grant.resourceType,
            resourceName: name,
            patternType: patternType as PatternType,
            host: ANY_HOST,
            operation,
            permission: "allow",
            rowId,
            verification: row.verification,
          });
        }
      }
    }
  }
  return [...requirements.values()];
}
