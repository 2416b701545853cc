// Two replicas with leader election; the leader is killed with SIGKILL while a large
// convergence is under way (its CreateAcls batches on the wire). The standby takes over
// within the lease time and finishes: every resource converges to exactly its bindings, and
// it repairs nothing, so nothing the killed leader had applied was removed on the way.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scramKafkaCluster } from "../e2e/manifests.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "../e2e/operator-fixture.ts";
import { useStack } from "../env/use-stack.ts";
import { compareNamespaceAcls, kubectlWith, waitForConvergence } from "../support/acl-invariant.ts";
import { type OperatorProcess, startOperatorProcess } from "./operator-process.ts";

const stack = await useStack("kube", "kafka");
const { destination } = stack.kafka;
const kubectl = kubectlWith(stack.kube.kubeconfigPath);
const COUNT = 150;
const LEASE_SECONDS = 4;

let f: OperatorFixture;
const replicas: OperatorProcess[] = [];
beforeAll(async () => {
  f = await startOperatorFixture("leader-fault", { runOperator: false });
  for (const manifest of scramKafkaCluster("destination", destination)) f.apply(manifest);
});
afterAll(async () => {
  for (const replica of replicas) await replica.kill();
  await f?.stop();
});

const replica = (identity: string) =>
  startOperatorProcess(
    [
      `--kubeconfig=${stack.kube.kubeconfigPath}`,
      `--namespaces=${f.namespace}`,
      "--leader-elect=true",
      `--lease-namespace=${f.namespace}`,
      `--lease-duration=${LEASE_SECONDS}s`,
      `--identity=${identity}`,
      "--resync-period=20s",
    ],
    join(stack.runDir, `${f.namespace}-${identity}.log`),
  );
const holder = () => f.read("lease/kafka-access-operator", "{.spec.holderIdentity}");

describe("the leader killed during a large convergence", () => {
  it("is replaced by the standby, which finishes with exactly the wanted ACLs and repairs nothing", async () => {
    const a = await replica("replica-a");
    replicas.push(a);
    await f.waitFor("lease/kafka-access-operator", "{.spec.holderIdentity}", (v) => v === "replica-a");
    await f.waitFor("kafkacluster/destination", READY, (v) => v === "True/ClusterReady");
    const b = await replica("replica-b");
    replicas.push(b);

    const items = Array.from({ length: COUNT }, (_, i) => ({
      apiVersion: "kafkaaccess.io/v1alpha1",
      kind: "KafkaAcl",
      metadata: { name: `app-${i}` },
      spec: {
        clusterRef: { name: "destination" },
        principal: `User:${f.namespace}-app-${i % 50}`,
        roles: [
          {
            type: "consumer",
            topic: { name: `${f.namespace}.t${i % 50}` },
            group: { name: `${f.namespace}.g${i}` },
          },
        ],
      },
    }));
    const created = f.kubectl(
      ["-n", f.namespace, "create", "-f", "-"],
      JSON.stringify({ apiVersion: "v1", kind: "List", items }),
    );
    expect(created.status, created.stderr).toBe(0);
    const deadline = Date.now() + 60_000;
    while ((await a.metric("kafka_access_operator_external_calls_total", /operation="CreateAcls"/)) === 0) {
      if (Date.now() > deadline) throw new Error("the leader sent no CreateAcls within 60 s");
      await new Promise((r) => setTimeout(r, 10));
    }
    await a.kill();
    expect(await b.metric("kafka_access_operator_reconciles_total")).toBe(0);

    await f.waitFor(
      "lease/kafka-access-operator",
      "{.spec.holderIdentity}",
      (v) => v === "replica-b",
      60_000,
    );
    expect(holder()).toBe("replica-b");
    await waitForConvergence(kubectl, [f.namespace], { timeoutMs: 180_000 });
    const comparison = await compareNamespaceAcls(kubectl, f.namespace, destination);
    expect(comparison).toEqual({ missing: [], extra: [] });
    expect(await b.metric("kafka_access_operator_drift_repairs_total")).toBe(0);
  }, 300_000);
});
