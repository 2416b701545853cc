// The ACL ownership executor every kind shares, over the Kafka AclStore on the real destination
// cluster, with plans made as the shared ownership path makes them: what it creates, repairs,
// releases, refuses and keeps, exclusive mode, plans without writes.
// Out-of-band changes are made with the Admin API as another tool would.
import { randomBytes } from "node:crypto";
import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AclBinding, bindingKey } from "../../src/access/acl-binding.ts";
import type { OwnedLedger } from "../../src/access/plan-owned-acls.ts";
import type { NamespaceAclLimits } from "../../src/access/tenancy-check.ts";
import { KafkaAclStore } from "../../src/adapters/kafka/acl-store.ts";
import { toExactFilter, toWireAcl } from "../../src/adapters/kafka/acl-wire-codes.ts";
import type { AclCall } from "../../src/ports/acl-store.ts";
import { ownershipHarness } from "../support/ownership-harness.ts";
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
  const writes = () => calls.filter((call) => call.api !== "DescribeAcls").length;
  /** Reads the cluster afresh until it does (or does not) hold `binding`: brokers apply ACLs a moment after they are committed. */
  const untilObserved = async (binding: AclBinding, isPresent: boolean) => {
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await store.describeAll(CLUSTER, { maxAgeMs: 0 })).has(bindingKey(binding)) === isPresent) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${bindingKey(binding)} still ${isPresent ? "absent" : "present"}`);
  };
  return { store, writes, untilObserved, ...ownershipHarness(store, { cluster: CLUSTER, isLoaded }) };
}

describe("AclOwnership over the Kafka AclStore", () => {
  it("creates what is missing and records it; a second apply plans and sends nothing", async () => {
    const { writes, plan, claim, apply } = setUp();
    const principal = principalFor("idempotent");
    const wanted = claim(principal, [read(principal, "orders"), read(principal, "audit")]);
    const first = await apply("A", wanted);
    expect(first).toMatchObject({ created: 2, deleted: 0, driftRepairs: 0, failures: [] });
    expect(first.ledger).toMatchObject({ cluster: CLUSTER, principal, count: 2 });
    const sent = writes();
    const replanned = await plan("A", [wanted], first.ledgers);
    expect(replanned.entries.map((e) => (e.state === "planned" ? e.plan.actions : e.state))).toEqual([[]]);
    const second = await apply("A", wanted, first.ledgers);
    expect(second.created).toBe(0);
    expect(writes()).toBe(sent);
  });

  it("counts a binding it applied and someone removed as a drift repair", async () => {
    const { claim, apply, untilObserved } = setUp();
    const principal = principalFor("drift");
    const binding = read(principal, "orders");
    const first = await apply("A", claim(principal, [binding]));
    await admin.deleteAcls({ filters: [toExactFilter(binding)] });
    await untilObserved(binding, false);
    const repaired = await apply("A", claim(principal, [binding]), first.ledgers);
    expect(repaired).toMatchObject({ created: 1, driftRepairs: 1 });
  });

  it("releases only what no other owner wants", async () => {
    const { ownership, plan, claim, apply, untilObserved } = setUp();
    const principal = principalFor("shared");
    const shared = read(principal, "orders");
    const own = read(principal, "audit");
    const a = await apply("A", claim(principal, [shared, own]));
    await apply("B", claim(principal, [shared]));
    const released = await ownership.execute(await plan("A", [], a.ledgers));
    expect(released.released).toEqual([{ ledger: a.ledger, released: 1, kept: [], failures: [] }]);
    expect(released.ledgers).toEqual([]);
    await untilObserved(own, false);
    await untilObserved(shared, true);
  });

  it("keeps what a ledger names outside the namespace's limits, on release and in a plan", async () => {
    const { ownership, plan, claim, apply, untilObserved } = setUp();
    const principal = principalFor("limits");
    const victim = read(principalFor("victim"), "victim");
    await admin.createAcls({ acl: [toWireAcl(victim)] });
    await untilObserved(victim, true);
    const applied = await apply("A", claim(principal, [read(principal, "orders")]));
    const forged: OwnedLedger = {
      ...applied.ledger,
      count: 2,
      bindings: [...applied.ledger.bindings, bindingKey(victim)],
    };
    const limits: NamespaceAclLimits = { name: "kafka", principals: [principal] };
    const kept = await apply("A", claim(principal, [read(principal, "orders")]), [forged], limits);
    expect(kept.kept).toEqual([
      `binding ${`ALLOW Read on topic "own-${run}-victim" for ${victim.principal}`}: principals for namespace kafka must match "${principal}"`,
    ]);
    const released = await ownership.execute(await plan("A", [], [forged], limits));
    expect(released.released[0]).toMatchObject({
      released: 1,
      kept: [expect.stringContaining(victim.principal)],
    });
    await untilObserved(victim, true);
  });

  it("names each binding Kafka refused and leaves it out of the ledger", async () => {
    const { claim, apply } = setUp();
    const principal = principalFor("refused");
    // Not "Type:name": Kafka refuses to parse it as a principal.
    const refused = { ...read(principal, "bad"), principal: `own-${run}-no-type` };
    const outcome = await apply("A", claim(principal, [read(principal, "orders"), refused]));
    expect(outcome.failures).toEqual([
      `ALLOW Read on topic "own-${run}-bad" for own-${run}-no-type: INVALID_REQUEST`,
    ]);
    expect(outcome.ledger.count).toBe(1);
  });

  it("in exclusive mode reports an unknown binding first and removes it once due", async () => {
    const { claim, apply, untilObserved } = setUp();
    const principal = principalFor("exclusive");
    const unknown = read(principal, "stray");
    await admin.createAcls({ acl: [toWireAcl(unknown)] });
    await untilObserved(unknown, true);
    const desired = [read(principal, "orders")];
    const reported = await apply(
      "A",
      claim(principal, desired, { exclusive: { pendingRemovals: [], graceMs: 0 } }),
    );
    expect(reported.removedUnknown).toEqual([]);
    expect(reported.pendingExclusiveRemovals.map((p) => p.binding)).toEqual([bindingKey(unknown)]);

    const removed = await apply(
      "A",
      claim(principal, desired, {
        exclusive: { pendingRemovals: reported.pendingExclusiveRemovals, graceMs: 0 },
      }),
      reported.ledgers,
    );
    expect(removed.removedUnknown).toEqual([`ALLOW Read on topic "own-${run}-stray" for ${principal}`]);
    expect(removed.pendingExclusiveRemovals).toEqual([]);
    await untilObserved(unknown, false);
  });

  it("plans without writing: a dry run leaves the cluster as it is", async () => {
    const { writes, plan, claim } = setUp();
    const principal = principalFor("planned");
    const planned = await plan("A", [claim(principal, [read(principal, "orders")])]);
    expect(
      planned.entries.flatMap((e) => (e.state === "planned" ? e.plan.actions.map((a) => a.type) : [])),
    ).toEqual(["create"]);
    expect(writes()).toBe(0);
  });

  it("releases nothing before every owner is declared", async () => {
    const { ownership, plan, claim, apply, untilObserved } = setUp({ isLoaded: false });
    const principal = principalFor("loading");
    const binding = read(principal, "orders");
    const applied = await apply("A", claim(principal, [binding]));
    const released = await ownership.execute(await plan("A", [], applied.ledgers));
    expect(released.released[0]?.failures).toEqual(["not every owner is known yet after a start"]);
    expect(released.ledgers).toEqual(applied.ledgers);
    await untilObserved(binding, true);
  });
});
