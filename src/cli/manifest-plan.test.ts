import { describe, expect, it } from "vitest";
import { type AclBinding, bindingKey, parseBindingKey } from "../access/acl-binding.ts";
import { ObservedAcls } from "../access/observed-acls.ts";
import { recordLedger } from "../access/ownership-ledger.ts";
import type { AclTenancyPolicy } from "../access/tenancy-check.ts";
import { desiredBindings } from "../kinds/kafka-acl/desired-bindings.ts";
import { kafkaAclSpecSchema } from "../kinds/kafka-acl/schema.ts";
import type { ReferencedKafkaCluster } from "../kinds/shared/kafka-cluster-reference.ts";
import { type KafkaAclObject, type PlanInput, planManifests } from "./manifest-plan.ts";

const CLUSTER = "kafka/prod";
const b = (key: string) => parseBindingKey(key)!;
const read = (topic: string, principal = "User:alice") =>
  b(`allow|Read|topic|literal|${topic}|${principal}|*`);
const readEntry = (topic: string) => ({ resourceType: "topic", name: topic, operations: ["Read"] });

const kafkaCluster = (tenancy?: AclTenancyPolicy): ReferencedKafkaCluster => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "KafkaCluster",
  metadata: { namespace: "kafka", name: "prod" },
  spec: { ...(tenancy ? { tenancy } : {}) },
});
const OPEN_CLUSTER = kafkaCluster({ namespaces: [{ name: "*" }] });

/** A KafkaAcl in namespace team-a on kafka/prod; `applied` writes its ledger as the operator would. */
function kafkaAcl(name: string, spec: object, applied?: readonly AclBinding[]): KafkaAclObject {
  const fullSpec = { clusterRef: { name: "prod", namespace: "kafka" }, principal: "User:alice", ...spec };
  const desired = desiredBindings(kafkaAclSpecSchema.parse(fullSpec)).bindings;
  return {
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind: "KafkaAcl",
    metadata: { namespace: "team-a", name },
    spec: fullSpec,
    ...(applied ? { status: { aclLedger: recordLedger({ cluster: CLUSTER, applied, desired }) } } : {}),
  };
}

function planOf(input: Partial<PlanInput> & { acls?: AclBinding[] }) {
  return planManifests({
    manifests: [],
    live: [],
    pruned: [],
    kafkaClusters: [OPEN_CLUSTER],
    otherOwners: [],
    observed: new Map([[CLUSTER, new ObservedAcls(input.acls ?? [])]]),
    now: new Date("2025-01-01T00:00:00Z"),
    ...input,
  });
}

const manifest = (object: KafkaAclObject) => ({ object, source: `${object.metadata?.name}.yaml` });
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

  it("is unchanged when the live resource already holds what the manifest declares", () => {
    const live = kafkaAcl("alice", { bindings: [readEntry("orders")] }, [read("orders")]);
    const plan = planOf({ manifests: [manifest(live)], live: [live], acls: [read("orders")] });
    expect(plan.resources[0]).toMatchObject({ state: "unchanged", adopted: 0 });
    expect(plan.hasChanges).toBe(false);
  });

  it("lists exactly what an edit adds and drops", () => {
    const live = kafkaAcl("alice", { bindings: [readEntry("orders"), readEntry("old")] }, [
      read("orders"),
      read("old"),
    ]);
    const edited = kafkaAcl("alice", { bindings: [readEntry("orders"), readEntry("new")] });
    const plan = planOf({ manifests: [manifest(edited)], live: [live], acls: [read("orders"), read("old")] });
    expect(plan.resources[0]!.state).toBe("changed");
    expect(keys(plan.resources[0]!.create)).toEqual([bindingKey(read("new"))]);
    expect(keys(plan.resources[0]!.delete)).toEqual([bindingKey(read("old"))]);
    expect(plan.hasChanges).toBe(true);
  });

  it("keeps a dropped binding another KafkaAcl still declares, and says who keeps it", () => {
    const live = kafkaAcl("alice", { bindings: [readEntry("orders"), readEntry("shared")] }, [
      read("orders"),
      read("shared"),
    ]);
    const other = kafkaAcl("other", { bindings: [readEntry("shared")] }, [read("shared")]);
    const edited = kafkaAcl("alice", { bindings: [readEntry("orders")] });
    const plan = planOf({
      manifests: [manifest(edited)],
      live: [live, other],
      acls: [read("orders"), read("shared")],
    });
    expect(plan.resources[0]!.delete).toEqual([]);
    expect(plan.resources[0]!.kept).toMatchObject([
      { key: bindingKey(read("shared")), keptBy: ["KafkaAcl team-a/other"] },
    ]);
    expect(plan.hasChanges).toBe(false);
  });

  it("keeps a dropped binding another kind's ledger holds (a ConnectCluster's worker ACLs)", () => {
    const live = kafkaAcl("alice", { bindings: [readEntry("orders"), readEntry("connect-configs")] }, [
      read("orders"),
      read("connect-configs"),
    ]);
    const edited = kafkaAcl("alice", { bindings: [readEntry("orders")] });
    const worker = recordLedger({
      cluster: CLUSTER,
      applied: [read("connect-configs")],
      desired: [read("connect-configs")],
    });
    const plan = planOf({
      manifests: [manifest(edited)],
      live: [live],
      otherOwners: [{ owner: "ConnectCluster kafka/connect", ledger: worker }],
      acls: [read("orders"), read("connect-configs")],
    });
    expect(plan.resources[0]!.kept[0]!.keptBy).toEqual(["ConnectCluster kafka/connect"]);
  });

  it("refuses, listing each violation, what the cluster's tenancy does not delegate", () => {
    const limited = kafkaCluster({
      namespaces: [{ name: "team-a", resourcePrefixes: { topic: ["team-a."] } }],
    });
    const plan = planOf({
      manifests: [manifest(kafkaAcl("alice", { bindings: [readEntry("orders")] }))],
      kafkaClusters: [limited],
    });
    expect(plan.resources[0]!.state).toBe("refused");
    expect(plan.resources[0]!.messages.join("\n")).toContain(
      'topic names for namespace team-a must start with "team-a."',
    );
    expect(plan.resources[0]!.create).toEqual([]);
    expect(plan.hasErrors).toBe(true);
  });

  it("refuses a namespace the cluster does not admit at all", () => {
    const plan = planOf({
      manifests: [manifest(kafkaAcl("alice", { bindings: [readEntry("orders")] }))],
      kafkaClusters: [kafkaCluster()],
    });
    expect(plan.resources[0]).toMatchObject({ state: "refused" });
  });

  it("reports an invalid spec with zod's message", () => {
    const invalid = {
      ...kafkaAcl("alice", { bindings: [readEntry("orders")] }),
      spec: { principal: "alice" },
    };
    const plan = planOf({ manifests: [manifest(invalid)] });
    expect(plan.resources[0]!.state).toBe("invalid");
    expect(plan.hasErrors).toBe(true);
  });

  it("blocks a resource whose cluster could not be read, with the reason", () => {
    const plan = planOf({
      manifests: [manifest(kafkaAcl("alice", { bindings: [readEntry("orders")] }))],
      observed: new Map([[CLUSTER, { unreadable: "cannot read the ACLs of kafka/prod: unreachable" }]]),
    });
    expect(plan.resources[0]).toMatchObject({
      state: "blocked",
      messages: ["cannot read the ACLs of kafka/prod: unreachable"],
    });
  });

  it("shows a dry-run resource's plan without counting it as a change", () => {
    const plan = planOf({
      manifests: [manifest(kafkaAcl("alice", { bindings: [readEntry("orders")], dryRun: true }))],
    });
    expect(plan.resources[0]!.state).toBe("dryRun");
    expect(plan.resources[0]!.create).toHaveLength(1);
    expect(plan.hasChanges).toBe(false);
  });

  it("in exclusive mode, reports the principal's unknown bindings for removal", () => {
    const plan = planOf({
      manifests: [manifest(kafkaAcl("alice", { bindings: [readEntry("orders")], exclusive: true }))],
      acls: [read("orders"), read("hand-made")],
    });
    expect(plan.resources[0]!.report).toMatchObject([
      { key: bindingKey(read("hand-made")), isRemovedLater: true },
    ]);
    expect(keys(plan.bindings.delete)).toEqual([bindingKey(read("hand-made"))]);
  });

  it("with --prune, deletes what a dropped KafkaAcl applied, unless deletionPolicy is Orphan", () => {
    const gone = kafkaAcl("gone", { bindings: [readEntry("orders")] }, [read("orders")]);
    const orphaned = kafkaAcl("orphaned", { bindings: [readEntry("kept")], deletionPolicy: "Orphan" }, [
      read("kept"),
    ]);
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
    const live = kafkaAcl("alice", { bindings: [readEntry("orders")] }, [read("orders")]);
    const moved = { ...live, status: { aclLedger: { ...live.status!.aclLedger!, cluster: staging } } };
    const stagingCluster = { ...OPEN_CLUSTER, metadata: { namespace: "kafka", name: "staging" } };
    const plan = planOf({
      manifests: [manifest(kafkaAcl("alice", { bindings: [readEntry("orders")] }))],
      live: [moved],
      kafkaClusters: [OPEN_CLUSTER, stagingCluster],
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
