import { describe, expect, it } from "vitest";
import { type AclBinding, bindingKey, parseBindingKey } from "../access/acl-binding.ts";
import { ObservedAcls } from "../access/observed-acls.ts";
import { recordLedger } from "../access/ownership-ledger.ts";
import type { AclTenancyPolicy } from "../access/tenancy-check.ts";
import { desiredBindings } from "../kinds/kafka-acl/desired-bindings.ts";
import { kafkaAclSpecSchema } from "../kinds/kafka-acl/schema.ts";
import type { ReferencedKafkaCluster } from "../kinds/shared/kafka-cluster-reference.ts";
import { ClusterUnreachableError } from "../ports/operator-error.ts";
import { type AclOwner, aclOwnerOf, type OwnerObject } from "./acl-owners.ts";
import { clustersToRead, type PlanInput, planManifests } from "./manifest-plan.ts";

const CLUSTER = "kafka/prod";
const b = (key: string) => parseBindingKey(key)!;
const read = (topic: string, principal = "User:alice") =>
  b(`allow|Read|topic|literal|${topic}|${principal}|*`);
const readEntry = (topic: string) => ({ resourceType: "topic", name: topic, operations: ["Read"] });
const READY = [
  { type: "Ready", status: "True", reason: "ClusterReady", message: "", lastTransitionTime: "" },
];

const kafkaCluster = (
  tenancy?: AclTenancyPolicy,
  name = "prod",
  conditions: object[] = READY,
): ReferencedKafkaCluster => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "KafkaCluster",
  metadata: { namespace: "kafka", name },
  spec: { ...(tenancy ? { tenancy } : {}) },
  status: { authorizerPresent: true, conditions: conditions as never },
});
const OPEN_CLUSTER = kafkaCluster({ namespaces: [{ name: "*" }] });
const TEAM_A_ONLY = kafkaCluster({
  namespaces: [{ name: "team-a", resourcePrefixes: { topic: ["team-a."] } }],
});

/** A KafkaAcl in namespace team-a on kafka/prod; `applied` writes its ledger as the operator would. */
function kafkaAcl(
  name: string,
  spec: object,
  applied?: readonly AclBinding[],
  cluster = CLUSTER,
): OwnerObject {
  const fullSpec = { clusterRef: { name: "prod", namespace: "kafka" }, principal: "User:alice", ...spec };
  const desired = desiredBindings(kafkaAclSpecSchema.parse(fullSpec)).bindings;
  const ledger = applied && { ...recordLedger({ cluster, applied, desired }), principal: "User:alice" };
  return {
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind: "KafkaAcl",
    metadata: { namespace: "team-a", name },
    spec: fullSpec,
    ...(ledger ? { status: { aclLedgers: [ledger] } } : {}),
  };
}
const live = (object: OwnerObject): AclOwner => aclOwnerOf(object.kind!, object);

function planOf(input: Partial<PlanInput> & { acls?: AclBinding[] }) {
  return planManifests({
    manifests: [],
    live: [],
    pruned: [],
    kafkaClusters: [OPEN_CLUSTER],
    observed: new Map([[CLUSTER, new ObservedAcls(input.acls ?? [])]]),
    now: new Date("2025-01-01T00:00:00Z"),
    ...input,
  });
}

const manifest = (object: OwnerObject) => ({ object, source: `${object.metadata?.name}.yaml` });
const keys = (bindings: readonly { key: string }[]) => bindings.map((x) => x.key);

describe("planManifests", () => {
  it("takes over bindings already on the cluster without a write, as after an import", () => {
    const plan = planOf({
      manifests: [manifest(kafkaAcl("alice", { bindings: [readEntry("orders")] }))],
      acls: [read("orders")],
    });
    expect(plan.resources[0]).toMatchObject({ state: "new", create: [], delete: [], adopted: 1 });
    expect(plan.hasChanges).toBe(false);
  });

  it.each([
    { why: "the ledger of this version", ledgerField: "aclLedgers" },
    {
      why: "an earlier version's single ledger, read on upgrade as the operator reads it",
      ledgerField: "aclLedger",
    },
  ])(
    "is unchanged when the live resource already holds what the manifest declares: $why",
    ({ ledgerField }) => {
      const object = kafkaAcl("alice", { bindings: [readEntry("orders")] }, [read("orders")]);
      const [ledger] = object.status!.aclLedgers as object[];
      const { principal: _, ...legacy } = ledger as { principal: string };
      const stored = {
        ...object,
        status: { [ledgerField]: ledgerField === "aclLedgers" ? [ledger] : legacy },
      };
      const plan = planOf({ manifests: [manifest(stored)], live: [live(stored)], acls: [read("orders")] });
      expect(plan.resources[0]).toMatchObject({ state: "unchanged", adopted: 0, create: [], delete: [] });
      expect(plan.hasChanges).toBe(false);
    },
  );

  it("lists exactly what an edit adds and drops", () => {
    const before = kafkaAcl("alice", { bindings: [readEntry("orders"), readEntry("old")] }, [
      read("orders"),
      read("old"),
    ]);
    const edited = kafkaAcl("alice", { bindings: [readEntry("orders"), readEntry("new")] });
    const plan = planOf({
      manifests: [manifest(edited)],
      live: [live(before)],
      acls: [read("orders"), read("old")],
    });
    expect(plan.resources[0]!.state).toBe("changed");
    expect(keys(plan.resources[0]!.create)).toEqual([bindingKey(read("new"))]);
    expect(keys(plan.resources[0]!.delete)).toEqual([bindingKey(read("old"))]);
    expect(plan.hasChanges).toBe(true);
  });

  it("keeps a dropped binding another KafkaAcl still declares, and says who keeps it", () => {
    const before = kafkaAcl("alice", { bindings: [readEntry("orders"), readEntry("shared")] }, [
      read("orders"),
      read("shared"),
    ]);
    const other = kafkaAcl("other", { bindings: [readEntry("shared")] }, [read("shared")]);
    const edited = kafkaAcl("alice", { bindings: [readEntry("orders")] });
    const plan = planOf({
      manifests: [manifest(edited)],
      live: [live(before), live(other)],
      acls: [read("orders"), read("shared")],
    });
    expect(plan.resources[0]!.delete).toEqual([]);
    expect(plan.resources[0]!.kept).toMatchObject([
      { key: bindingKey(read("shared")), keptBy: ["KafkaAcl team-a/other"] },
    ]);
    expect(plan.hasChanges).toBe(false);
  });

  it("keeps a dropped binding a resource of a kind claiming from its ledger holds (a ConnectorPrincipal)", () => {
    const before = kafkaAcl("alice", { bindings: [readEntry("orders"), readEntry("sink-input")] }, [
      read("orders"),
      read("sink-input"),
    ]);
    const ledger = recordLedger({ cluster: CLUSTER, applied: [read("sink-input")], desired: [] });
    const principal = live({
      apiVersion: "kafkaaccess.io/v1alpha1",
      kind: "ConnectorPrincipal",
      metadata: { namespace: "team-a", name: "sink" },
      spec: {},
      status: { aclLedgers: [{ ...ledger, principal: "User:alice" }] },
    });
    const plan = planOf({
      manifests: [manifest(kafkaAcl("alice", { bindings: [readEntry("orders")] }))],
      live: [live(before), principal],
      acls: [read("orders"), read("sink-input")],
    });
    expect(plan.resources[0]!.delete).toEqual([]);
    expect(plan.resources[0]!.kept[0]!.keptBy).toEqual(["ConnectorPrincipal team-a/sink"]);
  });

  it.each([
    {
      why: "a binding outside the namespace's prefixes, each violation listed",
      spec: { bindings: [readEntry("orders")] },
      cluster: TEAM_A_ONLY,
      says: 'topic names for namespace team-a must start with "team-a."',
    },
    {
      why: "exclusive mode without an exclusivePrincipals grant, even with every binding allowed",
      spec: { bindings: [readEntry("team-a.orders")], exclusive: true },
      cluster: TEAM_A_ONLY,
      says: "exclusive mode for User:alice: namespace team-a may hold no principal exclusively",
    },
    {
      why: "a namespace the cluster does not admit at all",
      spec: { bindings: [readEntry("orders")] },
      cluster: kafkaCluster(),
      says: "has no tenancy policy, so only namespace kafka may use it",
    },
  ])("refuses $why, as the reconciler does (exit code 1)", ({ spec, cluster, says }) => {
    const plan = planOf({
      manifests: [manifest(kafkaAcl("alice", spec))],
      kafkaClusters: [cluster],
    });
    expect(plan.resources[0]).toMatchObject({ state: "refused", reason: "TenancyViolation", create: [] });
    expect(plan.resources[0]!.messages.join("\n")).toContain(says);
    expect(plan.hasErrors).toBe(true);
  });

  it("keeps, and says so, a binding it drops that its namespace could not itself have granted", () => {
    // Applied before the cluster narrowed the namespace to team-a. topics.
    const before = kafkaAcl("alice", { bindings: [readEntry("team-a.orders"), readEntry("payments")] }, [
      read("team-a.orders"),
      read("payments"),
    ]);
    const plan = planOf({
      manifests: [manifest(kafkaAcl("alice", { bindings: [readEntry("team-a.orders")] }))],
      live: [live(before)],
      kafkaClusters: [TEAM_A_ONLY],
      acls: [read("team-a.orders"), read("payments")],
    });
    expect(plan.resources[0]!.delete).toEqual([]);
    expect(plan.resources[0]!.keptOutsideLimits).toEqual([
      expect.stringContaining('topic names for namespace team-a must start with "team-a."'),
    ]);
    expect(plan.hasChanges).toBe(false);
  });

  it("reports an invalid spec with zod's message", () => {
    const invalid = {
      ...kafkaAcl("alice", { bindings: [readEntry("orders")] }),
      spec: { principal: "alice" },
    };
    const plan = planOf({ manifests: [manifest(invalid)] });
    expect(plan.resources[0]).toMatchObject({ state: "invalid", reason: "InvalidSpec" });
    expect(plan.hasErrors).toBe(true);
  });

  it.each([
    {
      why: "its cluster could not be read",
      kafkaClusters: [OPEN_CLUSTER],
      observed: new Map([[CLUSTER, new ClusterUnreachableError("no broker of kafka/prod answered")]]),
      reason: "ClusterUnreachable",
    },
    {
      why: "its KafkaCluster is not Ready",
      kafkaClusters: [kafkaCluster({ namespaces: [{ name: "*" }] }, "prod", [])],
      observed: new Map(),
      reason: "KafkaClusterNotReady",
    },
    {
      why: "its KafkaCluster does not exist",
      kafkaClusters: [],
      observed: new Map(),
      reason: "KafkaClusterNotReady",
    },
  ])("blocks a resource when $why, with the reason its status would give", ({ reason, ...input }) => {
    const plan = planOf({
      manifests: [manifest(kafkaAcl("alice", { bindings: [readEntry("orders")] }))],
      ...input,
    });
    expect(plan.resources[0]).toMatchObject({ state: "blocked", reason });
    expect(plan.hasErrors).toBe(true);
  });

  it("shows a dry-run resource's plan without counting it as a change", () => {
    const plan = planOf({
      manifests: [manifest(kafkaAcl("alice", { bindings: [readEntry("orders")], dryRun: true }))],
    });
    expect(plan.resources[0]!.state).toBe("dryRun");
    expect(plan.resources[0]!.create).toHaveLength(1);
    expect(plan.hasChanges).toBe(false);
  });

  it("in exclusive mode, with the grant, reports the principal's unknown bindings for removal", () => {
    const granted = kafkaCluster({ namespaces: [{ name: "*", exclusivePrincipals: ["User:alice"] }] });
    const plan = planOf({
      manifests: [manifest(kafkaAcl("alice", { bindings: [readEntry("orders")], exclusive: true }))],
      kafkaClusters: [granted],
      acls: [read("orders"), read("hand-made")],
    });
    expect(plan.resources[0]!.report).toMatchObject([
      { key: bindingKey(read("hand-made")), isRemovedLater: true },
    ]);
    expect(keys(plan.bindings.delete)).toEqual([bindingKey(read("hand-made"))]);
  });

  it("of two exclusive KafkaAcls of one principal, lets only the older remove, and names it in the newer's plan", () => {
    const granted = kafkaCluster({ namespaces: [{ name: "*", exclusivePrincipals: ["User:alice"] }] });
    const older = kafkaAcl("older", { bindings: [readEntry("orders")], exclusive: true }, [read("orders")]);
    older.metadata = { ...older.metadata, creationTimestamp: new Date("2024-01-01T00:00:00Z") };
    const plan = planOf({
      manifests: [manifest(kafkaAcl("newer", { bindings: [readEntry("payments")], exclusive: true }))],
      live: [live(older)],
      kafkaClusters: [granted],
      acls: [read("orders"), read("hand-made")],
    });
    expect(plan.resources[0]).toMatchObject({ name: "newer", report: [], delete: [] });
    expect(plan.resources[0]!.messages).toContainEqual(
      expect.stringContaining("KafkaAcl team-a/older, created earlier, holds exclusive mode for User:alice"),
    );
    expect(plan.bindings.delete).toEqual([]);
  });

  it("with --prune, deletes what a dropped KafkaAcl applied, unless deletionPolicy is Orphan", () => {
    const gone = live(kafkaAcl("gone", { bindings: [readEntry("orders")] }, [read("orders")]));
    const orphaned = live(
      kafkaAcl("orphaned", { bindings: [readEntry("kept")], deletionPolicy: "Orphan" }, [read("kept")]),
    );
    const plan = planOf({
      live: [gone, orphaned],
      pruned: [gone, orphaned],
      acls: [read("orders"), read("kept")],
    });
    expect(plan.resources.map((r) => [r.name, r.state, keys(r.delete)])).toEqual([
      ["gone", "deleted", [bindingKey(read("orders"))]],
      ["orphaned", "deleted", []],
    ]);
  });

  it("releases on the old cluster what a resource moving to another cluster applied there", () => {
    const staging = "kafka/staging";
    const before = kafkaAcl("alice", { bindings: [readEntry("orders")] }, [read("orders")], staging);
    const input = {
      manifests: [manifest(kafkaAcl("alice", { bindings: [readEntry("orders")] }))],
      live: [live(before)],
      pruned: [],
    };
    expect(clustersToRead(input)).toEqual([CLUSTER, staging]);
    const plan = planOf({
      ...input,
      kafkaClusters: [OPEN_CLUSTER, kafkaCluster({ namespaces: [{ name: "*" }] }, "staging")],
      observed: new Map([
        [CLUSTER, new ObservedAcls([])],
        [staging, new ObservedAcls([read("orders")])],
      ]),
    });
    expect(plan.resources[0]!.create.map((c) => c.cluster)).toEqual([CLUSTER]);
    expect(plan.resources[0]!.delete.map((d) => d.cluster)).toEqual([staging]);
  });

  it("counts a binding two manifests both create once, by both", () => {
    const plan = planOf({
      manifests: [
        manifest(kafkaAcl("first", { bindings: [readEntry("orders")] })),
        manifest(kafkaAcl("second", { bindings: [readEntry("orders")] })),
      ],
    });
    expect(plan.bindings.create).toMatchObject([
      { key: bindingKey(read("orders")), by: ["KafkaAcl team-a/first", "KafkaAcl team-a/second"] },
    ]);
  });
});
