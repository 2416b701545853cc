import { describe, expect, it } from "vitest";
import { describeBinding } from "../../access/acl-binding.ts";
import { desiredBindings } from "./desired-bindings.ts";
import { kafkaAclSpecSchema } from "./schema.ts";

const spec = (fields: object) =>
  kafkaAclSpecSchema.parse({ clusterRef: { name: "main" }, principal: "User:alice", ...fields });

describe("desiredBindings", () => {
  it("expands each written binding into one binding per operation, with the defaults filled in", () => {
    const { bindings } = desiredBindings(
      spec({ bindings: [{ resourceType: "topic", name: "orders", operations: ["Read", "Describe"] }] }),
    );
    expect(bindings.map(describeBinding)).toEqual([
      'ALLOW Read on topic "orders" for User:alice',
      'ALLOW Describe on topic "orders" for User:alice',
    ]);
    expect(bindings[0]).toMatchObject({ patternType: "literal", host: "*", permission: "allow" });
  });

  it("names the cluster resource kafka-cluster, and keeps deny, host and prefixes as written", () => {
    const { bindings } = desiredBindings(
      spec({
        bindings: [
          { resourceType: "cluster", operations: ["IdempotentWrite"] },
          {
            resourceType: "group",
            name: "team-a.",
            patternType: "prefixed",
            operations: ["Read"],
            permission: "deny",
            host: "127.0.0.1",
          },
        ],
      }),
    );
    expect(bindings.map(describeBinding)).toEqual([
      "ALLOW IdempotentWrite on the cluster for User:alice",
      'DENY Read on groups prefixed "team-a." for User:alice from host 127.0.0.1',
    ]);
    expect(bindings[0]?.resourceName).toBe("kafka-cluster");
  });

  it("expands roles through the catalog and shows each role's bindings", () => {
    const { bindings, roles } = desiredBindings(
      spec({
        roles: [
          { type: "consumer", topic: { name: "orders" }, group: { name: "billing" } },
          { type: "producer", topic: { name: "audit.", patternType: "prefixed" }, idempotent: true },
          {
            type: "transactionalProducer",
            topic: { name: "ledger" },
            transactionalId: { name: "ledger-tx" },
          },
        ],
      }),
    );
    expect(roles.map((r) => r.role)).toEqual([
      'consumer of topic "orders" in group "billing"',
      'idempotent producer to topics prefixed "audit."',
      'transactional producer to topic "ledger" with transactional id "ledger-tx"',
    ]);
    const consumerWords = roles[0]?.bindings.map(describeBinding);
    expect(consumerWords).toContain('ALLOW Read on topic "orders" for User:alice');
    expect(consumerWords).toContain('ALLOW Read on group "billing" for User:alice');
    expect(roles[1]?.bindings.map(describeBinding)).toContain(
      "ALLOW IdempotentWrite on the cluster for User:alice",
    );
    expect(roles[2]?.bindings.map(describeBinding)).toContain(
      'ALLOW Write on transactional id "ledger-tx" for User:alice',
    );
    expect(bindings.length).toBe(new Set(bindings.map(describeBinding)).size);
  });

  it("lists a binding a role and a written entry share once", () => {
    const { bindings } = desiredBindings(
      spec({
        bindings: [{ resourceType: "topic", name: "orders", operations: ["Read"] }],
        roles: [{ type: "consumer", topic: { name: "orders" }, group: { name: "billing" } }],
      }),
    );
    expect(
      bindings.filter((b) => describeBinding(b) === 'ALLOW Read on topic "orders" for User:alice'),
    ).toHaveLength(1);
  });
});
