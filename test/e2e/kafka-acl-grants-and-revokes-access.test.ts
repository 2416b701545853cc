import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaAcls } from "../../local-stack/kafka-tools.ts";
import { useStack } from "../env/use-stack.ts";
import { aclsOf, waitForAcls } from "./kafka-acl-listing.ts";
import { kafkaCluster, scramCredentials, scramKafkaCluster } from "./manifests.ts";
import { conditionPath, type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("kube", "kafka");
const { destination } = stack.kafka;

let f: OperatorFixture;
let topic: string;
beforeAll(async () => {
  // A short resync so drift repair shows within the test; one worker so the restart test
  // knows which resource the new operator handles first.
  f = await startOperatorFixture("acls", { flags: ["--resync-period=3s", "--acl-workers=1"] });
  topic = `${f.namespace}-orders`;
  for (const manifest of scramKafkaCluster("destination", destination)) f.apply(manifest);
  const admin = new Kafka({ brokers: [destination.bootstrap.plaintext], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
  await admin.disconnect();
  await f.waitFor("kafkacluster/destination", READY, (v) => v === "True/ClusterReady");
});
afterAll(() => f?.stop());

const kafkaAcl = (name: string, spec: object) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "KafkaAcl",
  metadata: { name },
  spec: { clusterRef: { name: "destination" }, ...spec },
});
const topicBinding = (name: string, operations: string[]) => ({ resourceType: "topic", name, operations });
const statusOf = (resource: string) =>
  JSON.parse(f.kubectl(["-n", f.namespace, "get", resource, "-o", "json"]).stdout).status;

/** Whether alice (SCRAM) may produce to the test topic: a real client, a fresh connection each time. */
async function aliceCanProduce(): Promise<boolean> {
  const producer = new Kafka({
    brokers: [destination.bootstrap.scram],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    sasl: { mechanism: "scram-sha-512", username: "alice", password: destination.scramUsers.alice! },
  }).producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ value: "hello" }] });
    return true;
  } catch (err) {
    // kafkajs wraps the broker's refusal once it stops retrying.
    const refusal = err as { type?: string; cause?: { type?: string } };
    if ((refusal.type ?? refusal.cause?.type) === "TOPIC_AUTHORIZATION_FAILED") return false;
    throw err;
  } finally {
    await producer.disconnect();
  }
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return check();
}

describe("a KafkaAcl", () => {
  it("grants access a real client then has, and takes it away again when deleted", async () => {
    expect(await aliceCanProduce()).toBe(false);
    f.apply(
      kafkaAcl("alice-writes", {
        principal: "User:alice",
        roles: [{ type: "producer", topic: { name: topic } }],
      }),
    );
    await f.waitFor("kafkaacl/alice-writes", READY, (v) => v === "True/AclsApplied");
    expect(await aliceCanProduce()).toBe(true);
    const status = statusOf("kafkaacl/alice-writes");
    expect(status.roles[0].role).toBe(`producer to topic "${topic}"`);
    expect(status.bindings).toContain(`ALLOW Write on topic "${topic}" for User:alice`);
    expect(status.appliedCount).toBe(status.bindingCount);
    await f.waitForEvent("alice-writes", "AclsApplied");

    await f.deleteAndWait("kafkaacl/alice-writes");
    expect(await eventually(async () => !(await aliceCanProduce()))).toBe(true);
  });

  it("keeps a binding two resources share until the last one goes, and repairs out-of-band deletes", async () => {
    const principal = `User:${f.namespace}-shared`;
    f.apply(kafkaAcl("first", { principal, bindings: [topicBinding(topic, ["Read", "Describe"])] }));
    f.apply(kafkaAcl("second", { principal, bindings: [topicBinding(topic, ["Read"])] }));
    await f.waitFor("kafkaacl/first", READY, (v) => v === "True/AclsApplied");
    await f.waitFor("kafkaacl/second", READY, (v) => v === "True/AclsApplied");

    await f.deleteAndWait("kafkaacl/first");
    // Describe was first's alone; Read is still wanted by second.
    const listing = await waitForAcls(destination, principal, (l) => !l.includes("operation=DESCRIBE"));
    expect(listing).toContain("operation=READ");

    // Removed with Kafka's own tool: back within a resync (3 s here).
    const removed = kafkaAcls(destination, [
      "--remove",
      "--force",
      "--allow-principal",
      principal,
      "--operation",
      "Read",
      "--topic",
      topic,
    ]);
    expect(removed.status, removed.stderr).toBe(0);
    // Each kafka-acls run blocks this process, the operator's too, for seconds: allow a few.
    await waitForAcls(destination, principal, (l) => l.includes("operation=READ"), 60_000);
    await f.waitForEvent("second", "DriftRepaired");
    expect(await f.metrics()).toMatch(/kafka_access_operator_drift_repairs_total\{kind="KafkaAcl"\} [1-9]/);

    // One created out of band for the same principal is left alone by a non-exclusive resource.
    const added = kafkaAcls(destination, [
      "--add",
      "--allow-principal",
      principal,
      "--operation",
      "Alter",
      "--topic",
      topic,
    ]);
    expect(added.status, added.stderr).toBe(0);
    // Once the broker lists it, two resync rounds reconcile "second" on a fresh read of the
    // cluster (the ACL cache lives for less than a period): the operator saw it and kept it.
    await waitForAcls(destination, principal, (l) => l.includes("operation=ALTER"));
    await f.waitForResyncs("KafkaAcl", 2);
    expect(aclsOf(destination, principal)).toContain("operation=ALTER");

    await f.deleteAndWait("kafkaacl/second");
    const left = await waitForAcls(destination, principal, (l) => !l.includes("operation=READ"));
    expect(left).toContain("operation=ALTER");
  });

  it("after a restart knows every resource's bindings before it deletes any", async () => {
    const principal = `User:${f.namespace}-restart`;
    f.apply(kafkaAcl("a-wide", { principal, bindings: [topicBinding(topic, ["Read", "Describe"])] }));
    f.apply(kafkaAcl("b-narrow", { principal, bindings: [topicBinding(topic, ["Read"])] }));
    await f.waitFor("kafkaacl/a-wide", READY, (v) => v === "True/AclsApplied");
    await f.waitFor("kafkaacl/b-narrow", READY, (v) => v === "True/AclsApplied");

    // "a-wide" is deleted while no operator runs; the new one starts with an empty index and
    // finalizes "a-wide" before it reconciles "b-narrow".
    await f.restartOperator(() => {
      const deleted = f.kubectl(["-n", f.namespace, "delete", "kafkaacl/a-wide", "--wait=false"]);
      expect(deleted.status, deleted.stderr).toBe(0);
    });
    await f.waitFor("kafkaacl/a-wide", "{.metadata.name}", (name) => name === "");
    const listing = await waitForAcls(destination, principal, (l) => !l.includes("operation=DESCRIBE"));
    expect(listing).toContain("operation=READ");
    // Never deleted, rather than deleted and put back by b-narrow's drift repair a moment later:
    // a-wide's release removed its one binding alone, and b-narrow, reconciled since, repaired
    // nothing.
    await f.waitForEvent("a-wide", `Removed 1 binding(s) on ${f.namespace}/destination for ${principal}`);
    await f.waitForResyncs("KafkaAcl", 1);
    expect(await f.metrics()).not.toMatch(
      /kafka_access_operator_drift_repairs_total\{kind="KafkaAcl"\} [1-9]/,
    );
    const narrowEvents = f.kubectl([
      "-n",
      f.namespace,
      "get",
      "events",
      "--field-selector",
      "involvedObject.name=b-narrow",
    ]).stdout;
    expect(narrowEvents).not.toContain("DriftRepaired");
    await f.deleteAndWait("kafkaacl/b-narrow");
    await waitForAcls(destination, principal, (l) => !l.includes("ResourcePattern"));
  });

  it("in exclusive mode reports the principal's unknown bindings, then removes them", async () => {
    const principal = `User:${f.namespace}-exclusive`;
    const added = kafkaAcls(destination, [
      "--add",
      "--allow-principal",
      principal,
      "--operation",
      "Write",
      "--topic",
      topic,
    ]);
    expect(added.status, added.stderr).toBe(0);
    // One the operator cannot model (a USER resource): reported, never removed.
    const tokens = kafkaAcls(destination, [
      "--add",
      "--allow-principal",
      principal,
      "--operation",
      "CreateTokens",
      "--user-principal",
      "User:svc",
    ]);
    expect(tokens.status, tokens.stderr).toBe(0);
    f.apply(
      kafkaAcl("only-reads", {
        principal,
        bindings: [topicBinding(topic, ["Read"])],
        exclusive: true,
        exclusiveGracePeriodSeconds: 4,
      }),
    );
    const exclusive = conditionPath("Exclusive", "reason");
    await f.waitFor("kafkaacl/only-reads", exclusive, (v) => v === "UnknownAclsPending");
    const pending = statusOf("kafkaacl/only-reads").pendingRemovals;
    expect(pending.map((p: { binding: string }) => p.binding)).toEqual([
      `allow|Write|topic|literal|${topic}|${principal}|*`,
    ]);
    expect(aclsOf(destination, principal)).toContain("operation=WRITE");
    await f.waitForEvent("only-reads", "UnknownAclsReported");

    await f.waitFor("kafkaacl/only-reads", exclusive, (v) => v === "UnmodeledAcls", 20_000);
    const listing = aclsOf(destination, principal);
    expect(listing).not.toContain("operation=WRITE");
    expect(listing).toContain("operation=READ");
    expect(listing).toContain("operation=CREATE_TOKENS");
    expect(statusOf("kafkaacl/only-reads").unmodeled).toEqual([
      expect.stringContaining('CREATE_TOKENS on USER "User:svc"'),
    ]);
    await f.waitForEvent("only-reads", "UnknownAclsRemoved");
    await f.deleteAndWait("kafkaacl/only-reads");
  });

  it("outside the namespace's delegated limits goes Ready=False and nothing reaches Kafka", async () => {
    const limited = kafkaCluster("limited", destination.bootstrap.scram, scramCredentials("admin"));
    f.apply({
      ...limited,
      spec: {
        ...limited.spec,
        tenancy: { namespaces: [{ name: f.namespace, resourcePrefixes: { topic: ["team-a."] } }] },
      },
    });
    await f.waitFor("kafkacluster/limited", READY, (v) => v === "True/ClusterReady");
    const principal = `User:${f.namespace}-tenant`;
    const tooWide = kafkaAcl("too-wide", {
      principal,
      bindings: [topicBinding("team-a.orders", ["Read"]), topicBinding(topic, ["Read"])],
    });
    f.apply({ ...tooWide, spec: { ...tooWide.spec, clusterRef: { name: "limited" } } });
    const reason = await f.waitFor("kafkaacl/too-wide", READY, (v) => v.startsWith("False/"));
    expect(reason).toBe("False/TenancyViolation");
    const message = f.read("kafkaacl/too-wide", conditionPath("Ready", "message"));
    expect(message).toContain(
      `binding ALLOW Read on topic "${topic}" for ${principal}: topic names for namespace ${f.namespace} must start with "team-a."`,
    );
    expect(aclsOf(destination, principal)).not.toContain("ResourcePattern");
    await f.deleteAndWait("kafkaacl/too-wide");
  });

  it("with dryRun shows its plan in status, is not Ready while changes are pending, and changes nothing", async () => {
    const principal = `User:${f.namespace}-planned`;
    f.apply(
      kafkaAcl("planned", { principal, bindings: [topicBinding(topic, ["Read", "Describe"])], dryRun: true }),
    );
    await f.waitFor("kafkaacl/planned", READY, (v) => v === "False/DryRunPlanned");
    const { plan } = statusOf("kafkaacl/planned");
    expect(plan.create).toEqual([
      `ALLOW Describe on topic "${topic}" for ${principal}`,
      `ALLOW Read on topic "${topic}" for ${principal}`,
    ]);
    expect(plan.summary).toBe("2 to create, 0 to delete, 0 unknown to report");
    expect(aclsOf(destination, principal)).not.toContain("ResourcePattern");
    // Turned off, the plan is carried out.
    f.apply(
      kafkaAcl("planned", {
        principal,
        bindings: [topicBinding(topic, ["Read", "Describe"])],
        dryRun: false,
      }),
    );
    await f.waitFor("kafkaacl/planned", READY, (v) => v === "True/AclsApplied");
    expect(statusOf("kafkaacl/planned").plan).toBeUndefined();
    expect(aclsOf(destination, principal)).toContain("operation=DESCRIBE");
    await f.deleteAndWait("kafkaacl/planned");
    await waitForAcls(destination, principal, (l) => !l.includes("ResourcePattern"));
  });

  it("waits to be deleted while its cluster cannot be reached, says why, and finishes once it can", async () => {
    const flaky = kafkaCluster("flaky", destination.bootstrap.scram, scramCredentials("admin"));
    f.apply(flaky);
    await f.waitFor("kafkacluster/flaky", READY, (v) => v === "True/ClusterReady");
    const principal = `User:${f.namespace}-unreachable`;
    const acl = kafkaAcl("on-flaky", { principal, bindings: [topicBinding(topic, ["Read"])] });
    f.apply({ ...acl, spec: { ...acl.spec, clusterRef: { name: "flaky" } } });
    await f.waitFor("kafkaacl/on-flaky", READY, (v) => v === "True/AclsApplied");

    // Nothing listens on port 1 of the loopback address.
    f.apply({ ...flaky, spec: { ...flaky.spec, bootstrapServers: ["127.0.0.1:1"] } });
    await f.waitFor("kafkacluster/flaky", READY, (v) => v.startsWith("False/"));
    expect(f.kubectl(["-n", f.namespace, "delete", "kafkaacl/on-flaky", "--wait=false"]).status).toBe(0);
    await f.waitFor("kafkaacl/on-flaky", READY, (v) => v === "False/AclReleaseBlocked");
    const why = f.read("kafkaacl/on-flaky", conditionPath("Ready", "message"));
    expect(why).toContain(`Cannot remove the bindings this resource applied on ${f.namespace}/flaky`);
    expect(aclsOf(destination, principal)).toContain("operation=READ");

    f.apply(flaky);
    await f.waitFor("kafkaacl/on-flaky", "{.metadata.name}", (name) => name === "", 60_000);
    await waitForAcls(destination, principal, (l) => !l.includes("ResourcePattern"));
  });

  it("with deletionPolicy Orphan leaves its bindings when deleted", async () => {
    const principal = `User:${f.namespace}-orphan`;
    f.apply(
      kafkaAcl("orphan", { principal, bindings: [topicBinding(topic, ["Read"])], deletionPolicy: "Orphan" }),
    );
    await f.waitFor("kafkaacl/orphan", READY, (v) => v === "True/AclsApplied");
    await f.deleteAndWait("kafkaacl/orphan");
    expect(aclsOf(destination, principal)).toContain("operation=READ");
  });
});
