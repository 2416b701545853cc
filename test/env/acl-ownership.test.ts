// The ACL ownership executor every kind shares, over the Kafka AclStore on the real destination
// cluster: what it creates, repairs, releases and refuses, exclusive mode, plans without writes.
// Out-of-band changes are made with the Admin API as another tool would.
import { randomBytes } from "node:crypto";
import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AclBinding, bindingKey } from "../../src/access/acl-binding.ts";
import { KafkaAclStore } from "../../src/adapters/kafka/acl-store.ts";
import { toExactFilter, toWireAcl } from "../../src/adapters/kafka/acl-wire-codes.ts";
import { type AclOwnerInput, AclOwnership } from "../../src/kinds/shared/acl-ownership.ts";
import type { AclCall } from "../../src/ports/acl-store.ts";
import { useStack } from "./use-stack.ts";

const { destination } = (await useStack("kafka")).kafka;
const CLUSTER = "kafka/destination";
const run = randomBytes(4).toString("hex");
const admin = new kafkajs.Kafka({
  clientId: "acl-ownership-test",
  brokers: [destination.bootstrap.plaintext],
  logLevel: kafkajs.logLevel.NOTHING,
}).admin();
const principals: string[] = [];

beforeAll(() => admin.connect());
afterAll(async () => {
  await admin.deleteAcls({
    filters: principals.map((principal) => ({
      resourceType: kafkajs.AclResourceTypes.ANY,
      resourcePatternType: kafkajs.ResourcePatternTypes.ANY,
      operation: kafkajs.AclOperationTypes.ANY,
      permissionType: kafkajs.AclPermissionTypes.ANY,
      principal,
    })),
  });
  await admin.disconnect();
});

/** A principal of this test alone, cleaned up afterwards. */
function principalFor(name: string): string {
  const principal = `User:own-${run}-${name}`;
  principals.push(principal);
  return principal;
}

const read = (principal: string, topic: string): AclBinding => ({
  resourceType: "topic",
  resourceName: `own-${run}-${topic}`,
  patternType: "literal",
  principal,
  host: "*",
  operation: "Read",
  permission: "allow",
});

function setUp({ isLoaded = true } = {}) {
  const calls: AclCall[] = [];
  const store = new KafkaAclStore({
    adminFor: async () => admin,
    resyncPeriodMs: 60_000,
    recorder: { record: (call) => calls.push(call) },
  });
  const ownership = new AclOwnership(store);
  if (isLoaded) ownership.markLoaded();
  const writes = () => calls.filter((call) => call.api !== "DescribeAcls").length;
  const apply = (
    ownerKey: string,
    principal: string,
    desired: AclBinding[],
    rest: Partial<AclOwnerInput> = {},
  ) => ownership.apply({ cluster: CLUSTER, ownerKey, principal, desired, ledger: undefined, ...rest });
  /** Reads the cluster afresh until it does (or does not) hold `binding`: brokers apply ACLs a moment after they are committed. */
  const untilObserved = async (binding: AclBinding, isPresent: boolean) => {
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await store.describeAll(CLUSTER, { maxAgeMs: 0 })).has(bindingKey(binding)) === isPresent) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${bindingKey(binding)} still ${isPresent ? "absent" : "present"}`);
  };
  return { store, ownership, writes, apply, untilObserved };
}

describe("AclOwnership over the Kafka AclStore", () => {
  it("creates what is missing and records it; a second apply plans and sends nothing", async () => {
    const { ownership, writes, apply } = setUp();
    const principal = principalFor("idempotent");
    const desired = [read(principal, "orders"), read(principal, "audit")];
    const first = await apply("A", principal, desired);
    expect(first).toMatchObject({ created: 2, deleted: 0, driftRepairs: 0, failures: [] });
    expect(first.ledger.count).toBe(2);
    const sent = writes();
    const replanned = await ownership.plan({
      cluster: CLUSTER,
      ownerKey: "A",
      principal,
      desired,
      ledger: first.ledger,
    });
    expect(replanned.plan.actions).toEqual([]);
    const second = await apply("A", principal, desired, { ledger: first.ledger });
    expect(second.created).toBe(0);
    expect(writes()).toBe(sent);
  });

  it("counts a binding it applied and someone removed as a drift repair", async () => {
    const { apply, untilObserved } = setUp();
    const principal = principalFor("drift");
    const binding = read(principal, "orders");
    const first = await apply("A", principal, [binding]);
    await admin.deleteAcls({ filters: [toExactFilter(binding)] });
    await untilObserved(binding, false);
    const repaired = await apply("A", principal, [binding], { ledger: first.ledger });
    expect(repaired).toMatchObject({ created: 1, driftRepairs: 1 });
  });

  it("releases only what no other owner wants", async () => {
    const { ownership, apply, untilObserved } = setUp();
    const principal = principalFor("shared");
    const shared = read(principal, "orders");
    const own = read(principal, "audit");
    const a = await apply("A", principal, [shared, own]);
    await apply("B", principal, [shared]);
    expect(await ownership.release({ cluster: CLUSTER, ownerKey: "A", ledger: a.ledger })).toEqual([]);
    await untilObserved(own, false);
    await untilObserved(shared, true);
  });

  it("names each binding Kafka refused and leaves it out of the ledger", async () => {
    const { apply } = setUp();
    const principal = principalFor("refused");
    // Not "Type:name": Kafka refuses to parse it as a principal.
    const refused = { ...read(principal, "bad"), principal: `own-${run}-no-type` };
    const outcome = await apply("A", principal, [read(principal, "orders"), refused]);
    expect(outcome.failures).toEqual([
      `ALLOW Read on topic "own-${run}-bad" for own-${run}-no-type: INVALID_REQUEST`,
    ]);
    expect(outcome.ledger.count).toBe(1);
  });

  it("in exclusive mode reports an unknown binding first and removes it once due", async () => {
    const { apply, untilObserved } = setUp();
    const principal = principalFor("exclusive");
    const unknown = read(principal, "stray");
    await admin.createAcls({ acl: [toWireAcl(unknown)] });
    await untilObserved(unknown, true);
    const desired = [read(principal, "orders")];
    const reported = await apply("A", principal, desired, { exclusive: { pendingRemovals: [], graceMs: 0 } });
    expect(reported.removedUnknown).toEqual([]);
    expect(reported.pendingExclusiveRemovals.map((p) => p.binding)).toEqual([bindingKey(unknown)]);

    const removed = await apply("A", principal, desired, {
      ledger: reported.ledger,
      exclusive: { pendingRemovals: reported.pendingExclusiveRemovals, graceMs: 0 },
    });
    expect(removed.removedUnknown).toEqual([`ALLOW Read on topic "own-${run}-stray" for ${principal}`]);
    expect(removed.pendingExclusiveRemovals).toEqual([]);
    await untilObserved(unknown, false);
  });

  it("plans without writing: a dry run leaves the cluster as it is", async () => {
    const { ownership, writes } = setUp();
    const principal = principalFor("planned");
    const planned = await ownership.plan({
      cluster: CLUSTER,
      ownerKey: "A",
      principal,
      desired: [read(principal, "orders")],
      ledger: undefined,
    });
    expect(planned.plan.actions.map((a) => a.type)).toEqual(["create"]);
    expect(writes()).toBe(0);
  });

  it("deletes nothing before every owner is declared", async () => {
    const { ownership, apply, untilObserved } = setUp({ isLoaded: false });
    const principal = principalFor("loading");
    const binding = read(principal, "orders");
    const applied = await apply("A", principal, [binding]);
    await expect(
      ownership.release({ cluster: CLUSTER, ownerKey: "A", ledger: applied.ledger }),
    ).rejects.toThrow("before every owner is known");
    await untilObserved(binding, true);
  });
});
