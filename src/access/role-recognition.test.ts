import { describe, expect, it } from "vitest";
import { consumer, producer, transactionalProducer, withPrincipal } from "./access-roles.ts";
import { type AclBinding, bindingKey, parseBindingKey } from "./acl-binding.ts";
import { type RecognizedRole, recognizeRoles } from "./role-recognition.ts";

const P = "User:alice";
const b = (key: string) => parseBindingKey(key.replace("$P", P))!;
const literal = (name: string) => ({ name, patternType: "literal" as const });
const prefixed = (name: string) => ({ name, patternType: "prefixed" as const });

// kafka-acls --consumer / --producer, as the catalog's roles expand them.
const consumerOf = (topic: string, group: string) =>
  withPrincipal(consumer({ topic, group }), P).map(bindingKey);
const producerTo = (topic: string, idempotent = false) =>
  withPrincipal(producer({ topic, idempotent }), P).map(bindingKey);

function expandAll(roles: readonly RecognizedRole[]): string[] {
  return roles.flatMap((role) => {
    const requirements =
      role.type === "consumer"
        ? consumer({ topic: role.topic, group: role.group })
        : role.type === "producer"
          ? producer({ topic: role.topic, idempotent: role.idempotent })
          : transactionalProducer({ topic: role.topic, transactionalId: role.transactionalId });
    return withPrincipal(requirements, P).map(bindingKey);
  });
}

describe("recognizeRoles", () => {
  it.each<[string, string[], RecognizedRole[], number]>([
    [
      "a consumer's three bindings become one role",
      consumerOf("orders", "billing"),
      [{ type: "consumer", topic: literal("orders"), group: literal("billing") }],
      0,
    ],
    [
      "without Describe on the topic there is no consumer role",
      ["allow|Read|topic|literal|orders|$P|*", "allow|Read|group|literal|billing|$P|*"],
      [],
      2,
    ],
    [
      "two topics read in one group: two roles sharing the group",
      [...consumerOf("a", "g"), ...consumerOf("b", "g")],
      [
        { type: "consumer", topic: literal("a"), group: literal("g") },
        { type: "consumer", topic: literal("b"), group: literal("g") },
      ],
      0,
    ],
    [
      "two topics and two groups pair up instead of multiplying",
      [...consumerOf("a", "g1"), ...consumerOf("b", "g2")],
      [
        { type: "consumer", topic: literal("a"), group: literal("g1") },
        { type: "consumer", topic: literal("b"), group: literal("g2") },
      ],
      0,
    ],
    [
      "prefixed patterns make a prefixed role",
      withPrincipal(consumer({ topic: prefixed("team."), group: prefixed("team.") }), P).map(bindingKey),
      [{ type: "consumer", topic: prefixed("team."), group: prefixed("team.") }],
      0,
    ],
    [
      "a producer's bindings become a producer role",
      producerTo("orders"),
      [{ type: "producer", topic: literal("orders"), idempotent: false }],
      0,
    ],
    [
      "IdempotentWrite on the cluster makes it an idempotent producer",
      producerTo("orders", true),
      [{ type: "producer", topic: literal("orders"), idempotent: true }],
      0,
    ],
    [
      "a transactional producer",
      withPrincipal(transactionalProducer({ topic: "out", transactionalId: "tx" }), P).map(bindingKey),
      [{ type: "transactionalProducer", topic: literal("out"), transactionalId: literal("tx") }],
      0,
    ],
    [
      "producer and consumer of one topic share its Describe",
      [...producerTo("orders"), ...consumerOf("orders", "g")],
      [
        { type: "producer", topic: literal("orders"), idempotent: false },
        { type: "consumer", topic: literal("orders"), group: literal("g") },
      ],
      0,
    ],
    [
      "a binding beyond the role stays written out",
      [...consumerOf("orders", "g"), "allow|Write|topic|literal|orders|$P|*"],
      [{ type: "consumer", topic: literal("orders"), group: literal("g") }],
      1,
    ],
    [
      "deny bindings are never a role",
      consumerOf("orders", "g").map((key) => key.replace("allow", "deny")),
      [],
      3,
    ],
    [
      "bindings from one host are never a role",
      consumerOf("orders", "g").map((key) => key.replace(/\|\*$/, "|10.0.0.1")),
      [],
      3,
    ],
  ])("%s", (_why, keys, roles, remainingCount) => {
    const bindings: AclBinding[] = keys.map(b);
    const recognized = recognizeRoles(P, bindings);
    expect(recognized.roles).toEqual(roles);
    expect(recognized.remaining).toHaveLength(remainingCount);
    // The rewrite is exact: roles and remaining bindings expand to the bindings given.
    const rewritten = new Set([...expandAll(recognized.roles), ...recognized.remaining.map(bindingKey)]);
    expect([...rewritten].sort()).toEqual([...new Set(bindings.map(bindingKey))].sort());
  });
});
