import { describe, expect, it } from "vitest";
import {
  connectWorker,
  consumer,
  destinationBrokersForOffsetMigration,
  linkAclSyncOnDestination,
  linkManagerOnDestination,
  linkPrincipalOnSource,
  mm2SourceClient,
  mm2SourceOffsetMigration,
  mm2TargetClient,
  mm2TargetOffsetMigration,
  producer,
  reporter,
  sinkConnector,
  sourceConnector,
  transactionalProducer,
  withPrincipal,
} from "./access-roles.ts";
import { bindingKey } from "./acl-binding.ts";
import { type AccessRequirement, type CatalogRowId, REQUIREMENTS_CATALOG } from "./requirements-catalog.ts";

/** "Operation type:name", with "~" marking a prefix, for compact rows. */
const summarize = (requirements: AccessRequirement[]) =>
  requirements.map(
    (r) => `${r.operation} ${r.resourceType}:${r.patternType === "prefixed" ? "~" : ""}${r.resourceName}`,
  );

describe("role functions", () => {
  it.each<[string, () => AccessRequirement[], string[]]>([
    [
      "link principal on the source: mirroring only, without offset or ACL sync",
      () => linkPrincipalOnSource({ topics: ["orders"] }),
      ["Read topic:orders", "DescribeConfigs topic:orders"],
    ],
    [
      "link principal on the source: offset sync adds Describe on topics and Read/Describe on groups; ACL sync Describe on the cluster",
      () =>
        linkPrincipalOnSource({
          topics: ["orders"],
          groups: [{ name: "app.", patternType: "prefixed" }],
          aclSync: true,
        }),
      [
        "Read topic:orders",
        "DescribeConfigs topic:orders",
        "Describe topic:orders",
        "Read group:~app.",
        "Describe group:~app.",
        "Describe cluster:kafka-cluster",
      ],
    ],
    [
      "destination brokers for offset migration: Read on topics and groups, no unverified row by default",
      () => destinationBrokersForOffsetMigration({ topics: ["orders"], groups: ["g"] }),
      ["Read topic:orders", "Read group:g"],
    ],
    [
      "destination brokers with the unverified ALTER on mirror topics asked for",
      () =>
        destinationBrokersForOffsetMigration({ topics: ["orders"], groups: ["g"], alterMirrorTopics: true }),
      ["Read topic:orders", "Read group:g", "Alter topic:orders"],
    ],
    [
      "link manager on the destination: create, mirror, list and promote",
      () => linkManagerOnDestination({ mirrorTopics: ["orders"] }),
      [
        "Alter cluster:kafka-cluster",
        "AlterConfigs cluster:kafka-cluster",
        "Create topic:orders",
        "Describe cluster:kafka-cluster",
        "Alter topic:orders",
        "Describe topic:orders",
      ],
    ],
    [
      "ACL sync applied on the destination",
      () => linkAclSyncOnDestination(),
      ["Alter cluster:kafka-cluster"],
    ],
    [
      "MM2 source client: the cluster and Read, DescribeConfigs on the mirrored topics",
      () => mm2SourceClient({ topics: ["orders", { name: "sales.", patternType: "prefixed" }] }),
      [
        "Describe cluster:kafka-cluster",
        "Read topic:orders",
        "DescribeConfigs topic:orders",
        "Read topic:~sales.",
        "DescribeConfigs topic:~sales.",
      ],
    ],
    [
      "MM2 offset migration on the source: Describe on the groups, and the offset-syncs topic under the name the rendering gives it when it lives there",
      () =>
        mm2SourceOffsetMigration({
          groups: ["g"],
          offsetSyncs: { topic: "mm2-offset-syncs.dst.internal", location: "source" },
        }),
      [
        "Describe group:g",
        "Create topic:mm2-offset-syncs.dst.internal",
        "Read topic:mm2-offset-syncs.dst.internal",
        "Write topic:mm2-offset-syncs.dst.internal",
        "DescribeConfigs topic:mm2-offset-syncs.dst.internal",
      ],
    ],
    [
      "MM2 offset migration with offset syncs on the target needs only Describe on the groups on the source",
      () =>
        mm2SourceOffsetMigration({
          groups: ["g"],
          offsetSyncs: { topic: "mm2-offset-syncs.src.internal", location: "target" },
        }),
      ["Describe group:g"],
    ],
    [
      "MM2 target client: remote topics as the caller names them (here a '_' separator), ACL sync and heartbeats",
      () =>
        mm2TargetClient({
          remoteTopics: ["eu_orders", { name: "eu_app.", patternType: "prefixed" }],
          aclSync: true,
          heartbeatsTopic: "heartbeats",
        }),
      [
        "Create topic:eu_orders",
        "Alter topic:eu_orders",
        "AlterConfigs topic:eu_orders",
        "Write topic:eu_orders",
        "Create topic:~eu_app.",
        "Alter topic:~eu_app.",
        "AlterConfigs topic:~eu_app.",
        "Write topic:~eu_app.",
        "Describe cluster:kafka-cluster",
        "Alter cluster:kafka-cluster",
        "Create topic:heartbeats",
        "Describe topic:heartbeats",
        "Write topic:heartbeats",
      ],
    ],
    [
      "MM2 offset migration on the target: checkpoints, the offset-syncs topic named after the source alias, Read on the groups and on each remote topic",
      () =>
        mm2TargetOffsetMigration({
          remoteTopics: ["orders"],
          groups: [{ name: "billing-", patternType: "prefixed" }],
          checkpointsTopic: "src.checkpoints.internal",
          offsetSyncs: { topic: "mm2-offset-syncs.src.internal", location: "target" },
        }),
      [
        "Create topic:src.checkpoints.internal",
        "Describe topic:src.checkpoints.internal",
        "Read topic:src.checkpoints.internal",
        "Write topic:src.checkpoints.internal",
        "Read group:~billing-",
        "Describe group:~billing-",
        "Read topic:orders",
        "Create topic:mm2-offset-syncs.src.internal",
        "Read topic:mm2-offset-syncs.src.internal",
        "Write topic:mm2-offset-syncs.src.internal",
        "DescribeConfigs topic:mm2-offset-syncs.src.internal",
      ],
    ],
    [
      "Connect worker: group and internal topics; Create on the cluster only when it creates them",
      () =>
        connectWorker({
          groupId: "connect",
          configTopic: "c-config",
          offsetTopic: "c-offsets",
          statusTopic: "c-status",
          createTopics: true,
        }),
      [
        "Read group:connect",
        "Read topic:c-config",
        "Write topic:c-config",
        "Read topic:c-offsets",
        "Write topic:c-offsets",
        "Read topic:c-status",
        "Write topic:c-status",
        "Create cluster:kafka-cluster",
      ],
    ],
    [
      "source connector: Write and Describe on its topics",
      () => sourceConnector({ topics: ["out"] }),
      ["Write topic:out", "Describe topic:out"],
    ],
    [
      "source connector with auto-creation and exactly-once",
      () =>
        sourceConnector({
          topics: ["out"],
          autoCreate: true,
          exactlyOnce: true,
          transactionalIds: [{ name: "connect-src-", patternType: "prefixed" }],
          offsetsTopic: "connect-offsets",
        }),
      [
        "Write topic:out",
        "Describe topic:out",
        "Create topic:out",
        "IdempotentWrite cluster:kafka-cluster",
        "Write transactionalId:~connect-src-",
        "Describe transactionalId:~connect-src-",
        "Write topic:connect-offsets",
        "Read topic:connect-offsets",
        "Describe topic:connect-offsets",
      ],
    ],
    [
      "source connector: transactional ids and the offsets topic are ignored without exactly-once",
      () => sourceConnector({ topics: ["out"], transactionalIds: ["t"], offsetsTopic: "o" }),
      ["Write topic:out", "Describe topic:out"],
    ],
    [
      "sink connector: its topics, group connect-{name} and its dead letter queue",
      () => sinkConnector({ name: "hdfs-logs", topics: ["logs"], dlqTopic: "logs-dlq" }),
      ["Read topic:logs", "Describe topic:logs", "Read group:connect-hdfs-logs", "Write topic:logs-dlq"],
    ],
    [
      "sink connector with an overridden group id",
      () => sinkConnector({ name: "s", topics: ["logs"], groupId: "custom" }),
      ["Read topic:logs", "Describe topic:logs", "Read group:custom"],
    ],
    [
      "Connect Reporter creating its topics",
      () => reporter({ resultTopic: "ok", errorTopic: "err", createTopics: true }),
      ["Write topic:ok", "Write topic:err", "Create topic:ok", "Create topic:err"],
    ],
    [
      "consumer as kafka-acls --consumer",
      () => consumer({ topic: "orders", group: "g" }),
      ["Read topic:orders", "Describe topic:orders", "Read group:g"],
    ],
    [
      "idempotent producer as kafka-acls --producer --idempotent",
      () => producer({ topic: "orders", idempotent: true }),
      [
        "Write topic:orders",
        "Describe topic:orders",
        "Create topic:orders",
        "IdempotentWrite cluster:kafka-cluster",
      ],
    ],
    [
      "transactional producer as kafka-acls --producer --transactional-id",
      () => transactionalProducer({ topic: "orders", transactionalId: "tx" }),
      [
        "Write topic:orders",
        "Describe topic:orders",
        "Create topic:orders",
        "Write transactionalId:tx",
        "Describe transactionalId:tx",
      ],
    ],
  ])("%s", (_why, requirements, expected) => {
    expect(summarize(requirements())).toEqual(expected);
  });

  it("marks requirements from unverified rows, so status can flag them", () => {
    const requirements = destinationBrokersForOffsetMigration({
      topics: ["t"],
      groups: [],
      alterMirrorTopics: true,
    });
    expect(requirements.map((r) => `${r.operation}:${r.verification}`)).toEqual([
      "Read:documented",
      "Alter:unverified",
    ]);
  });

  it("withPrincipal gives bindings for the principal, once each", () => {
    const bindings = withPrincipal(
      [...consumer({ topic: "orders", group: "g" }), ...consumer({ topic: "orders", group: "g" })],
      "User:app",
    );
    expect(bindings.map(bindingKey)).toEqual([
      "allow|Read|topic|literal|orders|User:app|*",
      "allow|Describe|topic|literal|orders|User:app|*",
      "allow|Read|group|literal|g|User:app|*",
    ]);
  });
});

describe("REQUIREMENTS_CATALOG", () => {
  it("cites a source for every row and explains every unverified one", () => {
    for (const [id, row] of Object.entries(REQUIREMENTS_CATALOG)) {
      expect(row.source, id).not.toBe("");
      if (row.verification === "unverified") expect("note" in row && row.note, id).toBeTruthy();
    }
  });

  it("is reachable: every row is asked for by some role function", () => {
    const all = { topics: ["t"], groups: ["g"] };
    const used = new Set<CatalogRowId>(
      [
        linkPrincipalOnSource({ ...all, aclSync: true }),
        destinationBrokersForOffsetMigration({ ...all, alterMirrorTopics: true }),
        linkManagerOnDestination({ mirrorTopics: ["t"] }),
        linkAclSyncOnDestination(),
        mm2SourceClient(all),
        mm2SourceOffsetMigration({ groups: ["g"], offsetSyncs: { topic: "o", location: "source" } }),
        mm2TargetClient({ remoteTopics: ["t"], aclSync: true, heartbeatsTopic: "h" }),
        mm2TargetOffsetMigration({
          remoteTopics: ["t"],
          groups: ["g"],
          checkpointsTopic: "c",
          offsetSyncs: { topic: "o", location: "target" },
        }),
        connectWorker({
          groupId: "g",
          configTopic: "c",
          offsetTopic: "o",
          statusTopic: "s",
          createTopics: true,
        }),
        sourceConnector({
          topics: ["t"],
          autoCreate: true,
          exactlyOnce: true,
          transactionalIds: ["x"],
          offsetsTopic: "o",
        }),
        sinkConnector({ name: "n", topics: ["t"], dlqTopic: "d" }),
        reporter({ resultTopic: "r", createTopics: true }),
        consumer({ topic: "t", group: "g" }),
        producer({ topic: "t", idempotent: true }),
        transactionalProducer({ topic: "t", transactionalId: "x" }),
      ]
        .flat()
        .map((r) => r.rowId),
    );
    expect(Object.keys(REQUIREMENTS_CATALOG).filter((id) => !used.has(id as CatalogRowId))).toEqual([]);
  });
});
