import { describe, expect, it } from "vitest";
import { bindingKey, parseBindingKey } from "./acl-binding.ts";
import { DesiredBindingIndex } from "./desired-binding-index.ts";
import { ObservedAcls } from "./observed-acls.ts";
import { type AclAction, type PendingExclusiveRemoval, planAclChanges } from "./plan-acl-changes.ts";

const b = (key: string) => parseBindingKey(key)!;
const alice = (name: string) => b(`allow|Read|topic|literal|${name}|User:alice|*`);
const NOW = new Date("2025-01-01T12:00:00Z");

interface Row {
  why: string;
  desired?: string[];
  applied?: string[];
  observed?: string[];
  others?: string[];
  exclusive?: boolean;
  pending?: PendingExclusiveRemoval[];
  graceMs?: number;
  isIndexComplete?: boolean;
  expected: string[];
  expectedPending?: string[];
}

/** Actions as "type reason name" for compact rows. */
const summarize = (actions: AclAction[]) =>
  actions.map((action) =>
    "binding" in action
      ? `${action.type} ${action.reason} ${action.binding.resourceName}`
      : `${action.type} ${action.reason} ${action.foreign.resourceName}`,
  );

function plan(row: Row) {
  const index = new DesiredBindingIndex();
  index.replaceOwner("ns/mine", (row.desired ?? []).map(alice));
  index.replaceOwner("ns/other", (row.others ?? []).map(alice));
  if (row.isIndexComplete ?? true) index.markComplete();
  return planAclChanges({
    ownerKey: "ns/mine",
    desired: (row.desired ?? []).map(alice),
    applied: (row.applied ?? []).map(alice),
    observed: new ObservedAcls((row.observed ?? []).map(alice)),
    index,
    options: {
      exclusive: row.exclusive ?? false,
      principal: "User:alice",
      pendingExclusiveRemovals: row.pending,
      now: NOW,
      exclusiveGraceMs: row.graceMs,
      removalProblem: outsideLimits,
    },
  });
}

/** The rows' tenancy: names starting "out-" lie outside what the owner's namespace may grant. */
const outsideLimits = (binding: { resourceName: string }) =>
  binding.resourceName.startsWith("out-") ? "outside the limits" : undefined;

const pendingFor = (name: string, firstSeen: string) => ({ binding: bindingKey(alice(name)), firstSeen });

describe("planAclChanges", () => {
  it.each<Row>([
    {
      why: "steady state: everything wanted is there, nothing to do",
      desired: ["a"],
      applied: ["a"],
      observed: ["a"],
      expected: [],
    },
    { why: "a new binding is created", desired: ["a"], expected: ["create missing a"] },
    {
      why: "a binding this CR applied was deleted out of band: drift repair",
      desired: ["a"],
      applied: ["a"],
      expected: ["create driftRepair a"],
    },
    {
      why: "a binding dropped from the spec and wanted by nobody is deleted",
      applied: ["a"],
      observed: ["a"],
      expected: ["delete noLongerWanted a"],
    },
    {
      why: "a binding dropped from the spec but wanted by another CR stays",
      applied: ["a"],
      observed: ["a"],
      others: ["a"],
      expected: [],
    },
    {
      why: "a dropped binding already gone needs no delete",
      applied: ["a"],
      expected: [],
    },
    {
      why: "nothing is deleted before every CR is indexed after a start",
      applied: ["a"],
      observed: ["a"],
      isIndexComplete: false,
      expected: [],
    },
    {
      why: "non-exclusive: a binding of the principal no CR applied is never touched",
      observed: ["hand-made"],
      expected: [],
    },
    {
      why: "exclusive: an unknown binding is first only reported and becomes pending",
      observed: ["hand-made"],
      exclusive: true,
      expected: ["reportUnknown exclusivePending hand-made"],
      expectedPending: ["hand-made@2025-01-01T12:00:00.000Z"],
    },
    {
      why: "exclusive: a pending unknown binding still present on a later reconcile is deleted",
      observed: ["hand-made"],
      exclusive: true,
      pending: [pendingFor("hand-made", "2025-01-01T11:00:00.000Z")],
      expected: ["delete exclusiveUnknown hand-made"],
      expectedPending: ["hand-made@2025-01-01T11:00:00.000Z"],
    },
    {
      why: "exclusive: a pending binding inside its grace period is still only reported",
      observed: ["hand-made"],
      exclusive: true,
      graceMs: 2 * 3600_000,
      pending: [pendingFor("hand-made", "2025-01-01T11:00:00.000Z")],
      expected: ["reportUnknown exclusivePending hand-made"],
      expectedPending: ["hand-made@2025-01-01T11:00:00.000Z"],
    },
    {
      why: "exclusive: a pending binding is not deleted while the index is incomplete",
      observed: ["hand-made"],
      exclusive: true,
      isIndexComplete: false,
      pending: [pendingFor("hand-made", "2025-01-01T11:00:00.000Z")],
      expected: ["reportUnknown exclusivePending hand-made"],
      expectedPending: ["hand-made@2025-01-01T11:00:00.000Z"],
    },
    {
      why: "exclusive: a pending binding that disappeared is dropped from pending",
      exclusive: true,
      pending: [pendingFor("hand-made", "2025-01-01T11:00:00.000Z")],
      expected: [],
      expectedPending: [],
    },
    {
      why: "exclusive: a binding another CR wants for the same principal is not unknown",
      observed: ["theirs"],
      others: ["theirs"],
      exclusive: true,
      expected: [],
      expectedPending: [],
    },
    {
      why: "a binding the ledger names but the namespace could not have granted is kept, not deleted (an edited or old ledger)",
      applied: ["out-victim"],
      observed: ["out-victim"],
      expected: ["keep outsideTenancy out-victim"],
    },
    {
      why: "exclusive: an unknown binding outside the namespace's limits is kept, never reported for removal",
      observed: ["out-platform", "hand-made"],
      exclusive: true,
      pending: [pendingFor("out-platform", "2025-01-01T11:00:00.000Z")],
      expected: ["keep outsideTenancy out-platform", "reportUnknown exclusivePending hand-made"],
      expectedPending: ["hand-made@2025-01-01T12:00:00.000Z"],
    },
  ])("$why", (row) => {
    const result = plan(row);
    expect(summarize(result.actions)).toEqual(row.expected);
    if (row.expectedPending) {
      expect(
        result.pendingExclusiveRemovals.map(
          (p) => `${parseBindingKey(p.binding)!.resourceName}@${p.firstSeen}`,
        ),
      ).toEqual(row.expectedPending);
    }
  });

  it("orders creations, then deletions, then reports", () => {
    const result = plan({
      why: "",
      desired: ["new"],
      applied: ["old"],
      observed: ["old", "hand-made"],
      exclusive: true,
      expected: [],
    });
    expect(summarize(result.actions)).toEqual([
      "create missing new",
      "delete noLongerWanted old",
      "reportUnknown exclusivePending hand-made",
    ]);
  });

  it("exclusive: reports an ACL of the principal outside the vocabulary, and never deletes it", () => {
    const foreign = {
      resourceType: "USER",
      resourceName: "User:bob",
      patternType: "LITERAL",
      principal: "User:alice",
      host: "*",
      operation: "CREATE_TOKENS",
      permission: "ALLOW",
      why: "resource type USER",
    };
    const index = new DesiredBindingIndex();
    index.markComplete();
    const result = planAclChanges({
      ownerKey: "ns/mine",
      desired: [],
      applied: [],
      observed: new ObservedAcls([], [foreign]),
      index,
      options: { exclusive: true, principal: "User:alice", now: NOW, removalProblem: () => undefined },
    });
    expect(result.actions).toEqual([{ type: "reportUnknown", foreign, reason: "notModeled" }]);
  });
});
