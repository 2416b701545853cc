import { describe, expect, it } from "vitest";
import { parseOperation, parseResourceType } from "./acl-words.ts";

describe("parseOperation", () => {
  it.each([
    ["Kafka's Java name", "DESCRIBE_CONFIGS", "DescribeConfigs"],
    ["the resource's spelling", "IdempotentWrite", "IdempotentWrite"],
    ["lower case with a dash", "alter-configs", "AlterConfigs"],
    ["kafka-acls' spelling", "Read", "Read"],
  ])("reads %s", (_why, given, expected) => {
    expect(parseOperation(given)).toBe(expected);
  });

  it("names the accepted words for an unknown one", () => {
    expect(() => parseOperation("Publish")).toThrow(/unknown operation "Publish"; one of All, Read/);
  });
});

describe("parseResourceType", () => {
  it.each([
    ["TRANSACTIONAL_ID", "transactionalId"],
    ["transactional-id", "transactionalId"],
    ["Topic", "topic"],
  ])("reads %s", (given, expected) => {
    expect(parseResourceType(given)).toBe(expected);
  });
});
