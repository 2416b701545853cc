import { describe, expect, it } from "vitest";
import { AclOwnership } from "./acl-ownership.ts";

describe("AclOwnership's exclusive claims", () => {
  it("says who asks for exclusive mode, and forgets an owner that stops asking or goes", () => {
    const ownership = new AclOwnership({} as never);
    const entry = "kafka-system/main|User:bob";
    ownership.declareExclusive("KafkaAcl/a/older", [entry], "2026-01-01T00:00:00Z");
    ownership.declareExclusive("KafkaAcl/b/newer", [entry], "2026-02-01T00:00:00Z");
    expect(ownership.asksExclusive("KafkaAcl/a/older")).toBe(true);
    expect(ownership.asksExclusive("KafkaAcl/c/never")).toBe(false);
    expect(ownership.exclusiveClaimantsOf(entry).map((c) => c.ownerKey)).toEqual([
      "KafkaAcl/a/older",
      "KafkaAcl/b/newer",
    ]);

    ownership.declareExclusive("KafkaAcl/a/older", [], undefined);
    ownership.forget("KafkaAcl/b/newer");
    expect(ownership.asksExclusive("KafkaAcl/a/older")).toBe(false);
    expect(ownership.exclusiveClaimantsOf(entry)).toEqual([]);
  });
});
