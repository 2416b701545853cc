import { describe, expect, it } from "vitest";
import type { AclApplyOutcome } from "../shared/acl-ownership.ts";
import { type KafkaAclObservation, kafkaAclConditions } from "./checks.ts";

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
/** A reconcile that reached Kafka: two bindings on kafka-system/main, `fields` over that. */
const applied = (fields: Partial<Extract<KafkaAclObservation, { state: "applied" }>>) =>
  kafkaAclConditions({
    state: "applied",
    cluster: "kafka-system/main",
    bindingCount: 2,
    exclusive: false,
    releaseFailures: [],
    outcome: outcome(),
    ...fields,
  });
const verdicts = (conditions: ReturnType<typeof kafkaAclConditions>) =>
  conditions.map((c) => [c.type, c.status, c.reason]);

describe("kafkaAclConditions", () => {
  it.each([
    {
      why: "is Ready when every binding is applied, with no Exclusive condition unless exclusive",
      fields: {},
      expected: [
        ["AclsApplied", "True", "AclsApplied"],
        ["Ready", "True", "AclsApplied"],
      ],
      says: ["2 binding(s) applied on cluster kafka-system/main"],
    },
    {
      why: "is not Ready, for TenancyViolation, while it keeps ACLs it would remove but may not",
      fields: {
        exclusive: true,
        outcome: outcome({ kept: ['binding ALLOW Read on topic "platform.owned" for User:team-a-app: ...'] }),
      },
      expected: [
        ["AclsApplied", "True", "AclsApplied"],
        ["Ready", "False", "TenancyViolation"],
        ["Exclusive", "True", "OnlyDeclaredAcls"],
      ],
      says: ['topic "platform.owned"'],
    },
    {
      why: "names the refused bindings and Kafka's errors, five at most",
      fields: {
        bindingCount: 9,
        outcome: outcome({
          failures: Array.from(
            { length: 7 },
            (_, i) => `ALLOW Read on topic "t${i}" for User:a: INVALID_REQUEST`,
          ),
        }),
      },
      expected: [
        ["AclsApplied", "False", "AclsFailed"],
        ["Ready", "False", "AclsFailed"],
      ],
      says: ['Kafka refused 7 of 9 binding(s): ALLOW Read on topic "t0"', '"t4"', "and 2 more"],
      omits: '"t5"',
    },
    {
      why: "says when the ledger cannot name everything applied before",
      fields: { outcome: outcome({ isLedgerComplete: false }) },
      expected: [
        ["AclsApplied", "True", "AclsApplied"],
        ["Ready", "True", "AclsApplied"],
      ],
      says: ["some may be left behind"],
    },
    {
      why: "is not Ready while what it applied on a cluster it left cannot be removed",
      fields: { releaseFailures: ["cannot read the ACLs of kafka-system/old"] },
      expected: [
        ["AclsApplied", "True", "AclReleaseBlocked"],
        ["Ready", "False", "AclReleaseBlocked"],
      ],
      says: ["cannot read the ACLs of kafka-system/old"],
    },
  ])("$why", ({ fields, expected, says, omits }) => {
    const conditions = applied(fields);
    expect(verdicts(conditions)).toEqual(expected);
    const message = conditions.find((c) => c.type === "Ready")?.message;
    for (const part of says) expect(message).toContain(part);
    if (omits !== undefined) expect(message).not.toContain(omits);
  });

  it.each([
    {
      why: "reports ACLs no resource declares as awaiting removal",
      outcome: { pendingExclusiveRemovals: [{ binding: "k", firstSeen: "2026-01-01T00:00:00Z" }] },
      exclusive: ["Exclusive", "False", "UnknownAclsPending"],
    },
    {
      why: "reports ACLs it cannot model, to be left alone",
      outcome: { unmodeled: ["ALLOW CREATE_TOKENS on USER"] },
      exclusive: ["Exclusive", "False", "UnmodeledAcls"],
    },
    {
      why: "says when the principal holds only declared ACLs",
      outcome: {},
      exclusive: ["Exclusive", "True", "OnlyDeclaredAcls"],
    },
  ])("in exclusive mode $why", ({ outcome: fields, exclusive }) => {
    const conditions = applied({ exclusive: true, outcome: outcome(fields) });
    expect(verdicts(conditions).find(([type]) => type === "Exclusive")).toEqual(exclusive);
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
    expect(conditions.find((c) => c.type === "Ready")).toMatchObject({
      status: "True",
      reason: "AclsApplied",
    });
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
    expect(verdicts(conditions)).toEqual(expected);
  });

  it("a blocked resource is not Ready, with the reason on both conditions", () => {
    const conditions = kafkaAclConditions({
      state: "blocked",
      reason: "TenancyViolation",
      message: "outside limits",
    });
    expect(verdicts(conditions)).toEqual([
      ["AclsApplied", "False", "TenancyViolation"],
      ["Ready", "False", "TenancyViolation"],
    ]);
  });
});
