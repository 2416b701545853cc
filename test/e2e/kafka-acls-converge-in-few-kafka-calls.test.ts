import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import { aclsOfPrincipalsStartingWith } from "./kafka-acl-listing.ts";
import { scramKafkaCluster } from "./manifests.ts";
import { type OperatorFixture, startOperatorFixture } from "./operator-fixture.ts";
import { kafkaCalls as operatorKafkaCalls, until } from "./operator-metrics.ts";

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

const kafkaCalls = (api: string) => operatorKafkaCalls(f, api);
/** How many ACLs of this test's principals the cluster holds, read by a super user. */
const aclsOnCluster = async () =>
  (await aclsOfPrincipalsStartingWith(destination, `User:${f.namespace}-app-`)).length;

/** Waits until `count` of the namespace's KafkaAcls are Ready; each poll lists them all. */
async function untilReady(count: number, timeoutMs: number): Promise<void> {
  const readyStatuses = '{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}';
  const ready = (listing: string) => listing.split("\n").filter((s) => s === "True").length;
  await f.waitFor("kafkaacls", readyStatuses, (listing) => ready(listing) === count, timeoutMs, 2_000);
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
    // once per period. The round that is running may still write the last statuses of the
    // convergence, and its Events (a thousand Ready) go out a few at a time after it.
    await f.waitForResyncs("KafkaAcl", 1, (2 * RESYNC_SECONDS + 30) * 1000);
    await f.waitForEventsWritten();
    const describesBefore = await kafkaCalls("DescribeAcls");
    const kubeWritesBefore = await f.kubeWrites();
    await f.waitForResyncs("KafkaAcl", 1, (2 * RESYNC_SECONDS + 30) * 1000);
    expect(await f.kubeWrites()).toBe(kubeWritesBefore);
    expect((await kafkaCalls("DescribeAcls")) - describesBefore).toBeLessThanOrEqual(2);
    expect(await kafkaCalls("CreateAcls")).toBe(createCalls);
    expect(await kafkaCalls("DeleteAcls")).toBe(0);

    const removed = f.kubectl(["-n", f.namespace, "delete", "kafkaacls", "--all", "--wait=false"]);
    expect(removed.status, removed.stderr).toBe(0);
    await f.waitFor("kafkaacls", "{.items[*].metadata.name}", (names) => names.trim() === "", 240_000, 2_000);
    await until("every binding removed from the cluster", async () => (await aclsOnCluster()) === 0, 20_000);
    const deleteCalls = await kafkaCalls("DeleteAcls");
    expect(deleteCalls).toBeGreaterThan(0);
    expect(deleteCalls).toBeLessThanOrEqual(COUNT / 5);
  }, 600_000);
});
