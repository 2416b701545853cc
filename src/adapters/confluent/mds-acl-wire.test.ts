import { describe, expect, it } from "vitest";
import type { AclBinding } from "../../access/acl-binding.ts";
import { OPERATIONS, RESOURCE_TYPES } from "../../access/acl-vocabulary.ts";
import { fromMdsAclBindings, toMdsAclBinding, whyMdsCannotHold } from "./mds-acl-wire.ts";

const binding = (overrides: Partial<AclBinding> = {}): AclBinding => ({
  resourceType: "topic",
  resourceName: "orders",
  patternType: "literal",
  principal: "User:alice",
  host: "*",
  operation: "Read",
  permission: "allow",
  ...overrides,
});

describe("whyMdsCannotHold", () => {
  it.each([
    { why: "topics are MDS resources", b: binding(), expected: undefined },
    {
      why: "transactional ids are MDS resources",
      b: binding({ resourceType: "transactionalId", operation: "Write" }),
      expected: undefined,
    },
    {
      why: "MDS has no delegation-token resource",
      b: binding({ resourceType: "delegationToken", operation: "Describe" }),
      expected: /no delegationToken resource/,
    },
    {
      why: "MDS has no token operations",
      b: binding({ resourceType: "cluster", operation: "CreateTokens" }),
      expected: /no CreateTokens operation/,
    },
  ])("$why", ({ b, expected }) => {
    const why = whyMdsCannotHold(b);
    if (expected === undefined) expect(why).toBeUndefined();
    else expect(why).toMatch(expected);
  });

  it("places every word of the vocabulary: held by MDS, or refused with a reason", () => {
    for (const resourceType of RESOURCE_TYPES) {
      for (const operation of OPERATIONS) {
        const b = binding({ resourceType, operation });
        if (whyMdsCannotHold(b) === undefined) expect(() => toMdsAclBinding(b)).not.toThrow();
      }
    }
    expect(
      RESOURCE_TYPES.filter((t) => whyMdsCannotHold(binding({ resourceType: t })) !== undefined),
    ).toEqual(["delegationToken"]);
    expect(OPERATIONS.filter((o) => whyMdsCannotHold(binding({ operation: o })) !== undefined)).toEqual([
      "CreateTokens",
      "DescribeTokens",
    ]);
  });
});

describe("fromMdsAclBindings", () => {
  it("reads back what toMdsAclBinding wrote, for every word MDS holds", () => {
    const written = [
      binding(),
      binding({ patternType: "prefixed", resourceName: "team-a.", permission: "deny", host: "10.0.0.1" }),
      binding({ resourceType: "cluster", resourceName: "kafka-cluster", operation: "IdempotentWrite" }),
      binding({ resourceType: "group", operation: "All", principal: "User:*" }),
    ];
    expect(fromMdsAclBindings(written.map(toMdsAclBinding))).toEqual({ bindings: written, foreign: [] });
  });

  it.each([
    {
      why: "a resource type the operator does not model",
      field: "resourceType",
      value: "SUBJECT",
      expected: "resource type SUBJECT",
    },
    {
      why: "the MATCH pattern type, which only filters use",
      field: "patternType",
      value: "MATCH",
      expected: "pattern type MATCH",
    },
    {
      why: "an operation added after this version",
      field: "operation",
      value: "TWO_PHASE_COMMIT",
      expected: "operation TWO_PHASE_COMMIT",
    },
  ])("keeps $why as a foreign ACL, not an error", ({ field, value, expected }) => {
    const wire = toMdsAclBinding(binding());
    const odd =
      field === "operation"
        ? { ...wire, entry: { ...wire.entry, operation: value } }
        : { ...wire, pattern: { ...wire.pattern, [field]: value } };
    const { bindings, foreign } = fromMdsAclBindings([
      odd,
      toMdsAclBinding(binding({ resourceName: "other" })),
    ]);
    expect(bindings).toHaveLength(1);
    expect(foreign).toEqual([expect.objectContaining({ why: expected, principal: "User:alice" })]);
  });
});
