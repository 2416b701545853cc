import { describe, expect, it } from "vitest";
import { expandRows } from "../../access/requirements-catalog.ts";
import type { LinkAccessNeed, LinkBackendFactory } from "../../ports/link-backend-factory.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { declaredLinkClaims } from "./declared-claims.ts";
import type { LinkCaches, LinkConnectCluster, LinkKafkaCluster } from "./link-references.ts";

const ready = [{ type: "Ready", status: "True" as const, reason: "R", message: "", lastTransitionTime: "" }];
const admitsTeamA = { namespaces: [{ name: "team-a" }] };
const kafkaCluster = (name: string): LinkKafkaCluster => ({
  metadata: { namespace: "kafka", name },
  spec: { bootstrapServers: [`${name}:9092`], tenancy: admitsTeamA as never },
  status: { clusterId: `${name}-id`, conditions: ready },
});
/** Its workers are down: not Ready, as after a restart of everything. */
const connect: LinkConnectCluster = {
  metadata: { namespace: "kafka", name: "connect" },
  spec: { restUrl: "http://connect:8083", kafkaClusterRef: { name: "destination" }, tenancy: admitsTeamA },
  status: { conditions: [{ ...ready[0]!, status: "False" as const }] },
};
const need = (side: "source" | "destination", topic: string): LinkAccessNeed => ({
  side,
  principal: `User:link-${side}`,
  purpose: "mirroring",
  requirements: expandRows(["mm2.source.topics"], { topics: [topic] }),
});
const runs: LinkBackendFactory = {
  accessOf: () => [need("source", "orders"), need("destination", "team-a.orders")],
  backendOf: () => {
    throw new Error("a start-up declaration asks for no backend");
  },
};
const refuses: LinkBackendFactory = {
  ...runs,
  accessOf: () => {
    throw new OperatorError("keytab without a mount", { reason: "LinkSpecUnsupported", isRetryable: false });
  },
};

function caches(factory: LinkBackendFactory, connectClusters = [connect]): LinkCaches {
  const find = <T extends { metadata?: { namespace?: string; name?: string } }>(list: T[]) => ({
    get: (namespace: string, name: string) =>
      list.find((o) => o.metadata?.namespace === namespace && o.metadata?.name === name),
  });
  return {
    kafkaClusters: find([kafkaCluster("destination"), kafkaCluster("source")]),
    connectClusters: find(connectClusters),
    connectClients: {
      apiOf: () => {
        throw new Error("a start-up declaration asks Connect nothing");
      },
    },
    backends: { mirrorMaker2: factory },
  };
}
const link = (spec: object = {}) => ({
  metadata: { namespace: "team-a", name: "orders" },
  spec: {
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
    ...spec,
  },
});
const summary = (claims: ReturnType<typeof declaredLinkClaims>) =>
  claims.map(
    (c) => `${c.cluster} ${c.principal} ${[...new Set(c.bindings.map((b) => b.resourceName))].join(",")}`,
  );

describe("declaredLinkClaims", () => {
  it.each([
    {
      why: "a link whose ConnectCluster is not Ready yet is declared on both ends, so what it shares survives a start",
      caches: caches(runs),
      object: link(),
      expected: [
        "kafka/destination User:link-destination team-a.orders",
        "kafka/source User:link-source orders",
      ],
    },
    {
      why: "a spec it cannot read declares nothing (its reconcile says InvalidSpec)",
      caches: caches(runs),
      object: link({ backend: 42 }),
      expected: [],
    },
    {
      why: "a ConnectCluster that does not exist declares nothing",
      caches: caches(runs, []),
      object: link(),
      expected: [],
    },
    {
      why: "a link its backend cannot run declares nothing",
      caches: caches(refuses),
      object: link(),
      expected: [],
    },
  ])("$why", ({ caches, object, expected }) => {
    expect(summary(declaredLinkClaims(caches, object))).toEqual(expected);
  });

  it("lets a failure that is no operator error through", () => {
    const broken = {
      ...runs,
      accessOf: () => {
        throw new TypeError("bug");
      },
    };
    expect(() => declaredLinkClaims(caches(broken), link())).toThrow("bug");
  });
});
