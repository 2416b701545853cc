import { describe, expect, it } from "vitest";
import { ownedLedgersOf } from "./owned-acls.ts";

const key = "allow|Read|topic|literal|orders|User:alice|*";
const legacy = { cluster: "kafka/main", count: 1, hash: "sha256:x", bindings: [key] };

describe("ownedLedgersOf", () => {
  it.each([
    { why: "no status: no ledgers", status: undefined, expected: [] },
    {
      why: "an earlier version's single ledger is read on upgrade, its principal taken from its keys",
      status: { aclLedger: legacy },
      expected: [{ ...legacy, principal: "User:alice" }],
    },
    {
      why: "the ledgers of this version win over a legacy field left behind",
      status: { aclLedgers: [{ ...legacy, principal: "User:bob" }], aclLedger: legacy },
      expected: [{ ...legacy, principal: "User:bob" }],
    },
    {
      why: "an empty legacy ledger holds nothing to carry over",
      status: { aclLedger: { ...legacy, count: 0, bindings: [] } },
      expected: [],
    },
  ])("$why", ({ status, expected }) => {
    expect(ownedLedgersOf(status, "aclLedger")).toEqual(expected);
  });
});
