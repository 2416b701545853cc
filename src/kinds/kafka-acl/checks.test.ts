import { describe, expect, it } from "vitest";
import type { AclApplyOutcome } from "../shared/acl-ownership.ts";
import { kafkaAclConditions } from "./checks.ts";

const outcome = (fields: Partial<AclApplyOutcome> = {}): AclApplyOutcome => ({
  ledger: { cluster: "kafka-system/main", principal: "User:a", count: 2, hash: "sha256:x", bindings: [] },
  created: 2,
  deleted: 0,
  driftRepairs: 0,
  removedUnknown: [],
  pendingExclusiveRemovals: [],
  unmodeled: [],
  failures: [],
  kept: [],
  isLedgerComplete: true,
  ...fields,
});
const ready = (conditions: ReturnType<typeof kafkaAclConditions>) =>
  conditions.find((c) => c.type === "Ready");

describe("kafkaAclConditions", () => {
  it("is not Ready, for TenancyViolation, while it keeps ACLs it would remove but may not", () => {
    const conditions = kafkaAclConditions({
      state: "applied",
      cluster: "kafka-system/main",
      bindingCount: 2,
      exclusive: true,
      releaseFailures: [],
      outcome: outcome({ kept: ['binding ALLOW Read on topic "platform.owned" for User:team-a-app: ...'] }),
    });
    expect(ready(conditions)).toMatchObject({ status: "False", reason: "TenancyViolation" });
    expect(ready(conditions)?.message).toContain('topic "platform.owned"');
    expect(conditions.find((c) => c.type === "AclsApplied")).toMatchObject({ status: "True" });
  });

  it("is Ready when every binding is applied", () => {
    const conditions = kafkaAclConditions({
      state: "applied",
      cluster: "kafka-system/main",
      bindingCount: 2,
      exclusive: false,
      releaseFailures: [],
      outcome: outcome(),
    });
    expect(ready(conditions)).toMatchObject({ status: "True", reason: "AclsApplied" });
    expect(conditions.find((c) => c.type === "Exclusive")).toBeUndefined();
  });

  it("names the refused bindings and Kafka's errors, five at most", () => {
    const failures = Array.from(
      { length: 7 },
      (_, i) => `ALLOW Read on topic "t${i}" for User:a: INVALID_REQUEST`,
    );
    const conditions = kafkaAclConditions({
      state: "applied",
      cluster: "kafka-system/main",
      bindingCount: 9,
      exclusive: false,
      releaseFailures: [],
      outcome: outcome({ failures }),
    });
    const condition = ready(conditions);
    expect(condition).toMatchObject({ status: "False", reason: "AclsFailed" });
    expect(condition?.message).toContain('Kafka refused 7 of 9 binding(s): ALLOW Read on topic "t0"');
    expect(condition?.message).toContain("and 2 more");
    expect(condition?.message).not.toContain('"t5"');
  });

  it("says when the ledger cannot name everything applied before", () => {
    const conditions = kafkaAclConditions({
      state: "applied",
      cluster: "c",
      bindingCount: 1,
      exclusive: false,
      releaseFailures: [],
      outcome: outcome({ isLedgerComplete: false }),
    });
    expect(ready(conditions)?.message).toContain("some may be left behind");
  });

  it("in exclusive mode reports pending removals, then unmodeled ACLs, then a clean principal", () => {
    const exclusive = (fields: Partial<AclApplyOutcome>) =>
      kafkaAclConditions({
        state: "applied",
        cluster: "c",
        bindingCount: 1,
        exclusive: true,
        releaseFailures: [],
        outcome: outcome(fields),
      }).find((c) => c.type === "Exclusive");
    expect(
      exclusive({ pendingExclusiveRemovals: [{ binding: "k", firstSeen: "2026-01-01T00:00:00Z" }] }),
    ).toMatchObject({
      status: "False",
      reason: "UnknownAclsPending",
    });
    expect(exclusive({ unmodeled: ["ALLOW CREATE_TOKENS on USER"] })).toMatchObject({
      reason: "UnmodeledAcls",
    });
    expect(exclusive({})).toMatchObject({ status: "True", reason: "OnlyDeclaredAcls" });
  });

  it("names the holder when another resource holds exclusive mode, and stays Ready on its own bindings", () => {
    const conditions = kafkaAclConditions({
      state: "applied",
      cluster: "c",
      bindingCount: 1,
      exclusive: true,
      exclusiveHeldBy: "KafkaAcl/team-a/older",
      releaseFailures: [],
      outcome: outcome({}),
    });
    expect(conditions.find((c) => c.type === "Exclusive")).toMatchObject({
      status: "False",
      reason: "ExclusiveHeldElsewhere",
      message: expect.stringContaining("KafkaAcl/team-a/older"),
    });
    expect(ready(conditions)).toMatchObject({ status: "True", reason: "AclsApplied" });
  });

  it.each([
    {
      why: "a dry run with changes pending is not Ready: the declared access is not in place",
      isEmpty: false,
      expected: [
        ["AclsApplied", "False", "DryRunPlanned"],
        ["Ready", "False", "DryRunPlanned"],
      ],
    },
    {
      why: "a dry run whose plan is empty is Ready: the cluster already holds every binding",
      isEmpty: true,
      expected: [
        ["AclsApplied", "True", "DryRunPlanned"],
        ["Ready", "True", "DryRunPlanned"],
      ],
    },
  ])("$why", ({ isEmpty, expected }) => {
    const conditions = kafkaAclConditions({ state: "planned", summary: "2 to create", isEmpty });
    expect(conditions.map((c) => [c.type, c.status, c.reason])).toEqual(expected);
  });

  it("is not Ready while what it applied on a cluster it left cannot be removed", () => {
    const conditions = kafkaAclConditions({
      state: "applied",
      cluster: "kafka-system/main",
      bindingCount: 2,
      exclusive: false,
      releaseFailures: ["cannot read the ACLs of kafka-system/old"],
      outcome: outcome(),
    });
    expect(ready(conditions)).toMatchObject({ status: "False", reason: "AclReleaseBlocked" });
  });

  it("a blocked resource is not Ready, with the reason on both conditions", () => {
    const conditions = kafkaAclConditions({
      state: "blocked",
      reason: "TenancyViolation",
      message: "outside limits",
    });
    expect(conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ["AclsApplied", "False", "TenancyViolation"],
      ["Ready", "False", "TenancyViolation"],
    ]);
  });
});
