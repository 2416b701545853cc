import { describe, expect, it } from "vitest";
import type { AclBinding } from "../access/acl-binding.ts";
import { ObservedAcls } from "../access/observed-acls.ts";
import type { AclStore } from "../ports/acl-store.ts";
import { RoutingAclStore } from "./routing-acl-store.ts";

const binding: AclBinding = {
  resourceType: "topic",
  resourceName: "orders",
  patternType: "literal",
  principal: "User:alice",
  host: "*",
  operation: "Read",
  permission: "allow",
};

/** A store that only says which calls reached it. */
function recordingStore(name: string, calls: string[]): AclStore {
  return {
    describeAll: async (cluster) => {
      calls.push(`${name} describe ${cluster}`);
      return new ObservedAcls();
    },
    createBindings: async (cluster, bindings) => {
      calls.push(`${name} create ${cluster}`);
      return bindings.map((b) => ({ binding: b, outcome: "created" }));
    },
    deleteBindings: async (cluster, bindings) => {
      calls.push(`${name} delete ${cluster}`);
      return bindings.map((b) => ({ binding: b, outcome: "deleted" }));
    },
    invalidate: (cluster) => calls.push(`${name} invalidate ${cluster}`),
  };
}

describe("RoutingAclStore", () => {
  it("sends every call for a cluster to the store of the backend its resource names", async () => {
    const calls: string[] = [];
    const backends: Record<string, "kafka" | "confluentMds"> = {
      "ns/plain": "kafka",
      "ns/cp": "confluentMds",
    };
    const store = new RoutingAclStore({
      backendOf: (cluster) => backends[cluster]!,
      stores: { kafka: recordingStore("kafka", calls), confluentMds: recordingStore("mds", calls) },
    });
    await store.describeAll("ns/plain");
    await store.createBindings("ns/cp", [binding]);
    await store.deleteBindings("ns/cp", [binding]);
    store.invalidate("ns/plain");
    expect(calls).toEqual([
      "kafka describe ns/plain",
      "mds create ns/cp",
      "mds delete ns/cp",
      "kafka invalidate ns/plain",
    ]);
  });

  it("drops what the store a cluster left had cached of it, once, when the cluster moves", async () => {
    const calls: string[] = [];
    let backend: "kafka" | "confluentMds" = "kafka";
    const store = new RoutingAclStore({
      backendOf: () => backend,
      stores: { kafka: recordingStore("kafka", calls), confluentMds: recordingStore("mds", calls) },
    });
    await store.describeAll("ns/moving");
    backend = "confluentMds";
    await store.describeAll("ns/moving");
    await store.describeAll("ns/moving");
    expect(calls).toEqual([
      "kafka describe ns/moving",
      "kafka invalidate ns/moving",
      "mds describe ns/moving",
      "mds describe ns/moving",
    ]);
  });
});
