import { describe, expect, it } from "vitest";
import type { ConnectApi } from "../../ports/connect-api.ts";
import type { LinkBackendFactory } from "../../ports/link-backend-factory.ts";
import type { LinkCaches, LinkConnectCluster, LinkKafkaCluster } from "./link-references.ts";
import { resolveBackend, resolveLink } from "./link-references.ts";
import { type ClusterLinkSpec, type ClusterLinkSpecInput, clusterLinkSpecSchema } from "./schema.ts";

const ready = [{ type: "Ready", status: "True" as const, reason: "R", message: "", lastTransitionTime: "" }];
const kafkaCluster = (
  name: string,
  input: { tenancy?: object; isReady?: boolean } = {},
): LinkKafkaCluster => ({
  metadata: { namespace: "kafka", name },
  spec: { bootstrapServers: [`${name}:9092`], ...(input.tenancy ? { tenancy: input.tenancy as never } : {}) },
  status: { clusterId: `${name}-id`, ...(input.isReady === false ? {} : { conditions: ready }) },
});
const connect: LinkConnectCluster = {
  metadata: { namespace: "kafka", name: "connect" },
  spec: {
    restUrl: "http://connect:8083",
    kafkaClusterRef: { name: "destination" },
    tenancy: { namespaces: [{ name: "team-a" }] },
    secretMountPath: "/mnt/secrets",
  },
  status: { conditions: ready },
};
const admitsTeamA = { namespaces: [{ name: "team-a" }] };
const api = {} as ConnectApi;
const factory = {} as LinkBackendFactory;

function caches(clusters: LinkKafkaCluster[], connectClusters = [connect]): LinkCaches {
  const find = <T extends { metadata?: { namespace?: string; name?: string } }>(list: T[]) => ({
    get: (namespace: string, name: string) =>
      list.find((o) => o.metadata?.namespace === namespace && o.metadata?.name === name),
  });
  return {
    kafkaClusters: find(clusters),
    connectClusters: find(connectClusters),
    connectClients: { apiOf: () => api },
    backends: { mirrorMaker2: factory },
  };
}

const spec = (input: Partial<ClusterLinkSpecInput> = {}): ClusterLinkSpec =>
  clusterLinkSpecSchema.parse({
    backend: "mirrorMaker2",
    destination: { kafkaClusterRef: { name: "destination", namespace: "kafka" } },
    source: {
      kafkaClusterRef: { name: "source", namespace: "kafka" },
      credential: {
        securityProtocol: "SASL_PLAINTEXT",
        sasl: { mechanism: "SCRAM-SHA-512", username: "link", password: { name: "link", key: "password" } },
      },
    },
    mirrorMaker2: { connectClusterRef: { name: "connect", namespace: "kafka" } },
    mirrors: { topics: [{ name: "orders" }] },
    ...input,
  });
const resource = { namespace: "team-a", name: "orders" };
const both = [
  kafkaCluster("destination", { tenancy: admitsTeamA }),
  kafkaCluster("source", { tenancy: admitsTeamA }),
];

describe("resolveLink", () => {
  it.each<{
    why: string;
    clusters: LinkKafkaCluster[];
    input?: Partial<ClusterLinkSpecInput>;
    expected: object;
  }>([
    {
      why: "a destination that does not admit the namespace is a tenancy violation",
      clusters: [kafkaCluster("destination"), kafkaCluster("source", { tenancy: admitsTeamA })],
      expected: { isUsable: false, reason: "TenancyViolation" },
    },
    {
      why: "a missing source KafkaCluster waits for it",
      clusters: [kafkaCluster("destination", { tenancy: admitsTeamA })],
      expected: {
        isUsable: false,
        reason: "KafkaClusterNotReady",
        message: 'KafkaCluster "kafka/source" does not exist',
      },
    },
    {
      why: "a source KafkaCluster that is not Ready waits for it",
      clusters: [
        kafkaCluster("destination", { tenancy: admitsTeamA }),
        kafkaCluster("source", { isReady: false }),
      ],
      expected: {
        isUsable: false,
        reason: "KafkaClusterNotReady",
        message: 'KafkaCluster "kafka/source" is not Ready',
      },
    },
    {
      why: "a source KafkaCluster that does not admit the namespace still serves the link, whose ACLs there are only checked",
      clusters: [kafkaCluster("destination", { tenancy: admitsTeamA }), kafkaCluster("source")],
      expected: {
        isUsable: true,
        source: { kind: "kafkaCluster", cluster: "kafka/source", scope: { isAdmitted: false } },
        link: {
          source: { kafkaCluster: "kafka/source", bootstrapServers: ["source:9092"], clusterId: "source-id" },
        },
      },
    },
    {
      why: "a source given by bootstrap servers is known by its first one",
      clusters: both,
      input: {
        source: {
          bootstrapServers: ["cloud:9092", "cloud:9093"],
          clusterId: "cloud-id",
          credential: {
            securityProtocol: "SASL_SSL",
            sasl: { mechanism: "PLAIN", username: "key", password: { name: "cloud", key: "secret" } },
          },
        },
      },
      expected: { isUsable: true, source: { kind: "bootstrapServers", endpoint: "cloud:9092" } },
    },
    {
      why: "everything usable: the link, its ConnectCluster's workers and client",
      clusters: both,
      expected: {
        isUsable: true,
        connect: api,
        destinationClusterId: "destination-id",
        placement: {
          workers: {
            connectCluster: "kafka/connect",
            kafkaCluster: "kafka/destination",
            overridePolicy: "All",
            configProvider: { name: "secrets", kind: "kubernetesSecrets" },
            secretMountPath: "/mnt/secrets",
          },
        },
        link: { name: "team-a.orders", destination: { kafkaCluster: "kafka/destination" } },
      },
    },
  ])("$why", ({ clusters, input, expected }) => {
    expect(resolveLink(caches(clusters), resource, spec(input))).toMatchObject(expected);
  });
});

describe("resolveBackend", () => {
  it("places a confluent link on its KafkaClusters as they declare their REST endpoints and brokers", () => {
    const rest = { restEndpoint: "https://destination:8090/kafka", secretMountPath: "/mnt/link-secrets" };
    const admitting = kafkaCluster("destination", { tenancy: admitsTeamA });
    const destination: LinkKafkaCluster = {
      ...admitting,
      spec: { ...admitting.spec, brokerPrincipals: ["User:broker"], confluent: rest },
    };
    const confluent = spec({
      backend: "confluent",
      mirrorMaker2: undefined,
      source: { ...spec().source, clusterId: "source-id" },
    });
    const withConfluent = {
      ...caches([destination, kafkaCluster("source")]),
      backends: { confluent: factory },
    };
    expect(resolveBackend(withConfluent, "team-a", confluent)).toEqual({
      isUsable: true,
      factory,
      placement: {
        kafkaClusters: {
          destination: {
            kafkaCluster: "kafka/destination",
            namespace: "kafka",
            brokerPrincipals: ["User:broker"],
            confluent: rest,
          },
          // The source does not admit the namespace: a backend that would write there says so.
          source: {
            kafkaCluster: "kafka/source",
            namespace: "kafka",
            brokerPrincipals: [],
            unusable: {
              reason: "TenancyViolation",
              message: expect.stringContaining("only namespace kafka"),
            },
          },
        },
      },
    });
  });

  it("places a link on a KafkaCluster that is gone as unreachable, for the backend to say so", () => {
    const confluent = spec({ backend: "confluent", mirrorMaker2: undefined });
    const withConfluent = { ...caches([]), backends: { confluent: factory } };
    expect(resolveBackend(withConfluent, "team-a", confluent)).toMatchObject({
      placement: {
        kafkaClusters: {
          destination: {
            unusable: {
              reason: "ClusterUnreachable",
              message: 'KafkaCluster "kafka/destination" does not exist',
            },
          },
        },
      },
    });
  });

  it("names the backends it serves when spec.backend has no factory", () => {
    const confluent = spec({
      backend: "confluent",
      mirrorMaker2: undefined,
      source: { ...spec().source, clusterId: "source-id" },
    });
    expect(resolveBackend(caches(both), "team-a", confluent)).toEqual({
      isUsable: false,
      reason: "BackendUnsupported",
      message: "backend confluent is not served by this version of the operator; use mirrorMaker2",
    });
  });

  it.each([
    { why: "a ConnectCluster that does not exist", connectClusters: [], reason: "ConnectClusterNotReady" },
    {
      why: "a ConnectCluster that is not Ready",
      connectClusters: [{ ...connect, status: {} }],
      reason: "ConnectClusterNotReady",
    },
    {
      why: "a ConnectCluster that does not admit the namespace",
      connectClusters: [{ ...connect, spec: { ...connect.spec, tenancy: { namespaces: [] } } }],
      reason: "TenancyViolation",
    },
  ])("refuses $why", ({ connectClusters, reason }) => {
    expect(resolveBackend(caches(both, connectClusters), "team-a", spec())).toMatchObject({
      isUsable: false,
      reason,
    });
  });
});
