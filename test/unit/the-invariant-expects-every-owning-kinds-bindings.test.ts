// The invariant is only as strict as what it expects: every kind that owns ACLs must count (a
// ClusterLink's and a ConnectorPrincipal's bindings too, or a fault test would call them left
// behind, or miss them lost), and of two exclusive owners of one principal only the holder
// removes. Here the API server's answers are given, so what is expected can be read exactly.
import { describe, expect, it } from "vitest";
import { type AclBinding, bindingKey } from "../../src/access/acl-binding.ts";
import { recordLedger } from "../../src/access/ownership-ledger.ts";
import { expectedAcls, type Kubectl } from "../support/acl-invariant.ts";

const ready = (reason: string) => [{ type: "Ready", status: "True", reason }];
const meta = (namespace: string, name: string, createdAt = "2026-01-01T00:00:00Z") => ({
  namespace,
  name,
  creationTimestamp: createdAt,
});
const read = (topic: string, principal: string): AclBinding => ({
  resourceType: "topic",
  resourceName: topic,
  patternType: "literal",
  principal,
  host: "*",
  operation: "Read",
  permission: "allow",
});

const exclusiveTenant = (name: string, prefix: string) => ({
  name,
  resourcePrefixes: { topic: [prefix] },
  exclusivePrincipals: ["User:shared"],
});
const objects: Record<string, object[]> = {
  kafkaclusters: [
    {
      metadata: meta("kafka", "destination"),
      spec: {
        bootstrapServers: ["127.0.0.1:9092"],
        tenancy: {
          namespaces: [
            exclusiveTenant("team-a", "a."),
            exclusiveTenant("team-b", "b."),
            { name: "kafka", allowClusterResource: true },
          ],
        },
      },
      status: { clusterId: "d", conditions: ready("ClusterReady") },
    },
    {
      metadata: meta("kafka", "source"),
      spec: { bootstrapServers: ["127.0.0.1:9093"] },
      status: { clusterId: "s", conditions: ready("ClusterReady") },
    },
  ],
  connectclusters: [
    {
      metadata: meta("kafka", "connect"),
      spec: { restUrl: "http://127.0.0.1:8083", kafkaClusterRef: { name: "destination" } },
      status: { conditions: ready("ConnectReady") },
    },
  ],
  clusterlinks: [
    {
      kind: "ClusterLink",
      metadata: meta("kafka", "orders"),
      spec: {
        backend: "mirrorMaker2",
        destination: { kafkaClusterRef: { name: "destination" } },
        source: {
          kafkaClusterRef: { name: "source" },
          credential: {
            securityProtocol: "SASL_PLAINTEXT",
            sasl: {
              mechanism: "SCRAM-SHA-512",
              username: "link",
              password: { name: "link", key: "password" },
            },
          },
        },
        mirrorMaker2: { connectClusterRef: { name: "connect" } },
        mirrors: { topics: [{ name: "orders" }] },
      },
    },
  ],
  connectorprincipals: [
    {
      kind: "ConnectorPrincipal",
      metadata: meta("kafka", "sink"),
      status: {
        conditions: ready("PrincipalApplied"),
        bindingCount: 1,
        aclLedgers: [
          {
            ...recordLedger({
              cluster: "kafka/destination",
              applied: [read("sink.in", "User:sink")],
              desired: [],
            }),
            principal: "User:sink",
          },
        ],
      },
    },
  ],
  kafkaacls: [
    // The older holds exclusive mode for User:shared; its namespace may remove only "a." topics.
    {
      kind: "KafkaAcl",
      metadata: meta("team-a", "holder", "2026-01-01T00:00:00Z"),
      spec: {
        clusterRef: { name: "destination", namespace: "kafka" },
        principal: "User:shared",
        exclusive: true,
      },
    },
    {
      kind: "KafkaAcl",
      metadata: meta("team-b", "contender", "2026-01-02T00:00:00Z"),
      spec: {
        clusterRef: { name: "destination", namespace: "kafka" },
        principal: "User:shared",
        exclusive: true,
      },
    },
  ],
};

function kubectlOf(lists: Record<string, object[]>): Kubectl {
  const items = (plural: string, namespace?: string) =>
    (lists[plural] ?? []).filter(
      (o) => !namespace || (o as { metadata: { namespace: string } }).metadata.namespace === namespace,
    );
  return async (args) => {
    const namespace = args[0] === "-n" ? args[1] : undefined;
    const [, plural, name] = args.slice(namespace ? 2 : 0);
    const plurals = plural === "kafkacluster" ? "kafkaclusters" : plural!;
    const found = items(plurals, namespace);
    const stdout =
      name && name !== "--all-namespaces" && name !== "-o"
        ? JSON.stringify(found.find((o) => (o as { metadata: { name: string } }).metadata.name === name))
        : JSON.stringify({ items: found });
    return { status: 0, stdout, stderr: "" };
  };
}

const expected = (lists: Record<string, object[]>, outOfBand: string[] = []) =>
  expectedAcls({
    kubectl: kubectlOf(lists),
    namespaces: ["kafka", "team-a", "team-b"],
    clusterResources: ["kafka/destination"],
    cluster: {} as never,
    outOfBand,
    isInScope: () => true,
  });

describe("the exact-ACL invariant", () => {
  it("expects a ClusterLink's bindings on its destination, and a ConnectorPrincipal's", async () => {
    const acls = await expected(objects);
    expect(acls).toContain(bindingKey(read("sink.in", "User:sink")));
    // What MirrorMaker 2 needs to write the mirror on the destination (the source is another cluster).
    expect(acls).toContain("allow|Write|topic|literal|orders|User:link|*");
  });

  it("keeps an undeclared ACL only the non-holding exclusive owner's namespace could remove", async () => {
    const inB = bindingKey(read("b.unknown", "User:shared"));
    const inA = bindingKey(read("a.unknown", "User:shared"));
    expect(await expected(objects, [inA, inB])).toEqual(expect.arrayContaining([inB]));
    expect(await expected(objects, [inA, inB])).not.toContain(inA);
  });

  it("refuses a ConnectorPrincipal whose ledgers hold fewer bindings than its status says it needs", async () => {
    const [principal] = objects.connectorprincipals as { status: object }[];
    const short = { ...principal, status: { ...principal!.status, bindingCount: 2 } };
    await expect(expected({ ...objects, connectorprincipals: [short] })).rejects.toThrow(
      "needs 2 binding(s), its ledgers hold 1",
    );
  });
});
