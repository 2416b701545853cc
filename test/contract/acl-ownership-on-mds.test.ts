// The ACL ownership executor every kind shares, over the centralized-ACL store (MdsAclStore)
// and the fake MDS behind the document's validator: the semantics a KafkaAcl relies on hold on
// this backend as on Kafka (test/env/acl-ownership.test.ts): drift repaired, shared bindings
// released by the last owner, exclusive mode reporting an unknown binding before removing it,
// and a set over the cluster's limit refused whole.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AclBinding, bindingKey } from "../../src/access/acl-binding.ts";
import { MdsAclStore } from "../../src/adapters/confluent/mds-acl-store.ts";
import { toMdsAclBinding } from "../../src/adapters/confluent/mds-acl-wire.ts";
import { JsonHttpClients } from "../../src/adapters/http/json-http-client.ts";
import { ownershipHarness } from "../support/ownership-harness.ts";
import { ContractValidator } from "./contract-validator.ts";
import { FakeMetadataService } from "./fake-metadata-service.ts";
import { ValidatingServer } from "./validating-server.ts";

const CLUSTER = "kafka-system/cp";
const KAFKA_CLUSTER_ID = "cp-cluster-id";

const read = (principal: string, topic: string): AclBinding => ({
  resourceType: "topic",
  resourceName: topic,
  patternType: "literal",
  principal,
  host: "*",
  operation: "Read",
  permission: "allow",
});

let validator: ContractValidator;
let server: ValidatingServer;
let fake: FakeMetadataService;
let clients: JsonHttpClients;
let now: number;
let harness: ReturnType<typeof ownershipHarness>;

beforeAll(async () => {
  validator = await ContractValidator.load("confluent-mds-v1.openapi.yaml");
});
beforeEach(async () => {
  now = 1_000_000;
  fake = new FakeMetadataService({ users: { operator: "pw" }, maxAclsPerCluster: 1000, now: () => now });
  server = await ValidatingServer.start({ validator, handle: fake.handle });
  clients = new JsonHttpClients();
  const store = new MdsAclStore({
    targetFor: () => ({
      baseUrl: server.url,
      auth: { type: "login", username: "operator", password: "pw" },
      kafkaClusterId: KAFKA_CLUSTER_ID,
      fingerprint: "1",
    }),
    clients,
    resyncPeriodMs: 60_000,
    maxAclsPerCluster: 5,
    now: () => now,
  });
  // Each plan comes after the previous one's resync period, as a reconcile's would.
  harness = ownershipHarness(store, {
    cluster: CLUSTER,
    beforePlan: () => {
      now += 60_001;
    },
  });
});
afterEach(async () => {
  const violations = server.takeViolations();
  await clients.closeAll();
  await server.close();
  expect(violations).toEqual([]);
});

describe("AclOwnership over centralized ACLs", () => {
  it("repairs a binding deleted out of band on the next resync", async () => {
    const binding = read("User:alice", "orders");
    const { apply, claim } = harness;
    const first = await apply("A", claim("User:alice", [binding]));
    fake.removeOutOfBand(KAFKA_CLUSTER_ID, toMdsAclBinding(binding));
    const repaired = await apply("A", claim("User:alice", [binding]), first.ledgers);
    expect(repaired.driftRepairs).toBe(1);
    expect(fake.aclsOf(KAFKA_CLUSTER_ID)).toEqual([toMdsAclBinding(binding)]);
  });

  it("keeps a binding two owners want until the last of them lets go", async () => {
    const binding = read("User:alice", "orders");
    const { apply, claim, release } = harness;
    const a = await apply("A", claim("User:alice", [binding]));
    const b = await apply("B", claim("User:alice", [binding]));
    expect((await release("A", a.ledgers)).released).toMatchObject([{ released: 0, failures: [] }]);
    expect(fake.aclsOf(KAFKA_CLUSTER_ID)).toHaveLength(1);
    expect((await release("B", b.ledgers)).released).toMatchObject([{ released: 1, failures: [] }]);
    expect(fake.aclsOf(KAFKA_CLUSTER_ID)).toEqual([]);
  });

  it("in exclusive mode reports an unknown binding first and removes it once due", async () => {
    const unknown = read("User:carol", "stray");
    fake.addOutOfBand(KAFKA_CLUSTER_ID, toMdsAclBinding(unknown));
    const desired = [read("User:carol", "orders")];
    const { apply, claim } = harness;
    const reported = await apply(
      "A",
      claim("User:carol", desired, { exclusive: { pendingRemovals: [], graceMs: 0 } }),
    );
    expect(reported.removedUnknown).toEqual([]);
    expect(reported.pendingExclusiveRemovals.map((p) => p.binding)).toEqual([bindingKey(unknown)]);
    expect(fake.aclsOf(KAFKA_CLUSTER_ID)).toHaveLength(2);

    const removed = await apply(
      "A",
      claim("User:carol", desired, {
        exclusive: { pendingRemovals: reported.pendingExclusiveRemovals, graceMs: 0 },
      }),
      reported.ledgers,
    );
    expect(removed.removedUnknown).toEqual(['ALLOW Read on topic "stray" for User:carol']);
    expect(fake.aclsOf(KAFKA_CLUSTER_ID)).toEqual([toMdsAclBinding(desired[0]!)]);
  });

  it("refuses a set that would pass the cluster's limit as a whole, and records none of it as applied", async () => {
    const { apply, claim } = harness;
    await apply("A", claim("User:alice", [read("User:alice", "a"), read("User:alice", "b")]));
    const over = await apply(
      "B",
      claim(
        "User:bob",
        ["c", "d", "e", "f"].map((t) => read("User:bob", t)),
      ),
    );
    expect(over.created).toBe(0);
    expect(over.failures).toHaveLength(4);
    expect(over.failures[0]).toMatch(/: ACL_LIMIT_EXCEEDED$/);
    expect(over.ledgers).toEqual([]);
    expect(fake.aclsOf(KAFKA_CLUSTER_ID)).toHaveLength(2);
  });
});
