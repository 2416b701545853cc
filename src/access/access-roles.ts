// The questions reconcilers ask the requirements catalog: "which ACLs does this principal
// need for this job?". Each function picks catalog rows by the job's settings and fills in
// resource names; the answer has no principal (the caller knows it, see `withPrincipal`).
import { type AclBinding, bindingKey } from "./acl-binding.ts";
import {
  type AccessRequirement,
  type CatalogRowId,
  expandRows,
  type ResourceRef,
} from "./requirements-catalog.ts";

type Refs = readonly ResourceRef[];

/** The cluster link principal on the source: mirroring, plus offset sync and ACL sync when on. */
export function linkPrincipalOnSource(input: { topics: Refs; groups?: Refs; aclSync?: boolean }) {
  const groups = input.groups ?? [];
  return expandRows(
    rows(
      "link.source.mirrorTopics",
      groups.length > 0 && "link.source.offsetSync",
      input.aclSync === true && "link.source.aclSync",
    ),
    { topics: input.topics, groups },
  );
}

/**
 * The destination brokers' principals when consumer offset migration is on (nothing when it
 * is off). `alterMirrorTopics` adds the unverified ALTER on mirror topics.
 */
export function destinationBrokersForOffsetMigration(input: {
  topics: Refs;
  groups: Refs;
  alterMirrorTopics?: boolean;
}) {
  return expandRows(
    rows(
      "link.destination.brokers.offsetMigration",
      input.alterMirrorTopics === true && "link.destination.brokers.alterMirrorTopics",
    ),
    { topics: input.topics, groups: input.groups, mirrorTopics: input.topics },
  );
}

/** The principal that creates links and mirror topics, lists and promotes them on the destination. */
export function linkManagerOnDestination(input: { mirrorTopics: Refs }) {
  return expandRows(
    rows(
      "link.destination.createLink",
      "link.destination.createMirrors",
      "link.destination.listMirrors",
      "link.destination.promote",
    ),
    { mirrorTopics: input.mirrorTopics },
  );
}

/** The principal a destination applies synced ACLs as (unverified: see the catalog row). */
export function linkAclSyncOnDestination() {
  return expandRows(["link.destination.aclSync"], {});
}

export interface Mm2Input {
  /** Alias of the source cluster; names the checkpoints topic and, by default, remote topics. */
  readonly sourceAlias: string;
  /** Alias of the target cluster; names the offset-syncs topic. */
  readonly targetAlias: string;
  readonly topics: Refs;
  readonly groups?: Refs;
  /** Where offset-syncs.topic.location puts the offset-syncs topic; MM2's default is the source. */
  readonly offsetSyncsOnSource?: boolean;
}

/** MM2's offset-syncs topic, as the default replication policy names it. */
export function mm2OffsetSyncsTopic(targetAlias: string): string {
  return `mm2-offset-syncs.${targetAlias}.internal`;
}

/** MM2's checkpoints topic on the target. */
export function mm2CheckpointsTopic(sourceAlias: string): string {
  return `${sourceAlias}.checkpoints.internal`;
}

/** The MM2 connectors' client on the source cluster. */
export function mm2SourceClient(input: Mm2Input) {
  const groups = input.groups ?? [];
  const isOffsetSyncsOnSource = input.offsetSyncsOnSource ?? true;
  return expandRows(
    rows(
      "mm2.source.cluster",
      "mm2.source.topics",
      groups.length > 0 && "mm2.source.groups",
      isOffsetSyncsOnSource && "mm2.source.offsetSyncs",
    ),
    { topics: input.topics, groups, offsetSyncsTopic: [mm2OffsetSyncsTopic(input.targetAlias)] },
  );
}

/**
 * The MM2 connectors' client on the target cluster. With the default replication policy
 * remote topics are named "<source alias>.<topic>"; with `identity` they keep their names.
 */
export function mm2TargetClient(
  input: Mm2Input & { aclSync?: boolean; replicationPolicy?: "default" | "identity" },
) {
  const groups = input.groups ?? [];
  const isOffsetSyncsOnSource = input.offsetSyncsOnSource ?? true;
  const remoteTopics =
    input.replicationPolicy === "identity"
      ? input.topics
      : input.topics.map((ref) =>
          typeof ref === "string"
            ? `${input.sourceAlias}.${ref}`
            : { ...ref, name: `${input.sourceAlias}.${ref.name}` },
        );
  return expandRows(
    rows(
      "mm2.target.remoteTopics",
      "mm2.target.cluster",
      "mm2.target.checkpoints",
      groups.length > 0 && "mm2.target.groups",
      input.aclSync === true && "mm2.target.aclSync",
      !isOffsetSyncsOnSource && "mm2.target.offsetSyncs",
    ),
    {
      remoteTopics,
      groups,
      checkpointsTopic: [mm2CheckpointsTopic(input.sourceAlias)],
      offsetSyncsTopic: [mm2OffsetSyncsTopic(input.targetAlias)],
    },
  );
}

/** A Connect worker: its group and internal topics, and creating them when `createTopics`. */
export function connectWorker(input: {
  groupId: string;
  configTopic: string;
  offsetTopic: string;
  statusTopic: string;
  createTopics?: boolean;
}) {
  return expandRows(
    rows(
      "connect.worker.group",
      "connect.worker.internalTopics",
      input.createTopics === true && "connect.worker.createTopics",
    ),
    {
      workerGroup: [input.groupId],
      internalTopics: [input.configTopic, input.offsetTopic, input.statusTopic],
    },
  );
}

/** A source connector's own principal. */
export function sourceConnector(input: {
  topics: Refs;
  autoCreate?: boolean;
  exactlyOnce?: boolean;
  /** Transactional ids its tasks use under exactly-once, e.g. prefixed "<group.id>-<name>-". */
  transactionalIds?: Refs;
  /** Under exactly-once, the offsets topic its tasks commit to: its own, else the workers'. */
  offsetsTopic?: string;
}) {
  const isExactlyOnce = input.exactlyOnce === true;
  const transactionalIds = isExactlyOnce ? (input.transactionalIds ?? []) : [];
  const offsetsTopic = isExactlyOnce && input.offsetsTopic !== undefined ? [input.offsetsTopic] : [];
  return expandRows(
    rows(
      "connect.source.topics",
      input.autoCreate === true && "connect.source.autoCreate",
      isExactlyOnce && "connect.source.idempotence",
      transactionalIds.length > 0 && "connect.source.transactionalIds",
      offsetsTopic.length > 0 && "connect.source.exactlyOnceOffsets",
    ),
    { topics: input.topics, transactionalIds, connectorOffsetsTopic: offsetsTopic },
  );
}

/** The consumer group Connect gives a sink connector unless its config overrides it. */
export function sinkConnectorGroup(name: string): string {
  return `connect-${name}`;
}

/** A sink connector's own principal, with its dead letter queue when it has one. */
export function sinkConnector(input: { name: string; topics: Refs; dlqTopic?: string; groupId?: string }) {
  return expandRows(
    rows("connect.sink.topics", "connect.sink.group", input.dlqTopic !== undefined && "connect.sink.dlq"),
    {
      topics: input.topics,
      sinkGroup: [input.groupId ?? sinkConnectorGroup(input.name)],
      dlqTopic: input.dlqTopic === undefined ? [] : [input.dlqTopic],
    },
  );
}

/** The Connect Reporter's principal (reporter.producer.* / reporter.admin.*). */
export function reporter(input: { resultTopic?: string; errorTopic?: string; createTopics?: boolean }) {
  const reporterTopics = [input.resultTopic, input.errorTopic].filter((topic) => topic !== undefined);
  return expandRows(
    rows("connect.reporter.topics", input.createTopics === true && "connect.reporter.createTopics"),
    {
      reporterTopics,
    },
  );
}

/** kafka-acls.sh --consumer: read a topic in a group. */
export function consumer(input: { topic: ResourceRef; group: ResourceRef }) {
  return expandRows(["role.consumer.topics", "role.consumer.group"], {
    topics: [input.topic],
    groups: [input.group],
  });
}

/** kafka-acls.sh --producer, with --idempotent when `idempotent`. */
export function producer(input: { topic: ResourceRef; idempotent?: boolean }) {
  return expandRows(rows("role.producer.topics", input.idempotent === true && "role.producer.idempotent"), {
    topics: [input.topic],
  });
}

/** kafka-acls.sh --producer --transactional-id. */
export function transactionalProducer(input: { topic: ResourceRef; transactionalId: ResourceRef }) {
  return expandRows(["role.producer.topics", "role.producer.transactionalIds"], {
    topics: [input.topic],
    transactionalIds: [input.transactionalId],
  });
}

/** Requirements as bindings for `principal`, once each. */
export function withPrincipal(requirements: readonly AccessRequirement[], principal: string): AclBinding[] {
  const bindings = new Map<string, AclBinding>();
  for (const { rowId: _rowId, verification: _verification, ...shape } of requirements) {
    const binding: AclBinding = { ...shape, principal };
    bindings.set(bindingKey(binding), binding);
  }
  return [...bindings.values()];
}

function rows(...picked: Array<CatalogRowId | false>): CatalogRowId[] {
  return picked.filter((row): row is CatalogRowId => row !== false);
}
