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

/**
 * Where MirrorMaker 2 keeps its offset-syncs topic, and its name. Both come from the link's
 * rendering: Kafka names the topic after the other cluster's alias (`mm2-offset-syncs.<target
 * alias>.internal` on the source, `mm2-offset-syncs.<source alias>.internal` on the target).
 */
export interface Mm2OffsetSyncs {
  readonly topic: string;
  readonly location: "source" | "target";
}

/** The MM2 connectors' client on the source cluster, for copying records. */
export function mm2SourceClient(input: { topics: Refs }) {
  return expandRows(["mm2.source.cluster", "mm2.source.topics"], { topics: input.topics });
}

/**
 * What the MM2 source-side client needs for consumer offset migration: describing the
 * migrated groups, and the offset-syncs topic when it lives on the source.
 */
export function mm2SourceOffsetMigration(input: { groups: Refs; offsetSyncs: Mm2OffsetSyncs }) {
  return expandRows(
    rows("mm2.source.groups", input.offsetSyncs.location === "source" && "mm2.source.offsetSyncs"),
    { groups: input.groups, offsetSyncsTopic: [input.offsetSyncs.topic] },
  );
}

/**
 * The MM2 connectors' client on the target cluster, for copying records: `remoteTopics` are the
 * mirrors as the link's replication policy names them (never built here: the separator and the
 * policy are the rendering's), `heartbeatsTopic` when MirrorHeartbeatConnector runs.
 */
export function mm2TargetClient(input: { remoteTopics: Refs; aclSync?: boolean; heartbeatsTopic?: string }) {
  return expandRows(
    rows(
      "mm2.target.remoteTopics",
      "mm2.target.cluster",
      input.aclSync === true && "mm2.target.aclSync",
      input.heartbeatsTopic !== undefined && "mm2.target.heartbeats",
    ),
    {
      remoteTopics: input.remoteTopics,
      heartbeatsTopic: input.heartbeatsTopic === undefined ? [] : [input.heartbeatsTopic],
    },
  );
}

/**
 * What the MM2 target-side client needs for consumer offset migration: the checkpoints topic,
 * the offset-syncs topic when it lives on the target, and committing the migrated groups'
 * offsets, which takes Read on each remote topic as well as on the group.
 */
export function mm2TargetOffsetMigration(input: {
  remoteTopics: Refs;
  groups: Refs;
  checkpointsTopic: string;
  offsetSyncs: Mm2OffsetSyncs;
}) {
  return expandRows(
    rows(
      "mm2.target.checkpoints",
      "mm2.target.groups",
      "mm2.target.groupTopics",
      input.offsetSyncs.location === "target" && "mm2.target.offsetSyncs",
    ),
    {
      remoteTopics: input.remoteTopics,
      groups: input.groups,
      checkpointsTopic: [input.checkpointsTopic],
      offsetSyncsTopic: [input.offsetSyncs.topic],
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
