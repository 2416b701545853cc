import { describe, expect, it } from "vitest";
import {
  type DesiredLink,
  type LinkBackend,
  type LinkChange,
  LinkChangesIncompleteError,
} from "../../ports/link-backend.ts";
import { ClusterUnreachableError, OperatorError } from "../../ports/operator-error.ts";
import type { LinkCaches } from "./link-references.ts";
import { removeLink } from "./link-removal.ts";

const ready = [{ type: "Ready", status: "True" as const, reason: "R", message: "", lastTransitionTime: "" }];
const connect = {
  metadata: { namespace: "team-a", name: "connect" },
  spec: { restUrl: "http://connect:8083", kafkaClusterRef: { name: "destination" } },
  status: { conditions: ready },
};
const caches = (connectClusters: object[] = [connect]): LinkCaches => ({
  // The destination KafkaCluster may be gone already: removal does not read it.
  kafkaClusters: { get: () => undefined },
  connectClusters: {
    get: (_namespace, name) =>
      connectClusters.find((c) => (c as typeof connect).metadata.name === name) as never,
  },
  connectClients: { apiOf: () => ({}) as never },
  backends: { mirrorMaker2: { accessOf: () => [], backendOf: () => ({}) as never } },
});
const rawSpec = {
  backend: "mirrorMaker2",
  destination: { kafkaClusterRef: { name: "destination" } },
  source: {
    bootstrapServers: ["source:9092"],
    credential: {
      securityProtocol: "SASL_PLAINTEXT",
      sasl: { mechanism: "SCRAM-SHA-512", username: "link", password: { name: "link", key: "password" } },
    },
  },
  mirrorMaker2: { connectClusterRef: { name: "connect" } },
  mirrors: { topics: [{ name: "orders" }] },
};
const resource = { namespace: "team-a", name: "orders" };
const deleted: LinkChange[] = [{ part: "team-a.orders.MirrorSourceConnector", outcome: "deleted" }];
const backend = (remove: LinkBackend["delete"]) => () => ({ delete: remove }) as LinkBackend;

describe("removeLink", () => {
  it("deletes the link's parts through its backend, naming the link after the resource", async () => {
    const names: string[] = [];
    const removal = await removeLink(
      caches(),
      backend(async (link) => {
        names.push(link.name);
        return deleted;
      }),
      resource,
      rawSpec,
      { isDryRun: false },
    );
    expect(removal).toEqual({ isRemoved: true, changes: deleted });
    expect(names).toEqual(["team-a.orders"]);
  });

  it("finds a Confluent link through what remains of its KafkaClusters: their cluster ids", async () => {
    const links: DesiredLink[] = [];
    const destination = {
      metadata: { namespace: "kafka", name: "destination" },
      spec: { bootstrapServers: ["destination:9092"] },
      status: { clusterId: "dest-id" },
    };
    const withConfluent: LinkCaches = {
      ...caches(),
      kafkaClusters: { get: (_namespace, name) => (name === "destination" ? destination : undefined) },
      backends: { confluent: { accessOf: () => [], backendOf: () => ({}) as never } },
    };
    const confluentSpec = {
      ...rawSpec,
      backend: "confluent",
      mirrorMaker2: undefined,
      source: { ...rawSpec.source, clusterId: "source-id" },
      destination: { kafkaClusterRef: { name: "destination", namespace: "kafka" } },
    };
    const removal = await removeLink(
      withConfluent,
      backend(async (link) => {
        links.push(link);
        return [];
      }),
      resource,
      confluentSpec,
      { isDryRun: false },
    );
    expect(removal).toEqual({ isRemoved: true, changes: [] });
    expect(links[0]).toMatchObject({
      name: "orders",
      destination: { kafkaCluster: "kafka/destination", clusterId: "dest-id" },
      source: { clusterId: "source-id" },
    });
  });

  it("keeps the changes a refused deletion made on the way, for their Events", async () => {
    const promoted: LinkChange[] = [{ part: 'mirror topic "orders"', outcome: "promoted" }];
    const refusal = new OperatorError("orders is still being promoted", {
      reason: "LinkDeletionBlocked",
      isRetryable: false,
    });
    const removal = await removeLink(
      caches(),
      backend(async () => {
        throw new LinkChangesIncompleteError(refusal, promoted);
      }),
      resource,
      rawSpec,
      { isDryRun: false },
    );
    expect(removal).toMatchObject({ isRemoved: false, changes: promoted });
  });

  it.each([
    {
      why: "the backend refuses while mirrors still mirror: its words, and how to let go",
      caches: caches(),
      isDryRun: false,
      remove: async () => {
        throw new OperatorError('Cannot delete cluster link "orders": 1 mirror topic(s) still mirror', {
          reason: "LinkDeletionBlocked",
          isRetryable: false,
        });
      },
      message:
        /^Cannot delete cluster link "orders": 1 mirror topic\(s\) still mirror; deletion waits \(set deletionPolicy: Orphan/,
    },
    {
      why: "under --dry-run nothing is deleted and the finalizer stays",
      caches: caches(),
      isDryRun: true,
      remove: async () => deleted,
      message: /--dry-run/,
    },
    {
      why: "a ConnectCluster that is not there keeps the connectors, and says how to let go",
      caches: caches([]),
      isDryRun: false,
      remove: async () => deleted,
      message: /ConnectCluster "team-a\/connect" does not exist; deletion waits \(set deletionPolicy: Orphan/,
    },
    {
      why: "Connect not answering keeps the link waiting",
      caches: caches(),
      isDryRun: false,
      remove: async () => {
        throw new ClusterUnreachableError("Connect did not answer");
      },
      message: /Cannot remove the link: Connect did not answer/,
    },
  ])("waits when $why", async ({ caches: given, isDryRun, remove, message }) => {
    const removal = await removeLink(given, backend(remove), resource, rawSpec, { isDryRun });
    expect(removal.isRemoved).toBe(false);
    expect(removal.isRemoved === false && removal.message).toMatch(message);
  });
});
