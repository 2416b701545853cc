import { describe, expect, it } from "vitest";
import { parseBindingKey } from "./acl-binding.ts";
import {
  checkTenancy,
  exclusiveProblem,
  limitsForNamespace,
  matchesGlob,
  type NamespaceAclLimits,
  principalProblem,
  removalProblem,
  type TenancyScope,
} from "./tenancy-check.ts";

const b = (key: string) => parseBindingKey(key)!;

const teamA: NamespaceAclLimits = {
  name: "team-a",
  principals: ["User:team-a-*"],
  resourcePrefixes: { topic: ["team-a."], group: ["team-a.", "shared."] },
  operations: ["Read", "Write", "Describe"],
  allowClusterResource: false,
  denyOnly: false,
};

describe("checkTenancy", () => {
  it.each([
    ["a literal topic under the prefix", "allow|Read|topic|literal|team-a.orders|User:team-a-app|*", []],
    ["a prefix inside the allowed prefix", "allow|Read|topic|prefixed|team-a.orders.|User:team-a-app|*", []],
    ["a group under the second allowed prefix", "allow|Read|group|literal|shared.g|User:team-a-app|*", []],
    [
      "a transactional id, for which no prefixes are set",
      "allow|Write|transactionalId|literal|anything|User:team-a-app|*",
      [],
    ],
    [
      "a topic outside the prefix",
      "allow|Write|topic|literal|orders|User:team-a-app|*",
      [
        'binding ALLOW Write on topic "orders" for User:team-a-app: topic names for namespace team-a must start with "team-a."',
      ],
    ],
    [
      'prefixed "" would cover every topic',
      "allow|Read|topic|prefixed||User:team-a-app|*",
      [
        'binding ALLOW Read on topics prefixed "" for User:team-a-app: topic prefixes for namespace team-a must start with "team-a."',
      ],
    ],
    [
      "a prefix shorter than the allowed one covers other tenants' topics",
      "allow|Read|topic|prefixed|team-|User:team-a-app|*",
      [
        'binding ALLOW Read on topics prefixed "team-" for User:team-a-app: topic prefixes for namespace team-a must start with "team-a."',
      ],
    ],
    [
      'the literal name "*" is every topic',
      "allow|Read|topic|literal|*|User:team-a-app|*",
      [
        'binding ALLOW Read on topic "*" for User:team-a-app: the literal name "*" matches every topic; topic names for namespace team-a must start with "team-a."',
      ],
    ],
    [
      "a group outside both prefixes lists both",
      "allow|Read|group|literal|g|User:team-a-app|*",
      [
        'binding ALLOW Read on group "g" for User:team-a-app: group names for namespace team-a must start with one of "team-a.", "shared."',
      ],
    ],
    [
      "a principal outside the patterns",
      "allow|Read|topic|literal|team-a.x|User:team-b-app|*",
      [
        'binding ALLOW Read on topic "team-a.x" for User:team-b-app: principals for namespace team-a must match "User:team-a-*"',
      ],
    ],
    [
      "User:* (every principal) does not match a narrower pattern",
      "allow|Read|topic|literal|team-a.x|User:*|*",
      [
        'binding ALLOW Read on topic "team-a.x" for User:*: principals for namespace team-a must match "User:team-a-*"',
      ],
    ],
    [
      "an operation not delegated",
      "allow|Delete|topic|literal|team-a.x|User:team-a-app|*",
      [
        'binding ALLOW Delete on topic "team-a.x" for User:team-a-app: namespace team-a may only bind Read, Write, Describe',
      ],
    ],
    [
      "All is not implied by the operations it covers",
      "allow|All|topic|literal|team-a.x|User:team-a-app|*",
      [
        'binding ALLOW All on topic "team-a.x" for User:team-a-app: namespace team-a may only bind Read, Write, Describe',
      ],
    ],
    [
      "the cluster resource without allowClusterResource",
      "allow|Describe|cluster|literal|kafka-cluster|User:team-a-app|*",
      [
        "binding ALLOW Describe on the cluster for User:team-a-app: namespace team-a may not bind the cluster resource",
      ],
    ],
  ])("%s", (_why, key, messages) => {
    expect(checkTenancy([b(key)], teamA, "team-a").map((v) => v.message)).toEqual(messages);
  });

  it("reports every broken rule of one binding", () => {
    const violations = checkTenancy([b("allow|Delete|topic|literal|orders|User:x|*")], teamA, "team-a");
    expect(violations.map((v) => v.rule)).toEqual(["principal", "resourceName", "operation"]);
  });

  it.each([
    ["allows a deny binding", "deny|Read|topic|literal|team-a.x|User:team-a-app|*", []],
    ["rejects an allow binding", "allow|Read|topic|literal|team-a.x|User:team-a-app|*", ["denyOnly"]],
  ])("deny-only %s", (_why, key, rules) => {
    const limits = { ...teamA, denyOnly: true };
    expect(checkTenancy([b(key)], limits, "team-a").map((v) => v.rule)).toEqual(rules);
  });

  it.each([
    [
      "no principal",
      { principals: [] },
      "allow|Read|topic|literal|x|User:a|*",
      "may not grant to any principal",
    ],
    [
      "no topic",
      { resourcePrefixes: { topic: [] } },
      "allow|Read|topic|literal|x|User:a|*",
      "may not bind any topic",
    ],
    ["no operation", { operations: [] }, "allow|Read|topic|literal|x|User:a|*", "may not bind any operation"],
  ])("an empty list allows %s", (_why, limits, key, message) => {
    const [violation] = checkTenancy([b(key)], { name: "n", ...limits }, "n");
    expect(violation?.message).toContain(message);
  });

  it("passes everything without limits (the cluster's own namespace, no policy)", () => {
    expect(checkTenancy([b("allow|All|topic|literal|*|User:*|*")], undefined, "kafka")).toEqual([]);
  });
});

describe("limitsForNamespace", () => {
  const cluster = { namespace: "kafka", name: "prod" };
  const policy = { namespaces: [teamA, { name: "*", denyOnly: true }] };

  it.each([
    [
      "no policy: the cluster's own namespace, without limits",
      undefined,
      "kafka",
      { isAllowed: true, limits: undefined },
    ],
    [
      "no policy: another namespace may not",
      undefined,
      "team-a",
      {
        isAllowed: false,
        message: 'cluster "kafka/prod" has no tenancy policy, so only namespace kafka may use it',
      },
    ],
    ["a namespace listed by name gets its own entry", policy, "team-a", { isAllowed: true, limits: teamA }],
    [
      "another namespace falls back to *",
      policy,
      "team-z",
      { isAllowed: true, limits: { name: "*", denyOnly: true } },
    ],
    [
      "with a policy and no *, an unlisted namespace may not, the cluster's own included",
      { namespaces: [teamA] },
      "kafka",
      {
        isAllowed: false,
        message: 'cluster "kafka/prod" does not allow namespace kafka in its tenancy policy',
      },
    ],
  ])("%s", (_why, policy, namespace, expected) => {
    expect(limitsForNamespace({ policy, namespace, cluster })).toEqual(expected);
  });
});

describe("principalProblem", () => {
  it.each([
    ["a principal matching the namespace's patterns", teamA, "User:team-a-app", undefined],
    ["no limits: any principal", undefined, "User:admin", undefined],
    [
      "another tenant's principal, even with no binding to check",
      teamA,
      "User:victim",
      'principal User:victim: principals for namespace team-a must match "User:team-a-*"',
    ],
    [
      "an empty list admits no principal",
      { ...teamA, principals: [] },
      "User:team-a-app",
      "principal User:team-a-app: namespace team-a may not grant to any principal",
    ],
  ])("%s", (_why, limits, principal, expected) => {
    expect(principalProblem(principal, limits, "team-a")).toBe(expected);
  });
});

describe("exclusiveProblem", () => {
  it.each([
    ["no limits (the cluster's own namespace without a policy): allowed", undefined, "User:x", undefined],
    [
      "limits without exclusivePrincipals deny exclusive mode, even for the namespace's own principals",
      teamA,
      "User:team-a-app",
      "exclusive mode for User:team-a-app: namespace team-a may hold no principal exclusively (the cluster's tenancy lists no exclusivePrincipals for it)",
    ],
    [
      "a granted pattern allows it",
      { ...teamA, exclusivePrincipals: ["User:team-a-*"] },
      "User:team-a-app",
      undefined,
    ],
    [
      "a principal outside the granted patterns",
      { ...teamA, exclusivePrincipals: ["User:team-a-owned-*"] },
      "User:team-a-app",
      'exclusive mode for User:team-a-app: namespace team-a may hold only "User:team-a-owned-*" exclusively',
    ],
  ])("%s", (_why, limits, principal, expected) => {
    expect(exclusiveProblem(principal, limits, "team-a")).toBe(expected);
  });
});

describe("removalProblem", () => {
  const admitted: TenancyScope = { namespace: "team-a", isAdmitted: true, limits: teamA };
  it.each([
    [
      "a binding the namespace could have granted",
      admitted,
      "allow|Read|topic|literal|team-a.x|User:team-a-app|*",
      undefined,
    ],
    [
      "a topic outside its prefixes, though the principal is its own",
      admitted,
      "allow|Read|topic|literal|platform.owned|User:team-a-app|*",
      'binding ALLOW Read on topic "platform.owned" for User:team-a-app: topic names for namespace team-a must start with "team-a."',
    ],
    [
      "another principal's binding (a ledger naming it was edited)",
      admitted,
      "allow|Read|topic|literal|team-a.x|User:victim|*",
      'binding ALLOW Read on topic "team-a.x" for User:victim: principals for namespace team-a must match "User:team-a-*"',
    ],
    [
      "a namespace no longer admitted may remove nothing",
      { namespace: "team-a", isAdmitted: false, message: "not allowed" },
      "allow|Read|topic|literal|team-a.x|User:team-a-app|*",
      'binding ALLOW Read on topic "team-a.x" for User:team-a-app: not allowed',
    ],
  ] as const)("%s", (_why, scope, key, expected) => {
    expect(removalProblem(b(key), scope)).toBe(expected);
  });
});

describe("matchesGlob", () => {
  it.each([
    ["User:team-a-*", "User:team-a-app", true],
    ["User:team-a-*", "User:team-a-", true],
    ["User:team-a-*", "User:team-b-app", false],
    ["User:*-svc", "User:orders-svc", true],
    ["User:a*b*c", "User:abc", true],
    ["User:a*b*c", "User:acb", false],
    ["User:a*a", "User:a", false],
    ["User:alice", "User:alice", true],
    ["User:alice", "User:alice2", false],
    ["User:a.c", "User:abc", false],
  ])("%s matches %s: %s", (pattern, text, expected) => {
    expect(matchesGlob(pattern, text)).toBe(expected);
  });
});
