import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { type ClusterLinkSpecInput, clusterLinkSpecSchema } from "./schema.ts";

const gssapi = {
  securityProtocol: "SASL_SSL",
  sasl: {
    mechanism: "GSSAPI",
    gssapi: { principal: "link@KAFKA.TEST", keytab: { name: "link-keytab", key: "link.keytab" } },
  },
  tls: { trust: { type: "PEM", store: { name: "source-ca", key: "ca.crt" } } },
} as const;
const mtls = {
  securityProtocol: "SSL",
  tls: {
    keystore: {
      type: "PKCS12",
      store: { name: "link-tls", key: "link.p12" },
      password: { name: "link-tls", key: "password" },
    },
  },
} as const;

/** A valid MirrorMaker 2 link; each row changes one thing. */
const mm2: ClusterLinkSpecInput = {
  backend: "mirrorMaker2",
  destination: { kafkaClusterRef: { name: "destination" } },
  source: { kafkaClusterRef: { name: "source" }, credential: gssapi },
  mirrorMaker2: { connectClusterRef: { name: "connect" } },
  mirrors: { topics: [{ name: "orders" }] },
};
/** A valid Confluent link. */
const confluent: ClusterLinkSpecInput = {
  backend: "confluent",
  destination: { kafkaClusterRef: { name: "destination" } },
  source: { bootstrapServers: ["source:9092"], clusterId: "lkc-source", credential: gssapi },
  mirrors: { topics: [{ name: "orders", state: "promoted", replicationFactor: 3 }] },
};

/** Every issue's message, with those nested in it (a record key's own check). */
const issuesOf = (spec: unknown): string[] => {
  const result = clusterLinkSpecSchema.safeParse(spec);
  const messages = (issues: readonly z.core.$ZodIssue[]): string[] =>
    issues.flatMap((issue) => [issue.message, ...("issues" in issue ? messages(issue.issues) : [])]);
  return result.success ? [] : messages(result.error.issues);
};

describe("clusterLinkSpecSchema", () => {
  it("fills in the defaults a minimal link needs", () => {
    expect(clusterLinkSpecSchema.parse(mm2)).toMatchObject({
      mirrors: { topics: [{ name: "orders", state: "active" }], include: [], exclude: [] },
      consumerOffsets: { enabled: false, include: [], exclude: [] },
      aclSync: { enabled: false, filters: [] },
      mirrorMaker2: { heartbeats: false },
      paused: false,
      deletionPolicy: "Delete",
      dryRun: false,
    });
  });

  it.each<{ why: string; spec: ClusterLinkSpecInput }>([
    { why: "a MirrorMaker 2 link from a KafkaCluster with one topic", spec: mm2 },
    { why: "a Confluent link from an unmanaged cluster with a promoted mirror", spec: confluent },
    {
      why: "mirrors by prefix filters, with a prefix MirrorMaker 2 can name",
      spec: {
        ...mm2,
        mirrors: {
          include: [{ name: "orders.", patternType: "prefixed" }],
          exclude: [{ name: "orders.tmp" }],
          prefix: "eu-west.",
        },
      },
    },
    {
      why: "offset migration with include and exclude filters and an interval",
      spec: {
        ...mm2,
        consumerOffsets: {
          enabled: true,
          include: [{ name: "billing-", patternType: "prefixed" }],
          exclude: [{ name: "billing-test" }],
          intervalSeconds: 5,
        },
      },
    },
    {
      why: "a group filter names a group with spaces and regex characters (escaped for MirrorMaker 2)",
      spec: { ...mm2, consumerOffsets: { enabled: true, include: [{ name: "billing eu (v2)*" }] } },
    },
    {
      why: "a Confluent link migrates a group whose id holds a comma",
      spec: { ...confluent, consumerOffsets: { enabled: true, include: [{ name: "a, b" }] } },
    },
    {
      why: "the source credential is mutual TLS and the principal is given",
      spec: {
        ...mm2,
        source: { bootstrapServers: ["source:9093"], credential: mtls, principal: "User:link" },
      },
    },
    {
      why: "MirrorMaker 2 writes to the destination with a credential of its own",
      spec: {
        ...mm2,
        mirrorMaker2: {
          connectClusterRef: { name: "connect" },
          heartbeats: true,
          destinationAccess: {
            bootstrapServers: ["destination:9093"],
            credential: mtls,
            principal: "User:mm2",
          },
        },
      },
    },
    { why: "MirrorMaker 2 syncs topic ACLs without filters", spec: { ...mm2, aclSync: { enabled: true } } },
    {
      why: "Confluent syncs ACLs a filter selects",
      spec: {
        ...confluent,
        aclSync: { enabled: true, filters: [{ resourceType: "topic", name: "orders" }] },
      },
    },
    {
      why: "configs tune what the spec does not model",
      spec: { ...mm2, configs: { "tasks.max": "4", "replication.factor": "3", "offset.lag.max": "0" } },
    },
    {
      why: "a paused link kept on delete, planned only",
      spec: { ...mm2, paused: true, deletionPolicy: "Orphan", dryRun: true },
    },
    {
      why: "a Confluent link named apart from the resource",
      spec: { ...confluent, linkName: "west_to_east" },
    },
    {
      why: "a Confluent prefix of any topic characters",
      spec: { ...confluent, mirrors: { ...confluent.mirrors, prefix: "src" } },
    },
  ])("accepts $why", ({ spec }) => {
    expect(issuesOf(spec)).toEqual([]);
  });

  it.each<{ why: string; spec: unknown; message: string }>([
    {
      why: "the source names neither a KafkaCluster nor bootstrap servers",
      spec: { ...mm2, source: { credential: gssapi } },
      message: "source needs kafkaClusterRef or bootstrapServers",
    },
    {
      why: "a mutual TLS credential does not say which principal it is",
      spec: { ...mm2, source: { kafkaClusterRef: { name: "source" }, credential: mtls } },
      message: "source.principal is needed when the credential does not name it",
    },
    {
      why: "a user name read from a Secret does not say which principal it is",
      spec: {
        ...mm2,
        source: {
          kafkaClusterRef: { name: "source" },
          credential: {
            securityProtocol: "SASL_SSL",
            sasl: {
              mechanism: "PLAIN",
              usernameFrom: { name: "key", key: "id" },
              password: { name: "key", key: "secret" },
            },
          },
        },
      },
      message: "source.principal is needed when the credential does not name it",
    },
    {
      why: "MirrorMaker 2's destination credential is mutual TLS without a principal",
      spec: {
        ...mm2,
        mirrorMaker2: { connectClusterRef: { name: "connect" }, destinationAccess: { credential: mtls } },
      },
      message: "mirrorMaker2.destinationAccess.principal is needed",
    },
    {
      why: "the credential itself is incomplete (its own rules still apply)",
      spec: {
        ...mm2,
        source: { kafkaClusterRef: { name: "source" }, credential: { securityProtocol: "SASL_SSL" } },
      },
      message: "SASL_PLAINTEXT and SASL_SSL need sasl",
    },
    {
      why: "backend mirrorMaker2 has no ConnectCluster",
      spec: { ...mm2, mirrorMaker2: undefined },
      message: "backend mirrorMaker2 needs mirrorMaker2.connectClusterRef",
    },
    {
      why: "a Confluent link carries MirrorMaker 2 settings",
      spec: { ...confluent, mirrorMaker2: { connectClusterRef: { name: "connect" } } },
      message: "mirrorMaker2 settings need backend mirrorMaker2",
    },
    {
      why: "a MirrorMaker 2 link is given a Confluent link name",
      spec: { ...mm2, linkName: "west" },
      message: "linkName names a Confluent cluster link",
    },
    {
      why: "a MirrorMaker 2 mirror is to be promoted",
      spec: { ...mm2, mirrors: { topics: [{ name: "orders", state: "promoted" }] } },
      message: "with mirrorMaker2 a mirror is active or paused",
    },
    {
      why: "a MirrorMaker 2 mirror gets its own replication factor",
      spec: { ...mm2, mirrors: { topics: [{ name: "orders", replicationFactor: 3 }] } },
      message: "set replication.factor in configs",
    },
    {
      why: "a MirrorMaker 2 prefix has no separator to end it",
      spec: { ...mm2, mirrors: { topics: [{ name: "orders" }], prefix: "west" } },
      message: "mirrors.prefix ends with '.', '_' or '-'",
    },
    {
      why: "a MirrorMaker 2 prefix is only a separator",
      spec: { ...mm2, mirrors: { topics: [{ name: "orders" }], prefix: "." } },
      message: "mirrors.prefix ends with '.', '_' or '-'",
    },
    {
      why: "nothing is mirrored",
      spec: { ...mm2, mirrors: { exclude: [{ name: "orders" }] } },
      message: "mirrors needs topics or include filters",
    },
    {
      why: "a topic is named twice",
      spec: { ...mm2, mirrors: { topics: [{ name: "orders" }, { name: "orders", state: "paused" }] } },
      message: "mirrors.topics names each topic once",
    },
    {
      why: "a topic name has characters Kafka refuses",
      spec: { ...mm2, mirrors: { topics: [{ name: "orders/eu" }] } },
      message: "must be a valid Kafka topic name",
    },
    {
      why: "offset migration is on with no group selected",
      spec: { ...mm2, consumerOffsets: { enabled: true } },
      message: "consumerOffsets needs at least one include filter when enabled",
    },
    {
      why: "MirrorMaker 2 is to migrate a group whose id holds a comma",
      spec: { ...mm2, consumerOffsets: { enabled: true, include: [{ name: "billing,eu" }] } },
      message: "a consumer group id with a comma cannot be migrated",
    },
    {
      why: "MirrorMaker 2 is given ACL filters it cannot apply",
      spec: { ...mm2, aclSync: { enabled: true, filters: [{ resourceType: "topic" }] } },
      message: "aclSync.filters need the confluent backend",
    },
    {
      why: "Confluent ACL sync selects nothing",
      spec: { ...confluent, aclSync: { enabled: true } },
      message: "give at least one filter",
    },
    {
      why: "a Confluent link to an unmanaged source has no cluster id",
      spec: { ...confluent, source: { bootstrapServers: ["source:9092"], credential: gssapi } },
      message: "the confluent backend needs source.clusterId",
    },
    {
      why: "configs try to inline a password",
      spec: { ...mm2, configs: { "source.cluster.ssl.keystore.password": "hunter2" } },
      message: "configs may not hold connection or credential settings",
    },
    {
      why: "configs point the link at other brokers",
      spec: { ...confluent, configs: { "bootstrap.servers": "elsewhere:9092" } },
      message: "configs may not hold connection or credential settings",
    },
    {
      why: "configs set MirrorMaker 2's topic list, which mirrors renders",
      spec: { ...mm2, configs: { topics: ".*" } },
      message: "configs may not set what the mirrorMaker2 backend renders",
    },
    {
      why: "configs set a source-side client setting through its prefix",
      spec: { ...mm2, configs: { "source.cluster.client.id": "x" } },
      message: "configs may not set what the mirrorMaker2 backend renders",
    },
    {
      why: "configs set Confluent's prefix, which mirrors.prefix renders",
      spec: { ...confluent, configs: { "cluster.link.prefix": "x." } },
      message: "configs may not set what the confluent backend renders",
    },
    {
      why: "a config key is not a config name",
      spec: { ...mm2, configs: { "tasks max": "1" } },
      message: "must be a config name",
    },
    {
      why: "an unknown backend",
      spec: { ...mm2, backend: "replicator" },
      message: "Invalid option",
    },
  ])("rejects a spec when $why", ({ spec, message }) => {
    expect(issuesOf(spec).join("\n")).toContain(message);
  });
});
