// The Kafka AclStore against a real broker: many reconciles' writes share few requests, each
// caller gets its own bindings' results, reads share one DescribeAcls, and ACLs the operator
// cannot model (created with Kafka's own kafka-acls) never break a read.
import { randomBytes } from "node:crypto";
import kafkajs, { type Admin } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaAcls } from "../../local-stack/kafka-tools.ts";
import { freePort } from "../../local-stack/managed-process.ts";
import { type AclBinding, bindingKey } from "../../src/access/acl-binding.ts";
import { KafkaAclStore } from "../../src/adapters/kafka/acl-store.ts";
import type { AclCall } from "../../src/ports/acl-store.ts";
import { ClusterUnreachableError } from "../../src/ports/operator-error.ts";
import { useStack } from "./use-stack.ts";

const { destination } = (await useStack("kafka")).kafka;
const CLUSTER = "kafka/destination";
const run = randomBytes(4).toString("hex");

const topicBinding = (principal: string, topic: string, operation: AclBinding["operation"]): AclBinding => ({
  resourceType: "topic",
  resourceName: topic,
  patternType: "literal",
  principal,
  host: "*",
  operation,
  permission: "allow",
});

function adminOf(brokers: string): Admin {
  return new kafkajs.Kafka({
    clientId: "acl-store-test",
    brokers: [brokers],
    logLevel: kafkajs.logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();
}

function countingStore(admin: Admin, options: { maxBatchSize?: number } = {}) {
  const calls: AclCall[] = [];
  const store = new KafkaAclStore({
    adminFor: async () => admin,
    resyncPeriodMs: 60_000,
    maxBatchSize: options.maxBatchSize ?? 500,
    maxDelayMs: 20,
    recorder: { record: (call) => calls.push(call) },
  });
  const count = (api: AclCall["api"]) => calls.filter((call) => call.api === api).length;
  return { store, calls, count };
}

describe("KafkaAclStore on the destination cluster", () => {
  const admin = adminOf(destination.bootstrap.plaintext);
  // 100 reconciles, each with 10 bindings of its own principal.
  const callers = Array.from({ length: 100 }, (_, caller) =>
    Array.from({ length: 10 }, (_, i) =>
      topicBinding(`User:bulk-${run}-${caller}`, `bulk-${run}-${i}`, i % 2 === 0 ? "Read" : "Write"),
    ),
  );
  const all = callers.flat();

  beforeAll(() => admin.connect());
  afterAll(async () => {
    // Whatever a failed assertion left behind: every ACL of the test's principals.
    const { ANY } = kafkajs.AclResourceTypes;
    await admin.deleteAcls({
      filters: callers.map((bindings) => ({
        resourceType: ANY,
        resourcePatternType: kafkajs.ResourcePatternTypes.ANY,
        operation: kafkajs.AclOperationTypes.ANY,
        permissionType: kafkajs.AclPermissionTypes.ANY,
        principal: bindings[0]!.principal,
      })),
    });
    await admin.disconnect();
  });

  it("creates 1,000 bindings from 100 concurrent callers in a few CreateAcls requests, answering each caller", async () => {
    const { store, count } = countingStore(admin);
    const startedAt = performance.now();
    const results = await Promise.all(callers.map((bindings) => store.createBindings(CLUSTER, bindings)));
    const createMs = performance.now() - startedAt;

    results.forEach((callerResults, caller) => {
      expect(callerResults.map((r) => r.binding)).toEqual(callers[caller]);
      expect(new Set(callerResults.map((r) => r.outcome))).toEqual(new Set(["created"]));
    });
    expect(count("CreateAcls")).toBeLessThanOrEqual(4);

    const described = await store.describeAll(CLUSTER, { maxAgeMs: 0 });
    expect(all.filter((binding) => !described.has(bindingKey(binding)))).toEqual([]);
    console.log(
      `created 1,000 bindings for 100 callers in ${createMs.toFixed(0)} ms with ${count("CreateAcls")} CreateAcls requests`,
    );

    // What an operator of the cluster sees with Kafka's own tool.
    const listed = kafkaAcls(destination, ["--list", "--topic", `bulk-${run}-0`]);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout.match(/principal=User:bulk-/g)?.length).toBe(100);
  });

  it("answers reads from one DescribeAcls and sends nothing for bindings it saw created", async () => {
    const { store, count } = countingStore(admin);
    await Promise.all(Array.from({ length: 50 }, () => store.describeAll(CLUSTER)));
    const again = await store.createBindings(CLUSTER, callers[0]!);
    expect(count("DescribeAcls")).toBe(1);
    expect(again.map((r) => r.outcome)).toEqual(Array(10).fill("alreadyPresent"));
    expect(count("CreateAcls")).toBe(0);
  });

  it("deletes the 1,000 bindings in a few DeleteAcls requests; deleting again finds nothing", async () => {
    const { store, count } = countingStore(admin);
    const startedAt = performance.now();
    const results = await Promise.all(callers.map((bindings) => store.deleteBindings(CLUSTER, bindings)));
    const deleteMs = performance.now() - startedAt;
    expect(new Set(results.flat().map((r) => r.outcome))).toEqual(new Set(["deleted"]));
    expect(count("DeleteAcls")).toBeLessThanOrEqual(4);
    console.log(
      `deleted 1,000 bindings in ${deleteMs.toFixed(0)} ms with ${count("DeleteAcls")} DeleteAcls requests`,
    );

    const described = await store.describeAll(CLUSTER, { maxAgeMs: 0 });
    expect(all.filter((binding) => described.has(bindingKey(binding)))).toEqual([]);
    const second = await store.deleteBindings(CLUSTER, callers[0]!);
    expect(second.map((r) => r.outcome)).toEqual(Array(10).fill("alreadyAbsent"));
  });

  it("fails only the binding the cluster rejects; the rest of its batch is created", async () => {
    const { store, count } = countingStore(admin);
    const good = Array.from({ length: 20 }, (_, i) =>
      topicBinding(`User:mixed-${run}`, `mixed-${run}-${i}`, "Read"),
    );
    // Not "Type:name": Kafka refuses to parse it as a principal.
    const bad = topicBinding(`no-principal-type-${run}`, `mixed-${run}-bad`, "Read");
    const results = await store.createBindings(CLUSTER, [...good.slice(0, 10), bad, ...good.slice(10)]);
    const failed = results.filter((r) => r.outcome === "failed");
    expect(failed.map((r) => r.binding)).toEqual([bad]);
    expect(failed[0]).toMatchObject({ code: "INVALID_REQUEST", error: { reason: "RequestRejected" } });
    expect(results.filter((r) => r.outcome === "created").length).toBe(20);
    console.log(`isolated 1 rejected binding among 21 with ${count("CreateAcls")} CreateAcls requests`);
    await store.deleteBindings(CLUSTER, good);
  });

  it("reads ACLs outside the model (USER resources, TwoPhaseCommit) as foreign, never failing the read", async () => {
    const owner = `User:tokens-${run}`;
    const outsideTheModel = [
      ["--operation", "CreateTokens", "--user-principal", "User:svc"],
      ["--operation", "TwoPhaseCommit", "--transactional-id", `tx-${run}`],
    ];
    const delegationToken = ["--operation", "Describe", "--delegation-token", `token-${run}`];
    for (const args of [...outsideTheModel, delegationToken]) {
      const added = kafkaAcls(destination, ["--add", "--allow-principal", owner, ...args]);
      expect(added.status, added.stderr).toBe(0);
    }
    const { store } = countingStore(admin);
    const ours = topicBinding(owner, `tokens-${run}`, "Read");
    try {
      await store.createBindings(CLUSTER, [ours]);
      const described = await store.describeAll(CLUSTER, { maxAgeMs: 0 });
      expect(described.has(bindingKey(ours))).toBe(true);
      expect(
        described.has(
          bindingKey({
            ...ours,
            resourceType: "delegationToken",
            resourceName: `token-${run}`,
            operation: "Describe",
          }),
        ),
      ).toBe(true);
      expect(described.foreignForPrincipal(owner).map((acl) => acl.why)).toEqual(
        expect.arrayContaining(["resource type USER not modeled", "operation TWO_PHASE_COMMIT not modeled"]),
      );
    } finally {
      await store.deleteBindings(CLUSTER, [ours]);
      for (const args of [...outsideTheModel, delegationToken]) {
        kafkaAcls(destination, ["--remove", "--force", "--allow-principal", owner, ...args]);
      }
    }
  });

  it("refuses, without a request, a binding the client library cannot express", async () => {
    const { store, calls } = countingStore(admin);
    const createTokens: AclBinding = {
      ...topicBinding(`User:tokens-${run}`, "kafka-cluster", "CreateTokens"),
      resourceType: "cluster",
    };
    const [result] = await store.createBindings(CLUSTER, [createTokens]);
    expect(result).toMatchObject({ outcome: "failed", code: "UNSUPPORTED_BY_CLIENT" });
    expect(calls).toEqual([]);
  });

  it("answers every binding of an unreachable cluster as a retryable ClusterUnreachable failure", async () => {
    const nowhere = adminOf(`127.0.0.1:${await freePort()}`);
    const { store } = countingStore(nowhere);
    const bindings = [
      topicBinding(`User:nowhere-${run}`, "t", "Read"),
      topicBinding(`User:nowhere-${run}`, "t", "Write"),
    ];
    const results = await store.createBindings(CLUSTER, bindings);
    for (const result of results) {
      expect(result.outcome).toBe("failed");
      if (result.outcome === "failed") {
        expect(result.error).toBeInstanceOf(ClusterUnreachableError);
        expect(result.error.isRetryable).toBe(true);
      }
    }
    await expect(store.describeAll(CLUSTER)).rejects.toBeInstanceOf(ClusterUnreachableError);
  });
});
