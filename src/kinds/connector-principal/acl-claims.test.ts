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

/** orders-sink's ledger on the destination, listing `bindings`. */
const ledgerOf = (bindings: string[]) => ({
  cluster: "kafka-system/destination",
  principal: "User:orders-sink",
  count: bindings.length,
  hash: "h",
  bindings,
});

describe("claimsFromLedgers", () => {
  it("claims at start-up what each ledger says was applied, for its cluster and principal", () => {
    expect(claimsFromLedgers([ledgerOf([bindingKey(read)])])).toEqual([
      { cluster: "kafka-system/destination", principal: "User:orders-sink", bindings: [read] },
    ]);
  });

  it("skips a key it cannot read (an edited status) rather than claiming something else", () => {
    const ledger = ledgerOf(["not a binding key", bindingKey(read)]);
    expect(claimsFromLedgers([ledger])[0]?.bindings).toEqual([read]);
  });
});
