import type { DescribeAclResource } from "kafkajs";
import { describe, expect, it } from "vitest";
import { bindingKey, parseBindingKey } from "../../access/acl-binding.ts";
import { fromDescribedResources, isSendableByClient, toExactFilter, toWireAcl } from "./acl-wire-codes.ts";

const resource = (
  resourceType: number,
  resourcePatternType: number,
  acls: Array<[operation: number, permissionType: number]>,
  resourceName = "orders",
) =>
  ({
    resourceType,
    resourceName,
    resourcePatternType,
    acls: acls.map(([operation, permissionType]) => ({
      principal: "User:alice",
      host: "*",
      operation,
      permissionType,
    })),
  }) as DescribeAclResource;

describe("fromDescribedResources", () => {
  it.each([
    ["a literal topic READ ALLOW", resource(2, 3, [[3, 3]]), "allow|Read|topic|literal|orders|User:alice|*"],
    [
      "a prefixed group DESCRIBE DENY",
      resource(3, 4, [[8, 2]]),
      "deny|Describe|group|prefixed|orders|User:alice|*",
    ],
    [
      "IDEMPOTENT_WRITE on the cluster",
      resource(4, 3, [[12, 3]], "kafka-cluster"),
      "allow|IdempotentWrite|cluster|literal|kafka-cluster|User:alice|*",
    ],
    [
      "a delegation token resource",
      resource(6, 3, [[8, 3]], "token-1"),
      "allow|Describe|delegationToken|literal|token-1|User:alice|*",
    ],
  ])("reads %s as a binding", (_why, described, key) => {
    expect(fromDescribedResources([described])).toEqual({ bindings: [parseBindingKey(key)], foreign: [] });
  });

  it.each([
    [
      "a USER resource (delegation tokens on behalf of a user)",
      resource(7, 3, [[13, 3]]),
      "resource type USER not modeled",
    ],
    ["a MATCH pattern, which only filters use", resource(2, 2, [[3, 3]]), "pattern type MATCH not modeled"],
    ["TWO_PHASE_COMMIT, new in Kafka 4", resource(5, 3, [[15, 3]]), "operation TWO_PHASE_COMMIT not modeled"],
    ["an operation code from a newer Kafka", resource(2, 3, [[42, 3]]), "operation UNKNOWN(42) not modeled"],
    [
      "a resource type code from a newer Kafka",
      resource(99, 3, [[3, 3]]),
      "resource type UNKNOWN(99) not modeled",
    ],
    ["an ANY permission", resource(2, 3, [[3, 1]]), "permission ANY not modeled"],
  ])("keeps %s as foreign, without failing the rest", (_why, described, why) => {
    const { bindings, foreign } = fromDescribedResources([described, resource(2, 3, [[4, 3]])]);
    expect(bindings.map(bindingKey)).toEqual(["allow|Write|topic|literal|orders|User:alice|*"]);
    expect(foreign.map((acl) => acl.why)).toEqual([why]);
  });
});

describe("toWireAcl / toExactFilter", () => {
  const binding = parseBindingKey("deny|IdempotentWrite|cluster|literal|kafka-cluster|User:a|10.0.0.1")!;

  it("sends Kafka's codes, and the exact filter sets every field (no ANY, no MATCH)", () => {
    const wire = {
      resourceType: 4,
      resourceName: "kafka-cluster",
      resourcePatternType: 3,
      principal: "User:a",
      host: "10.0.0.1",
      operation: 12,
      permissionType: 2,
    };
    expect(toWireAcl(binding)).toEqual(wire);
    expect(toExactFilter(binding)).toEqual(wire);
  });

  it.each([
    [
      "IdempotentWrite, the last operation kafkajs knows",
      "allow|IdempotentWrite|cluster|literal|kafka-cluster|User:a|*",
      true,
    ],
    [
      "DescribeTokens, which kafkajs refuses to send",
      "allow|DescribeTokens|cluster|literal|kafka-cluster|User:a|*",
      false,
    ],
  ])("isSendableByClient: %s", (_why, key, expected) => {
    expect(isSendableByClient(parseBindingKey(key)!)).toBe(expected);
  });
});
