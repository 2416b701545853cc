// Every kind that owns ACLs declares what each of its live resources wants as soon as its
// controller is made, before any reconcile: after a restart the index must know that a binding
// two resources share is wanted, whichever of them is reconciled (or finalized) first. Without
// it a deletion right after a start removes a shared binding, and the other owner's drift
// repair puts it back a resync later: a gap a user notices, and an e2e test only sometimes.
// A kind that owns ACLs joins with one row.
import type { KubernetesObject } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { KindController, Runtime } from "../controller/manager.ts";
import type { ResourceType } from "../controller/resource.ts";
import { CONNECT_CLUSTER_RESOURCE, connectClusterController } from "./connect-cluster/reconciler.ts";
import { KAFKA_ACL_RESOURCE, kafkaAclController } from "./kafka-acl/reconciler.ts";
import { AclOwnership } from "./shared/acl-ownership.ts";
import { KAFKA_CLUSTER_RESOURCE } from "./shared/kafka-cluster-reference.ts";

const CLUSTER = "kafka-system/main";
const mainCluster = {
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "KafkaCluster",
  metadata: { namespace: "kafka-system", name: "main" },
  spec: { bootstrapServers: ["kafka:9092"], tenancy: { namespaces: [{ name: "*" }] } },
};

/** A Runtime whose caches hold `objects` of `resource` and the KafkaCluster; nothing else is used at start. */
function runtimeWith(resource: ResourceType, objects: KubernetesObject[]): Runtime {
  const cacheOf = (r: ResourceType) => {
    const list =
      r.kind === resource.kind ? objects : r.kind === KAFKA_CLUSTER_RESOURCE.kind ? [mainCluster] : [];
    return {
      get: (namespace: string, name: string) =>
        list.find((o) => o.metadata?.namespace === namespace && o.metadata?.name === name),
      list: () => list,
    };
  };
  const unused = () => {
    throw new Error("nothing is written while a controller is made");
  };
  return {
    cacheOf,
    writerFor: () => ({ patchStatus: unused, setFinalizer: unused }),
    enqueue: unused,
  } as unknown as Runtime;
}

const object = (kind: string, name: string, spec: object, deleting = false): KubernetesObject =>
  ({
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind,
    metadata: {
      namespace: "team-a",
      name,
      ...(deleting ? { deletionTimestamp: new Date("2026-01-01T00:00:00Z") } : {}),
    },
    spec,
  }) as KubernetesObject;

const readOrders = (principal: string) => ({
  resourceType: "topic",
  name: "orders",
  operations: ["Read"],
  principal,
});

describe.each<{
  kind: string;
  resource: ResourceType;
  make(runtime: Runtime, ownership: AclOwnership): KindController;
  spec(principal: string): object;
  /** A key of a binding `spec(principal)` wants. */
  wantedKey(principal: string): string;
}>([
  {
    kind: "KafkaAcl",
    resource: KAFKA_ACL_RESOURCE,
    make: (runtime, ownership) => kafkaAclController(runtime, { ownership }),
    spec: (principal) => ({
      clusterRef: { name: "main", namespace: "kafka-system" },
      principal,
      bindings: [readOrders(principal)],
    }),
    wantedKey: (principal) => `allow|Read|topic|literal|orders|${principal}|*`,
  },
  {
    kind: "ConnectCluster",
    resource: CONNECT_CLUSTER_RESOURCE,
    make: (runtime, ownership) =>
      connectClusterController(runtime, {
        ownership,
        connectClients: {} as never,
        aclStore: {} as never,
      }),
    spec: (principal) => ({
      restUrl: "http://connect:8083",
      kafkaClusterRef: { name: "main", namespace: "kafka-system" },
      workerPrincipal: principal,
      groupId: "connect",
      configTopic: "connect-configs",
      offsetTopic: "connect-offsets",
      statusTopic: "connect-status",
      manageWorkerAcls: true,
    }),
    wantedKey: (principal) => `allow|Read|group|literal|connect|${principal}|*`,
  },
])("$kind", ({ kind, resource, make, spec, wantedKey }) => {
  it("declares what every live resource wants when its controller is made, before any reconcile", () => {
    const ownership = new AclOwnership({} as never);
    make(
      runtimeWith(resource, [
        object(kind, "live", spec("User:app")),
        object(kind, "going", spec("User:old"), true),
      ]),
      ownership,
    );
    const index = ownership.indexOf(CLUSTER);
    expect([...index.ownersOf(wantedKey("User:app"))]).toEqual([`${kind}/team-a/live`]);
    // One being deleted holds what it wants until its finalizer has run: its release then
    // removes what a process killed before writing its ledger had created.
    expect([...index.ownersOf(wantedKey("User:old"))]).toEqual([`${kind}/team-a/going`]);
    // Until the manager says every kind has declared, nothing may be deleted for want of an owner.
    expect(index.isComplete).toBe(false);
  });

  it("declares nothing for a resource whose spec it cannot read", () => {
    const ownership = new AclOwnership({} as never);
    make(runtimeWith(resource, [object(kind, "broken", { principal: 42 })]), ownership);
    expect(ownership.clustersDeclaredBy(`${kind}/team-a/broken`)).toEqual([]);
  });

  it("declares only what the namespace may grant", () => {
    const ownership = new AclOwnership({} as never);
    const limited = {
      ...mainCluster,
      spec: {
        ...mainCluster.spec,
        tenancy: { namespaces: [{ name: "team-a", principals: ["User:team-a-*"] }] },
      },
    };
    const runtime = runtimeWith(resource, [object(kind, "outside", spec("User:victim"))]);
    const cacheOf = runtime.cacheOf;
    make(
      {
        ...runtime,
        cacheOf: (r: ResourceType) =>
          r.kind === KAFKA_CLUSTER_RESOURCE.kind ? { get: () => limited, list: () => [limited] } : cacheOf(r),
      } as Runtime,
      ownership,
    );
    expect(ownership.indexOf(CLUSTER).ownersOf(wantedKey("User:victim")).size).toBe(0);
  });
});
