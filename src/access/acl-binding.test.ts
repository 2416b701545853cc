import { describe, expect, it } from "vitest";
import {
  type AclBinding,
  bindingKey,
  describeBinding,
  expandAclEntries,
  parseBindingKey,
  sortBindings,
} from "./acl-binding.ts";

const readOrders: AclBinding = {
  resourceType: "topic",
  resourceName: "orders",
  patternType: "literal",
  principal: "User:alice",
  host: "*",
  operation: "Read",
  permission: "allow",
};

describe("bindingKey", () => {
  it.each([
    ["an ordinary binding reads as its fields", readOrders, "allow|Read|topic|literal|orders|User:alice|*"],
    [
      "a separator inside a group name is escaped, so it cannot forge another field",
      { ...readOrders, resourceType: "group", resourceName: "a|b" },
      "allow|Read|group|literal|a%7Cb|User:alice|*",
    ],
    [
      "a percent sign is escaped too, so escapes stay unambiguous",
      { ...readOrders, resourceType: "group", resourceName: "100%7C" },
      "allow|Read|group|literal|100%257C|User:alice|*",
    ],
    [
      "a TLS principal with commas and equals signs stays as it is",
      { ...readOrders, principal: "User:CN=app,O=Example" },
      "allow|Read|topic|literal|orders|User:CN=app,O=Example|*",
    ],
  ] satisfies Array<[string, AclBinding, string]>)("%s", (_why, binding, key) => {
    expect(bindingKey(binding)).toBe(key);
    expect(parseBindingKey(key)).toEqual(binding);
  });

  it("differs when any one field differs, since each field changes what Kafka grants", () => {
    const variants: AclBinding[] = [
      { ...readOrders, resourceType: "group" },
      { ...readOrders, resourceName: "orders2" },
      { ...readOrders, patternType: "prefixed" },
      { ...readOrders, principal: "User:bob" },
      { ...readOrders, host: "10.0.0.1" },
      { ...readOrders, operation: "Write" },
      { ...readOrders, permission: "deny" },
    ];
    const keys = new Set([readOrders, ...variants].map(bindingKey));
    expect(keys.size).toBe(variants.length + 1);
  });
});

describe("parseBindingKey", () => {
  it.each([
    ["too few fields (a truncated status entry)", "allow|Read|topic|literal|orders|User:alice"],
    ["an operation outside the vocabulary", "allow|Frobnicate|topic|literal|orders|User:alice|*"],
    ["a resource type outside the vocabulary", "allow|Read|user|literal|orders|User:alice|*"],
    ["a stray percent sign that bindingKey would have escaped", "allow|Read|topic|literal|50%|User:alice|*"],
  ])("rejects %s", (_why, key) => {
    expect(parseBindingKey(key)).toBeUndefined();
  });
});

describe("expandAclEntries", () => {
  it("gives one binding per operation, defaults to literal/allow/every host and drops duplicates", () => {
    const bindings = expandAclEntries("User:alice", [
      { resource: { type: "topic", name: "orders" }, operations: ["Read", "Describe"] },
      { resource: { type: "topic", name: "orders" }, operations: ["Read"] },
      {
        resource: { type: "group", name: "team-a.", patternType: "prefixed" },
        operations: ["Read"],
        permission: "deny",
        host: "10.0.0.1",
      },
    ]);
    expect(bindings.map(bindingKey)).toEqual([
      "allow|Read|topic|literal|orders|User:alice|*",
      "allow|Describe|topic|literal|orders|User:alice|*",
      "deny|Read|group|prefixed|team-a.|User:alice|10.0.0.1",
    ]);
  });
});

describe("describeBinding", () => {
  it.each([
    ["a literal topic", readOrders, 'ALLOW Read on topic "orders" for User:alice'],
    [
      "a prefix, in the plural",
      { ...readOrders, patternType: "prefixed", resourceName: "team-a." },
      'ALLOW Read on topics prefixed "team-a." for User:alice',
    ],
    [
      "the cluster, without its fixed name",
      { ...readOrders, resourceType: "cluster", resourceName: "kafka-cluster", operation: "IdempotentWrite" },
      "ALLOW IdempotentWrite on the cluster for User:alice",
    ],
    [
      "a deny from one host",
      { ...readOrders, permission: "deny", host: "10.0.0.1" },
      'DENY Read on topic "orders" for User:alice from host 10.0.0.1',
    ],
  ] satisfies Array<[string, AclBinding, string]>)("names %s", (_why, binding, text) => {
    expect(describeBinding(binding)).toBe(text);
  });
});

describe("sortBindings", () => {
  it("orders by key whatever the input order, so hashes and status lists are stable", () => {
    const write = { ...readOrders, operation: "Write" } as const;
    expect(sortBindings([write, readOrders])).toEqual(sortBindings([readOrders, write]));
  });
});
