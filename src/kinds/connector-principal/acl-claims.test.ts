import { describe, expect, it } from "vitest";
import { bindingKey } from "../../access/acl-binding.ts";
import { claimsFromLedgers } from "./acl-claims.ts";

const read = {
  resourceType: "topic",
  resourceName: "orders",
  patternType: "literal",
  principal: "User:orders-sink",
  host: "*",
  operation: "Read",
  permission: "allow",
} as const;

describe("claimsFromLedgers", () => {
  it("claims at start-up what each ledger says was applied, for its cluster and principal", () => {
    const ledger = {
      cluster: "kafka-system/destination",
      principal: "User:orders-sink",
      count: 1,
      hash: "h",
      bindings: [bindingKey(read)],
    };
    expect(claimsFromLedgers([ledger])).toEqual([
      { cluster: "kafka-system/destination", principal: "User:orders-sink", bindings: [read] },
    ]);
  });

  it("skips a key it cannot read (an edited status) rather than claiming something else", () => {
    const ledger = {
      cluster: "kafka-system/destination",
      principal: "User:orders-sink",
      count: 2,
      hash: "h",
      bindings: ["not a binding key", bindingKey(read)],
    };
    expect(claimsFromLedgers([ledger])[0]?.bindings).toEqual([read]);
  });
});
