// The centralized-ACL store (MdsAclStore) against the fake Metadata Service behind the MDS
// document's validator: every request it sends and every answer it reads is checked.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AclBinding } from "../../src/access/acl-binding.ts";
import { MdsAclStore, type MdsTarget } from "../../src/adapters/confluent/mds-acl-store.ts";
import { JsonHttpClients } from "../../src/adapters/http/json-http-client.ts";
import type { AclCall } from "../../src/ports/acl-store.ts";
import { ContractValidator } from "./contract-validator.ts";
import { FakeMetadataService, type MdsAclBindingJson } from "./fake-metadata-service.ts";
import { ValidatingServer } from "./validating-server.ts";

const CLUSTER = "kafka-system/destination";
const KAFKA_CLUSTER_ID = "7JKdudfzj8waZ-aV9Ybqdw";
const PASSWORD = "operator-secret-4711";

const binding = (name: string, overrides: Partial<AclBinding> = {}): AclBinding => ({
  resourceType: "topic",
  resourceName: name,
  patternType: "literal",
  principal: "User:alice",
  host: "*",
  operation: "Read",
  permission: "allow",
  ...overrides,
});
const wire = (name: string): MdsAclBindingJson => ({
  pattern: { resourceType: "TOPIC", name, patternType: "LITERAL" },
  entry: { principal: "User:bob", host: "*", operation: "WRITE", permissionType: "ALLOW" },
});

let validator: ContractValidator;
let server: ValidatingServer;
let fake: FakeMetadataService;
let clients: JsonHttpClients;
let now: number;
let calls: AclCall[];

beforeAll(async () => {
  validator = await ContractValidator.load("confluent-mds-v1.openapi.yaml");
});
beforeEach(async () => {
  now = 1_000_000;
  calls = [];
  fake = new FakeMetadataService({
    users: { operator: PASSWORD },
    tokenLifetimeSeconds: 100,
    now: () => now,
  });
  server = await ValidatingServer.start({ validator, handle: fake.handle });
  clients = new JsonHttpClients();
});
afterEach(async () => {
  const violations = server.takeViolations();
  await clients.closeAll();
  await server.close();
  expect(violations).toEqual([]);
});

function store(
  options: { password?: string; maxAclsPerCluster?: number; target?: Partial<MdsTarget> } = {},
): MdsAclStore {
  return new MdsAclStore({
    targetFor: () => ({
      baseUrl: server.url,
      auth: { type: "login", username: "operator", password: options.password ?? PASSWORD },
      kafkaClusterId: KAFKA_CLUSTER_ID,
      fingerprint: options.password ?? PASSWORD,
      ...options.target,
    }),
    clients,
    resyncPeriodMs: 60_000,
    ...(options.maxAclsPerCluster ? { maxAclsPerCluster: options.maxAclsPerCluster } : {}),
    recorder: { record: (call) => calls.push(call) },
    now: () => now,
  });
}

describe("MdsAclStore", () => {
  it("creates, reads back, and deletes bindings in the cluster's scope, each write once", async () => {
    const acls = store();
    const wanted = [
      binding("orders"),
      binding("team-a.", {
        patternType: "prefixed",
        operation: "Write",
        permission: "deny",
        host: "10.0.0.7",
      }),
      binding("kafka-cluster", { resourceType: "cluster", operation: "IdempotentWrite" }),
    ];
    expect((await acls.describeAll(CLUSTER)).size).toBe(0);

    const created = await acls.createBindings(CLUSTER, wanted);
    expect(created.map((r) => r.outcome)).toEqual(["created", "created", "created"]);
    expect(fake.aclsOf(KAFKA_CLUSTER_ID)).toHaveLength(3);
    expect(fake.aclsOf("another-cluster")).toHaveLength(0);

    // Known from the store's own writes: no second request for what is there.
    server.clearServed();
    expect((await acls.createBindings(CLUSTER, wanted)).map((r) => r.outcome)).toEqual([
      "alreadyPresent",
      "alreadyPresent",
      "alreadyPresent",
    ]);
    expect(server.served).toEqual([]);
    now += 1; // the cache takes an answer of this very millisecond as fresh
    const observed = await acls.describeAll(CLUSTER, { maxAgeMs: 0 });
    expect([...observed.bindings()]).toEqual(expect.arrayContaining(wanted));

    const deleted = await acls.deleteBindings(CLUSTER, wanted.slice(0, 2));
    expect(deleted.map((r) => r.outcome)).toEqual(["deleted", "deleted"]);
    expect((await acls.deleteBindings(CLUSTER, wanted.slice(0, 1)))[0]?.outcome).toBe("alreadyAbsent");
    expect(fake.aclsOf(KAFKA_CLUSTER_ID)).toHaveLength(1);
    expect(fake.writes).toEqual({ created: 3, deleted: 2 });
    expect(calls.map((c) => c.api)).toEqual([
      "DescribeAcls",
      ...Array(3).fill("CreateAcls"),
      "DescribeAcls",
      ...Array(3).fill("DeleteAcls"),
    ]);
    expect(fake.logins).toBe(1);
  });

  it("sees ACLs changed out of band on the next read, and keeps what it cannot model as foreign", async () => {
    const acls = store();
    await acls.createBindings(CLUSTER, [binding("orders")]);
    fake.removeOutOfBand(KAFKA_CLUSTER_ID, {
      pattern: { resourceType: "TOPIC", name: "orders", patternType: "LITERAL" },
      entry: { principal: "User:alice", host: "*", operation: "READ", permissionType: "ALLOW" },
    });
    fake.addOutOfBand(KAFKA_CLUSTER_ID, wire("payments"));
    fake.addOutOfBand(KAFKA_CLUSTER_ID, {
      ...wire("odd"),
      entry: { ...wire("odd").entry, operation: "UNKNOWN" },
    });
    now += 1;
    const observed = await acls.describeAll(CLUSTER, { maxAgeMs: 0 });
    expect([...observed.bindings()]).toEqual([
      binding("payments", { principal: "User:bob", operation: "Write" }),
    ]);
    expect(observed.foreign).toEqual([
      expect.objectContaining({ resourceName: "odd", why: "operation UNKNOWN" }),
    ]);
  });

  it("refuses a creation that would pass the cluster's limit before sending anything, and fails every binding of it", async () => {
    const acls = store({ maxAclsPerCluster: 10 });
    for (let i = 0; i < 8; i++) fake.addOutOfBand(KAFKA_CLUSTER_ID, wire(`existing-${i}`));
    await acls.describeAll(CLUSTER);
    server.clearServed();

    const refused = await acls.createBindings(CLUSTER, [binding("a"), binding("b"), binding("c")]);
    expect(refused.map((r) => (r.outcome === "failed" ? r.code : r.outcome))).toEqual([
      "ACL_LIMIT_EXCEEDED",
      "ACL_LIMIT_EXCEEDED",
      "ACL_LIMIT_EXCEEDED",
    ]);
    expect(refused[0]?.outcome === "failed" && refused[0].error.message).toMatch(
      /at most 10 per cluster, 8 are there or being created; nothing was written/,
    );
    expect(server.served).toEqual([]);
    expect(fake.writes.created).toBe(0);

    // Two requests racing for the last two places: one gets them, the other writes nothing.
    const [first, second] = await Promise.all([
      acls.createBindings(CLUSTER, [binding("d"), binding("e")]),
      acls.createBindings(CLUSTER, [binding("f"), binding("g")]),
    ]);
    expect(first?.map((r) => r.outcome)).toEqual(["created", "created"]);
    expect(second?.map((r) => (r.outcome === "failed" ? r.code : r.outcome))).toEqual([
      "ACL_LIMIT_EXCEEDED",
      "ACL_LIMIT_EXCEEDED",
    ]);
    expect(fake.aclsOf(KAFKA_CLUSTER_ID)).toHaveLength(10);
  });

  it("enforces the published limit of 1,000 ACLs per cluster by default", async () => {
    const acls = store();
    for (let i = 0; i < 999; i++) fake.addOutOfBand(KAFKA_CLUSTER_ID, wire(`existing-${i}`));
    const [over] = await acls.createBindings(CLUSTER, [binding("x"), binding("y")]);
    expect(over?.outcome === "failed" && over.code).toBe("ACL_LIMIT_EXCEEDED");
    expect((await acls.createBindings(CLUSTER, [binding("x")]))[0]?.outcome).toBe("created");
    expect(fake.aclsOf(KAFKA_CLUSTER_ID)).toHaveLength(1000);
  });

  it("logs in again before the token expires, without a refused request", async () => {
    const acls = store();
    await acls.createBindings(CLUSTER, [binding("orders")]);
    now += 85_000; // past 80 % of the token's 100 s, and past the 60 s the last search answers for
    await acls.createBindings(CLUSTER, [binding("payments")]);
    expect(fake.logins).toBe(2);
    expect(server.served).toEqual([
      "getToken",
      "searchAclBinding",
      "addAclBinding",
      "getToken",
      "searchAclBinding",
      "addAclBinding",
    ]);
  });

  it("logs in again when MDS refuses the token, and sends the request once more", async () => {
    const acls = store();
    await acls.createBindings(CLUSTER, [binding("orders")]);
    fake.expireTokens();
    server.clearServed();
    const [result] = await acls.createBindings(CLUSTER, [binding("payments")]);
    expect(result?.outcome).toBe("created");
    expect(server.served).toEqual(["addAclBinding", "getToken", "addAclBinding"]);
  });

  it("reports a refused login as AuthenticationFailed, without logging in twice", async () => {
    const acls = store({ password: "wrong" });
    await expect(acls.describeAll(CLUSTER)).rejects.toMatchObject({ reason: "AuthenticationFailed" });
    expect(server.served).toEqual(["getToken"]);
    const error = await acls.describeAll(CLUSTER).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/refused the credential/);
    expect(error?.message).not.toContain("wrong");
  });

  it.each([
    { status: 403, reason: "AuthorizationFailed", isRetryable: false },
    { status: 400, reason: "RequestRejected", isRetryable: false },
    { status: 503, reason: "ClusterUnreachable", isRetryable: true },
  ])("translates a $status answer to a write into $reason", async ({ status, reason, isRetryable }) => {
    const acls = store();
    await acls.describeAll(CLUSTER);
    fake.failNext("addAclBinding", status, "refused by the test");
    const [result] = await acls.createBindings(CLUSTER, [binding("orders")]);
    expect(result).toMatchObject({
      outcome: "failed",
      code: `HTTP_${status}`,
      error: { reason, isRetryable },
    });
    expect(result?.outcome === "failed" && result.error.message).toMatch(/refused by the test/);
  });

  it("reads the cluster again after a write whose effect is unknown", async () => {
    const acls = store();
    await acls.describeAll(CLUSTER);
    fake.failNext("addAclBinding", 503, "try again");
    await acls.createBindings(CLUSTER, [binding("orders")]);
    server.clearServed();
    await acls.describeAll(CLUSTER);
    expect(server.served).toEqual(["searchAclBinding"]);
  });

  it("refuses bindings MDS cannot hold without sending them", async () => {
    const acls = store();
    await acls.describeAll(CLUSTER);
    server.clearServed();
    const results = await acls.createBindings(CLUSTER, [
      binding("alice", { resourceType: "delegationToken", operation: "Describe" }),
      binding("kafka-cluster", { resourceType: "cluster", operation: "CreateTokens" }),
    ]);
    expect(results.map((r) => r.outcome === "failed" && [r.code, r.error.reason])).toEqual([
      ["UNSUPPORTED_BY_MDS", "UnsupportedByClient"],
      ["UNSUPPORTED_BY_MDS", "UnsupportedByClient"],
    ]);
    expect(server.served).toEqual([]);
  });

  it("starts a new session when the credentials change", async () => {
    let password = PASSWORD;
    const acls = new MdsAclStore({
      targetFor: () => ({
        baseUrl: server.url,
        auth: { type: "login", username: "operator", password },
        kafkaClusterId: KAFKA_CLUSTER_ID,
        fingerprint: password,
      }),
      clients,
      resyncPeriodMs: 60_000,
      now: () => now,
    });
    await acls.createBindings(CLUSTER, [binding("orders")]);
    password = "rotated";
    const [result] = await acls.createBindings(CLUSTER, [binding("payments")]);
    expect(result).toMatchObject({ outcome: "failed", error: { reason: "AuthenticationFailed" } });
  });
});
