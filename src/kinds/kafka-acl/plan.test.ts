import { describe, expect, it } from "vitest";
import type { AclBinding } from "../../access/acl-binding.ts";
import { DesiredBindingIndex } from "../../access/desired-binding-index.ts";
import { ObservedAcls } from "../../access/observed-acls.ts";
import { recordLedger } from "../../access/ownership-ledger.ts";
import type { ClusterView } from "../../access/plan-owned-acls.ts";
import type { AclOwnershipReason } from "../shared/reasons.ts";
import { desiredBindings } from "./desired-bindings.ts";
import {
  appliedFields,
  exclusiveRivals,
  kafkaAclClaims,
  nextExclusiveCheckMs,
  planKafkaAcl,
} from "./plan.ts";
import { type KafkaAclSpec, kafkaAclSpecSchema } from "./schema.ts";

const spec = (fields: object = {}): KafkaAclSpec =>
  kafkaAclSpecSchema.parse({
    clusterRef: { name: "main", namespace: "kafka" },
    principal: "User:alice",
    bindings: [{ resourceType: "topic", name: "orders", operations: ["Read"] }],
    ...fields,
  });
const index = new DesiredBindingIndex();
index.markComplete();
const usable = (observed: AclBinding[] = []): ClusterView<AclOwnershipReason> => ({
  isUsable: true,
  limits: undefined,
  observed: new ObservedAcls(observed),
  index,
});

function plan(
  s: KafkaAclSpec,
  view: ClusterView<AclOwnershipReason>,
  { isDryRun = false, holds = false } = {},
) {
  const claims = kafkaAclClaims(s, desiredBindings(s), "team-a");
  const ledgers = holds
    ? [
        {
          ...recordLedger({ cluster: "kafka/main", applied: claims[0]!.bindings, desired: [] }),
          principal: "User:alice",
        },
      ]
    : [];
  return planKafkaAcl(
    s,
    {
      ownerKey: "KafkaAcl/team-a/x",
      namespace: "team-a",
      claims,
      ledgers,
      clusters: new Map([["kafka/main", view]]),
      now: new Date(),
    },
    { isOperatorDryRun: isDryRun },
  );
}

describe("planKafkaAcl", () => {
  it.each([
    {
      why: "a usable cluster: apply, under the finalizer",
      s: spec(),
      view: usable(),
      expected: { action: "apply", isFinalizerWanted: true },
    },
    {
      why: "deletionPolicy Orphan: apply without a finalizer",
      s: spec({ deletionPolicy: "Orphan" }),
      view: usable(),
      expected: { action: "apply", isFinalizerWanted: false },
    },
    {
      why: "a cluster that is not Ready: report why, touch nothing, leave the finalizer as it is",
      s: spec(),
      view: { isUsable: false, reason: "KafkaClusterNotReady", message: "not Ready" } as const,
      expected: {
        action: "report",
        observation: {
          state: "blocked",
          reason: "KafkaClusterNotReady",
          message: "Nothing applied: not Ready",
        },
      },
    },
    {
      why: "a dry run with a creation pending is planned, not empty, and needs no finalizer yet",
      s: spec({ dryRun: true }),
      view: usable(),
      expected: {
        action: "report",
        observation: {
          state: "planned",
          isEmpty: false,
          summary: "1 to create, 0 to delete, 0 unknown to report",
        },
        isFinalizerWanted: false,
      },
    },
  ])("$why", ({ s, view, expected }) => {
    expect(plan(s, view)).toMatchObject(expected);
  });

  it("under the operator-wide dry run keeps the finalizer of a resource that holds bindings", () => {
    const planned = plan(spec(), usable(), { isDryRun: true, holds: true });
    expect(planned).toMatchObject({ action: "report", isFinalizerWanted: true });
  });

  it("a dry run the cluster already satisfies is an empty plan", () => {
    const s = spec({ dryRun: true });
    const planned = plan(s, usable([...desiredBindings(s).bindings]));
    expect(planned).toMatchObject({ observation: { state: "planned", isEmpty: true } });
  });
});

describe("kafkaAclClaims", () => {
  it("claims the spec's bindings on the referenced cluster, exclusive with its grace period", () => {
    const s = spec({ exclusive: true, exclusiveGracePeriodSeconds: 30 });
    const [claim] = kafkaAclClaims(s, desiredBindings(s), "team-a");
    expect(claim).toMatchObject({
      cluster: "kafka/main",
      principal: "User:alice",
      exclusive: { pendingRemovals: [], graceMs: 30_000 },
    });
    expect(claim?.bindings).toHaveLength(1);
  });
});

describe("nextExclusiveCheckMs", () => {
  const now = new Date("2026-01-01T00:01:00Z");
  it.each([
    { why: "nothing pending: no requeue", pending: [], expected: undefined },
    {
      why: "the first removal due decides, a little after it is due",
      pending: [
        { binding: "a", firstSeen: "2026-01-01T00:00:30Z" },
        { binding: "b", firstSeen: "2026-01-01T00:00:50Z" },
      ],
      expected: 30_500,
    },
    {
      why: "one already overdue comes back within a second",
      pending: [{ binding: "a", firstSeen: "2025-12-31T00:00:00Z" }],
      expected: 1000,
    },
  ])("$why", ({ pending, expected }) => {
    expect(nextExclusiveCheckMs(pending, 60, now)).toBe(expected);
  });
});

describe("appliedFields", () => {
  const applied = {
    ledger: { cluster: "kafka/main", principal: "User:alice", count: 1, hash: "sha256:x", bindings: [] },
    created: 1,
    deleted: 0,
    driftRepairs: 0,
    removedUnknown: [],
    pendingExclusiveRemovals: [{ binding: "k", firstSeen: "2026-01-01T00:00:00Z" }],
    unmodeled: ["ALLOW CREATE_TOKENS on USER"],
    failures: [],
    kept: [],
    isLedgerComplete: true,
  };
  it.each([
    {
      why: "exclusive mode shows what it reported and cannot model; the dry-run plan goes",
      exclusive: true,
      expected: {
        appliedCount: 1,
        plan: undefined,
        pendingRemovals: applied.pendingExclusiveRemovals,
        unmodeled: applied.unmodeled,
      },
    },
    {
      why: "without exclusive mode there is nothing of the kind to show",
      exclusive: false,
      expected: { appliedCount: 1, plan: undefined, pendingRemovals: undefined, unmodeled: undefined },
    },
  ])("$why", ({ exclusive, expected }) => {
    expect(appliedFields(spec({ exclusive }), applied)).toMatchObject(expected);
  });
});

describe("exclusiveRivals", () => {
  const acl = (namespace: string, name: string, fields: object) => ({
    metadata: { namespace, name },
    spec: { clusterRef: { name: "main", namespace: "kafka" }, principal: "User:alice", ...fields },
  });
  const holder = acl("team-a", "holder", { exclusive: true });
  const all = [
    holder,
    acl("team-b", "contender", { exclusive: true }),
    acl("team-c", "shares-the-principal", { exclusive: false }),
    acl("team-d", "other-principal", { exclusive: true, principal: "User:bob" }),
    acl("kafka", "same-cluster-named-locally", { exclusive: true, clusterRef: { name: "main" } }),
    acl("team-e", "other-cluster", { exclusive: true, clusterRef: { name: "main", namespace: "elsewhere" } }),
  ];
  it.each([
    {
      why: "a changed or deleted one re-queues the others asking exclusive mode there, however they name the cluster",
      changed: holder,
      expected: ["team-b/contender", "kafka/same-cluster-named-locally"],
    },
    {
      why: "one that dropped exclusive still re-queues them: it may have held it",
      changed: acl("team-a", "holder", { exclusive: false }),
      expected: ["team-b/contender", "kafka/same-cluster-named-locally"],
    },
    {
      why: "a spec it cannot read re-queues nothing",
      changed: { metadata: holder.metadata, spec: {} },
      expected: [],
    },
  ])("$why", ({ changed, expected }) => {
    expect(exclusiveRivals(changed, all)).toEqual(expected);
  });
});
