import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
} from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import { scramKafkaCluster } from "./manifests.ts";
import { type OperatorFixture, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("kube", "kafka");
const { destination } = stack.kafka;
const COUNT = 1000;
const RESYNC_SECONDS = 10;

let f: OperatorFixture;
beforeAll(async () => {
  f = await startOperatorFixture("scale", { flags: [`--resync-period=${RESYNC_SECONDS}s`] });
  for (const manifest of scramKafkaCluster("destination", destination)) f.apply(manifest);
  await f.waitFor(
    "kafkacluster/destination",
    '{.status.conditions[?(@.type=="Ready")].status}',
    (v) => v === "True",
  );
});
afterAll(() => f?.stop());

/** kafka_access_operator_external_calls_total for one Kafka API, summed over results. */
async function kafkaCalls(api: string): Promise<number> {
  const text = await f.metrics();
  const pattern = new RegExp(
    `^kafka_access_operator_external_calls_total\\{[^}]*operation="${api}"[^}]*\\} (\\d+)`,
    "gm",
  );
  return [...text.matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** How many ACLs of this test's principals the cluster holds, read by a super user. */
async function aclsOnCluster(): Promise<number> {
  const admin = new Kafka({ brokers: [destination.bootstrap.plaintext], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    const prefix = `User:${f.namespace}-app-`;
    return resources.flatMap((r) => r.acls).filter((acl) => acl.principal.startsWith(prefix)).length;
  } finally {
    await admin.disconnect();
  }
}

/** Waits until `count` of the namespace's KafkaAcls are Ready; each poll lists them all. */
async function untilReady(count: number, timeoutMs: number): Promise<void> {
  const readyStatuses = '{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}';
  const ready = (listing: string) => listing.split("\n").filter((s) => s === "True").length;
  await f.waitFor("kafkaacls", readyStatuses, (listing) => ready(listing) === count, timeoutMs, 2_000);
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 2_000));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

describe(`${COUNT} KafkaAcls`, () => {
  it("converge, stay quiet through a resync, and are removed, each in a few batched Kafka calls", async () => {
    const items = Array.from({ length: COUNT }, (_, i) => ({
      apiVersion: "kafkaaccess.io/v1alpha1",
      kind: "KafkaAcl",
      metadata: { name: `app-${i}` },
      spec: {
        clusterRef: { name: "destination" },
        principal: `User:${f.namespace}-app-${i}`,
        roles: [
          {
            type: "consumer",
            topic: { name: `${f.namespace}-t${i}` },
            group: { name: `${f.namespace}-g${i}` },
          },
        ],
      },
    }));
    const created = f.kubectl(
      ["-n", f.namespace, "create", "-f", "-"],
      JSON.stringify({ apiVersion: "v1", kind: "List", items }),
    );
    expect(created.status, created.stderr).toBe(0);
    await untilReady(COUNT, 240_000);

    const bindingsPerAcl = 3; // consumer: Read and Describe on the topic, Read on the group
    // The broker answering DescribeAcls applies committed ACLs a moment after CreateAcls returns.
    await until(
      "every binding on the cluster",
      async () => (await aclsOnCluster()) === COUNT * bindingsPerAcl,
      20_000,
    );
    const createCalls = await kafkaCalls("CreateAcls");
    // Without batching this would be one call per resource; the API server, not Kafka, sets
    // the pace here, so each request carries the writes of the reconciles of its ~100 ms.
    expect(createCalls).toBeGreaterThan(0);
    expect(createCalls).toBeLessThanOrEqual(COUNT / 5);
    expect(await kafkaCalls("DeleteAcls")).toBe(0);

    // Steady state: a whole resync round reconciles every resource, writes nothing to Kafka
    // or the API server (no status, finalizer or Event) and reads the cluster's ACLs at most
    // once per period.
    // The round that is running may still write the last statuses of the convergence, and the
    // Events of the convergence (a thousand Ready) go out a few at a time after it.
    await f.waitForResyncs("KafkaAcl", 1, (2 * RESYNC_SECONDS + 30) * 1000);
    await f.waitForEventsWritten();
    const describesBefore = await kafkaCalls("DescribeAcls");
    const kubeWritesBefore = await f.kubeWrites();
    await f.waitForResyncs("KafkaAcl", 1, (2 * RESYNC_SECONDS + 30) * 1000);
    expect(await f.kubeWrites()).toBe(kubeWritesBefore);
    expect(await kafkaCalls("CreateAcls")).toBe(createCalls);
    expect(await kafkaCalls("DeleteAcls")).toBe(0);
    expect((await kafkaCalls("DescribeAcls")) - describesBefore).toBeLessThanOrEqual(2);

    const removed = f.kubectl(["-n", f.namespace, "delete", "kafkaacls", "--all", "--wait=false"]);
    expect(removed.status, removed.stderr).toBe(0);
    await f.waitFor("kafkaacls", "{.items[*].metadata.name}", (names) => names.trim() === "", 240_000, 2_000);
    await until("every binding removed from the cluster", async () => (await aclsOnCluster()) === 0, 20_000);
    const deleteCalls = await kafkaCalls("DeleteAcls");
    expect(deleteCalls).toBeGreaterThan(0);
    expect(deleteCalls).toBeLessThanOrEqual(COUNT / 5);
  }, 600_000);
});
