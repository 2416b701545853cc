import { describe, expect, it } from "vitest";
import { type AclBinding, bindingKey } from "../../access/acl-binding.ts";
import { ObservedAcls } from "../../access/observed-acls.ts";
import type { AclStore, AclWriteResult } from "../../ports/acl-store.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { AclOwnership } from "./acl-ownership.ts";

const CLUSTER = "kafka-system/main";

/** The AclStore port held in memory: one cluster's ACLs, every write counted, refusals on demand. */
class MemoryAclStore implements AclStore {
  readonly acls = new ObservedAcls();
  readonly refused = new Set<string>();
  writes = 0;

  async describeAll() {
    return this.acls;
  }
  async createBindings(_cluster: string, bindings: readonly AclBinding[]) {
    return bindings.map((binding) => this.#write(binding, "create"));
  }
  async deleteBindings(_cluster: string, bindings: readonly AclBinding[]) {
    return bindings.map((binding) => this.#write(binding, "delete"));
  }
  invalidate() {}

  #write(binding: AclBinding, kind: "create" | "delete"): AclWriteResult {
    this.writes += 1;
    if (this.refused.has(bindingKey(binding))) {
      const error = new OperatorError("refused", { reason: "RequestRejected", isRetryable: false });
      return { binding, outcome: "failed", code: "INVALID_REQUEST", error };
    }
    if (kind === "create") this.acls.add(binding);
    else this.acls.remove(binding);
    return { binding, outcome: kind === "create" ? "created" : "deleted" };
  }
}

const read = (principal: string, topic: string): AclBinding => ({
  resourceType: "topic",
  resourceName: topic,
  patternType: "literal",
  principal,
  host: "*",
  operation: "Read",
  permission: "allow",
});

function setUp() {
  const store = new MemoryAclStore();
  const ownership = new AclOwnership(store);
  ownership.markLoaded();
  return { store, ownership };
}

describe("AclOwnership", () => {
  it("creates what is missing and records it; a second apply writes nothing", async () => {
    const { store, ownership } = setUp();
    const desired = [read("User:a", "orders"), read("User:a", "audit")];
    const first = await ownership.apply({
      cluster: CLUSTER,
      ownerKey: "A",
      principal: "User:a",
      desired,
      ledger: undefined,
    });
    expect(first).toMatchObject({ created: 2, deleted: 0, driftRepairs: 0, failures: [] });
    expect(first.ledger.count).toBe(2);
    const writes = store.writes;
    const second = await ownership.apply({
      cluster: CLUSTER,
      ownerKey: "A",
      principal: "User:a",
      desired,
      ledger: first.ledger,
    });
    expect(second.created).toBe(0);
    expect(store.writes).toBe(writes);
  });

  it("counts a binding it applied and someone removed as a drift repair", async () => {
    const { store, ownership } = setUp();
    const desired = [read("User:a", "orders")];
    const first = await ownership.apply({
      cluster: CLUSTER,
      ownerKey: "A",
      principal: "User:a",
      desired,
      ledger: undefined,
    });
    store.acls.remove(read("User:a", "orders"));
    const repaired = await ownership.apply({
      cluster: CLUSTER,
      ownerKey: "A",
      principal: "User:a",
      desired,
      ledger: first.ledger,
    });
    expect(repaired).toMatchObject({ created: 1, driftRepairs: 1 });
  });

  it("releases only what no other owner wants", async () => {
    const { store, ownership } = setUp();
    const shared = read("User:a", "orders");
    const own = read("User:a", "audit");
    const a = await ownership.apply({
      cluster: CLUSTER,
      ownerKey: "A",
      principal: "User:a",
      desired: [shared, own],
      ledger: undefined,
    });
    await ownership.apply({
      cluster: CLUSTER,
      ownerKey: "B",
      principal: "User:a",
      desired: [shared],
      ledger: undefined,
    });
    expect(await ownership.release({ cluster: CLUSTER, ownerKey: "A", ledger: a.ledger })).toEqual([]);
    expect(store.acls.has(bindingKey(shared))).toBe(true);
    expect(store.acls.has(bindingKey(own))).toBe(false);
  });

  it("names each binding Kafka refused and leaves it out of the ledger", async () => {
    const { store, ownership } = setUp();
    const refused = read("User:a", "bad");
    store.refused.add(bindingKey(refused));
    const outcome = await ownership.apply({
      cluster: CLUSTER,
      ownerKey: "A",
      principal: "User:a",
      desired: [read("User:a", "orders"), refused],
      ledger: undefined,
    });
    expect(outcome.failures).toEqual(['ALLOW Read on topic "bad" for User:a: INVALID_REQUEST']);
    expect(outcome.ledger.count).toBe(1);
  });

  it("in exclusive mode reports an unknown binding first and removes it once due", async () => {
    const { store, ownership } = setUp();
    const unknown = read("User:a", "stray");
    store.acls.add(unknown);
    const input = {
      cluster: CLUSTER,
      ownerKey: "A",
      principal: "User:a",
      desired: [read("User:a", "orders")],
    };
    const reported = await ownership.apply({
      ...input,
      ledger: undefined,
      exclusive: { pendingRemovals: [], graceMs: 0 },
    });
    expect(reported.removedUnknown).toEqual([]);
    expect(reported.pendingExclusiveRemovals.map((p) => p.binding)).toEqual([bindingKey(unknown)]);
    expect(store.acls.has(bindingKey(unknown))).toBe(true);

    const removed = await ownership.apply({
      ...input,
      ledger: reported.ledger,
      exclusive: { pendingRemovals: reported.pendingExclusiveRemovals, graceMs: 0 },
    });
    expect(removed.removedUnknown).toEqual(['ALLOW Read on topic "stray" for User:a']);
    expect(removed.pendingExclusiveRemovals).toEqual([]);
    expect(store.acls.has(bindingKey(unknown))).toBe(false);
  });

  it("plans without writing: a dry run leaves the cluster as it is", async () => {
    const { store, ownership } = setUp();
    const planned = await ownership.plan({
      cluster: CLUSTER,
      ownerKey: "A",
      principal: "User:a",
      desired: [read("User:a", "orders")],
      ledger: undefined,
    });
    expect(planned.plan.actions.map((a) => a.type)).toEqual(["create"]);
    expect(store.writes).toBe(0);
  });

  it("deletes nothing before every owner is declared", async () => {
    const store = new MemoryAclStore();
    const ownership = new AclOwnership(store);
    const shared = read("User:a", "orders");
    store.acls.add(shared);
    const ledger = { cluster: CLUSTER, count: 1, hash: "", bindings: [bindingKey(shared)] };
    await expect(ownership.release({ cluster: CLUSTER, ownerKey: "A", ledger })).rejects.toThrow(
      "before every owner is known",
    );
    expect(store.acls.has(bindingKey(shared))).toBe(true);
  });
});
