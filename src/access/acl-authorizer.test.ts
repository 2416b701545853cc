// Each row states a rule of Kafka's StandardAuthorizer (StandardAuthorizerData.authorize,
// findAclRule, checkSection and findResult in Apache Kafka 4.x); the e2e test
// `explain-agrees-with-the-broker` holds a sample of them against a real broker.
import { describe, expect, it } from "vitest";
import { type AuthorizationRequest, authorize, matchOperation, matchResource } from "./acl-authorizer.ts";
import { parseBindingKey } from "./acl-binding.ts";

const b = (key: string) => parseBindingKey(key)!;
const READ_ORDERS: AuthorizationRequest = {
  principal: "User:alice",
  operation: "Read",
  resourceType: "topic",
  resourceName: "orders",
};

describe("authorize", () => {
  it.each<[string, Partial<AuthorizationRequest>, string[], "allowed" | "denied", string]>([
    ["no binding at all: the default (deny)", {}, [], "denied", "noAclForResource"],
    [
      "a literal allow of the exact name",
      {},
      ["allow|Read|topic|literal|orders|User:alice|*"],
      "allowed",
      "allowBinding",
    ],
    [
      "a literal name is not a prefix (checkSection skips literal ACLs shorter than the name)",
      {},
      ["allow|Read|topic|literal|order|User:alice|*"],
      "denied",
      "noAclForResource",
    ],
    [
      "a prefixed allow covering the name",
      {},
      ["allow|Read|topic|prefixed|ord|User:alice|*"],
      "allowed",
      "allowBinding",
    ],
    [
      "a prefix equal to the whole name still matches",
      {},
      ["allow|Read|topic|prefixed|orders|User:alice|*"],
      "allowed",
      "allowBinding",
    ],
    [
      "a prefix longer than the name does not match",
      {},
      ["allow|Read|topic|prefixed|orders.eu|User:alice|*"],
      "denied",
      "noAclForResource",
    ],
    [
      "the literal name * matches every topic",
      {},
      ["allow|Read|topic|literal|*|User:alice|*"],
      "allowed",
      "allowBinding",
    ],
    [
      "a prefixed * matches only names starting with *",
      {},
      ["allow|Read|topic|prefixed|*|User:alice|*"],
      "denied",
      "noAclForResource",
    ],
    [
      "User:* matches every principal",
      {},
      ["allow|Read|topic|literal|orders|User:*|*"],
      "allowed",
      "allowBinding",
    ],
    [
      "another principal's binding does not apply, but the resource has ACLs (DENY_RULE, not the default)",
      {},
      ["allow|Read|topic|literal|orders|User:bob|*"],
      "denied",
      "noApplyingBinding",
    ],
    [
      "a binding for a group named like the topic is another resource type",
      {},
      ["allow|Read|group|literal|orders|User:alice|*"],
      "denied",
      "noAclForResource",
    ],
    [
      "All grants every operation",
      {},
      ["allow|All|topic|literal|orders|User:alice|*"],
      "allowed",
      "allowBinding",
    ],
    [
      "Describe does not grant Read",
      {},
      ["allow|Describe|topic|literal|orders|User:alice|*"],
      "denied",
      "noApplyingBinding",
    ],
    ...(["Read", "Write", "Delete", "Alter"] as const).map(
      (operation) =>
        [
          `an allow of ${operation} implies Describe (IMPLIES_DESCRIBE)`,
          { operation: "Describe" },
          [`allow|${operation}|topic|literal|orders|User:alice|*`],
          "allowed",
          "allowBinding",
        ] as [string, Partial<AuthorizationRequest>, string[], "allowed", string],
    ),
    [
      "Create does not imply Describe",
      { operation: "Describe" },
      ["allow|Create|topic|literal|orders|User:alice|*"],
      "denied",
      "noApplyingBinding",
    ],
    [
      "AlterConfigs implies DescribeConfigs (IMPLIES_DESCRIBE_CONFIGS)",
      { operation: "DescribeConfigs" },
      ["allow|AlterConfigs|topic|literal|orders|User:alice|*"],
      "allowed",
      "allowBinding",
    ],
    [
      "DescribeConfigs does not imply AlterConfigs",
      { operation: "AlterConfigs" },
      ["allow|DescribeConfigs|topic|literal|orders|User:alice|*"],
      "denied",
      "noApplyingBinding",
    ],
    [
      "deny wins over allow",
      {},
      ["allow|Read|topic|prefixed|ord|User:alice|*", "deny|Read|topic|literal|orders|User:alice|*"],
      "denied",
      "denyBinding",
    ],
    [
      "a deny for User:* wins over the principal's own allow",
      {},
      ["allow|Read|topic|literal|orders|User:alice|*", "deny|Read|topic|literal|orders|User:*|*"],
      "denied",
      "denyBinding",
    ],
    [
      "a wildcard-name deny wins over a literal allow",
      {},
      ["allow|Read|topic|literal|orders|User:alice|*", "deny|All|topic|literal|*|User:alice|*"],
      "denied",
      "denyBinding",
    ],
    [
      "a deny of Read does not deny Describe (deny bindings imply nothing)",
      { operation: "Describe" },
      ["allow|Read|topic|prefixed|ord|User:alice|*", "deny|Read|topic|literal|orders|User:alice|*"],
      "allowed",
      "allowBinding",
    ],
    [
      "a deny of All denies Describe",
      { operation: "Describe" },
      ["allow|Read|topic|literal|orders|User:alice|*", "deny|All|topic|literal|orders|User:alice|*"],
      "denied",
      "denyBinding",
    ],
    [
      "a deny of another operation does not touch this one",
      {},
      ["allow|Read|topic|literal|orders|User:alice|*", "deny|Write|topic|literal|orders|User:alice|*"],
      "allowed",
      "allowBinding",
    ],
    [
      "a binding from one host does not apply to a client of unknown address",
      {},
      ["allow|Read|topic|literal|orders|User:alice|10.0.0.1"],
      "denied",
      "noApplyingBinding",
    ],
    [
      "a binding from one host applies to a client from that address",
      { host: "10.0.0.1" },
      ["allow|Read|topic|literal|orders|User:alice|10.0.0.1"],
      "allowed",
      "allowBinding",
    ],
    [
      "a binding from one host does not apply to a client from another",
      { host: "10.0.0.2" },
      ["allow|Read|topic|literal|orders|User:alice|10.0.0.1"],
      "denied",
      "noApplyingBinding",
    ],
    [
      "a deny from one host applies only from that host",
      { host: "10.0.0.2" },
      ["allow|Read|topic|literal|orders|User:alice|*", "deny|Read|topic|literal|orders|User:alice|10.0.0.1"],
      "allowed",
      "allowBinding",
    ],
    [
      "the cluster resource is matched by its one name",
      { operation: "IdempotentWrite", resourceType: "cluster", resourceName: "kafka-cluster" },
      ["allow|IdempotentWrite|cluster|literal|kafka-cluster|User:alice|*"],
      "allowed",
      "allowBinding",
    ],
  ])("%s", (_why, request, keys, expected, rule) => {
    const decision = authorize({ ...READ_ORDERS, ...request }, keys.map(b));
    expect(decision.isAllowed ? "allowed" : "denied").toBe(expected);
    expect(decision.rule).toBe(rule);
  });

  it("lists every applying deny as deciding and the allows it overrides", () => {
    const allow = b("allow|Read|topic|prefixed|ord|User:alice|*");
    const denies = [b("deny|Read|topic|literal|orders|User:alice|*"), b("deny|All|topic|literal|*|User:*|*")];
    const decision = authorize(READ_ORDERS, [allow, ...denies]);
    expect(decision.deciding.map((d) => d.binding)).toEqual(denies);
    expect(decision.deciding.map((d) => [d.resource, d.operation])).toEqual([
      ["literal", "exact"],
      ["wildcard", "all"],
    ]);
    expect(decision.overridden.map((d) => d.binding)).toEqual([allow]);
  });

  it("reports bindings that would apply from another address", () => {
    const fromHost = b("allow|Read|topic|literal|orders|User:alice|10.0.0.1");
    const decision = authorize(READ_ORDERS, [fromHost]);
    expect(decision.otherHosts.map((d) => d.binding)).toEqual([fromHost]);
  });

  it("allows a super user whatever the bindings say, and says when super users were not known", () => {
    const deny = b("deny|All|topic|literal|*|User:*|*");
    const asSuperUser = authorize(READ_ORDERS, [deny], { superUsers: ["User:alice"] });
    expect([asSuperUser.isAllowed, asSuperUser.rule, asSuperUser.isSuperUserKnown]).toEqual([
      true,
      "superUser",
      true,
    ]);
    const unknown = authorize(READ_ORDERS, [deny]);
    expect([unknown.isAllowed, unknown.isSuperUserKnown]).toEqual([false, false]);
  });

  it.each([
    ["allows a resource without any ACL when allow.everyone.if.no.acl.found is on", [], true],
    [
      "still denies when the resource has an ACL for someone else (hasResourceAcls)",
      ["allow|Read|topic|literal|orders|User:bob|*"],
      false,
    ],
  ])("%s", (_why, keys, expected) => {
    const decision = authorize(READ_ORDERS, keys.map(b), { allowEveryoneIfNoAclFound: true });
    expect(decision.isAllowed).toBe(expected);
    expect(decision.isDefaultKnown).toBe(true);
  });
});

describe("matchResource", () => {
  it.each([
    [
      "a literal pattern matches its own name",
      "allow|Read|topic|literal|orders|User:a|*",
      "orders",
      "literal",
    ],
    [
      "a prefixed pattern matches a longer name",
      "allow|Read|topic|prefixed|orders|User:a|*",
      "orders-eu",
      "prefixed",
    ],
    ["the literal * matches any name", "allow|Read|topic|literal|*|User:a|*", "anything", "wildcard"],
    [
      "a literal pattern does not match a longer name",
      "allow|Read|topic|literal|orders|User:a|*",
      "orders-eu",
      undefined,
    ],
  ])("%s", (_why, key, name, expected) => {
    expect(matchResource(b(key), "topic", name)).toBe(expected);
  });

  it("never matches another resource type", () => {
    expect(matchResource(b("allow|Read|topic|literal|*|User:a|*"), "group", "orders")).toBeUndefined();
  });
});

describe("matchOperation", () => {
  it.each([
    ["All covers anything", "All", "ClusterAction", "deny", "all"],
    ["an allow of Write implies Describe", "Write", "Describe", "allow", "implied"],
    ["a deny of Write implies nothing", "Write", "Describe", "deny", undefined],
    ["an operation covers itself", "Create", "Create", "deny", "exact"],
  ] as const)("%s", (_why, granted, requested, permission, expected) => {
    expect(matchOperation(granted, requested, permission)).toBe(expected);
  });
});
