// The broker is killed while the operator's CreateAcls batches are on the wire, and started
// again. Resources report why they wait (retried, not stuck), and once the broker is back they
// converge to exactly the bindings they want, with out-of-band ACLs untouched. A Kafka cluster
// of the test's own: killing a shared broker would disturb the files that follow.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type KafkaCluster, startKafkaCluster } from "../../local-stack/kafka.ts";
import { scramKafkaCluster } from "../e2e/manifests.ts";
import { conditionPath, type OperatorFixture, READY, startOperatorFixture } from "../e2e/operator-fixture.ts";
import { grantReadOutOfBand } from "../e2e/tenant.ts";
import { useStack } from "../env/use-stack.ts";
import { compareAcls, kubectlWith, waitForConvergence } from "../support/acl-invariant.ts";

const stack = await useStack("kube", "kafka");
const kubectl = kubectlWith(stack.kube.kubeconfigPath);
const COUNT = 150;

let kafka: KafkaCluster;
let f: OperatorFixture;
beforeAll(async () => {
  kafka = await startKafkaCluster(join(inject("runDir"), "broker-fault"), "faulty", stack);
  f = await startOperatorFixture("broker", { flags: ["--resync-period=5s"] });
  for (const manifest of scramKafkaCluster("faulty", kafka.info)) f.apply(manifest);
  await f.waitFor("kafkacluster/faulty", READY, (v) => v === "True/ClusterReady", 60_000);
});
afterAll(async () => {
  await f?.stop();
  await kafka?.stop();
});

const kafkaAcl = (i: number, ns: string) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "KafkaAcl",
  metadata: { name: `app-${i}` },
  spec: {
    clusterRef: { name: "faulty" },
    principal: `User:app-${i % 50}`,
    bindings: [
      { resourceType: "topic", name: `${ns}.shared-${i % 50}`, operations: ["Read", "Describe"] },
      { resourceType: "group", name: `${ns}.own-${i}`, operations: ["Read"] },
    ],
  },
});

/** kafka_access_operator_external_calls_total for a Kafka API, summed over results. */
async function kafkaCalls(api: string): Promise<number> {
  const pattern = new RegExp(
    `^kafka_access_operator_external_calls_total\\{[^}]*operation="${api}"[^}]*\\} (\\S+)`,
    "gm",
  );
  return [...(await f.metrics()).matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);
}

describe("a broker killed mid-batch", () => {
  it("leaves resources waiting with a retryable reason, and exactly the wanted ACLs once it is back", async () => {
    grantReadOutOfBand(kafka.info, "User:platform", `${f.namespace}.platform`);
    const created = f.kubectl(
      ["-n", f.namespace, "create", "-f", "-"],
      JSON.stringify({
        apiVersion: "v1",
        kind: "List",
        items: Array.from({ length: COUNT }, (_, i) => kafkaAcl(i, f.namespace)),
      }),
    );
    expect(created.status, created.stderr).toBe(0);
    const deadline = Date.now() + 60_000;
    while ((await kafkaCalls("CreateAcls")) === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    await kafka.stopBroker({ kill: true });

    // Whatever was not applied yet says why, with a reason that is retried.
    const waiting = await f.waitFor("kafkacluster/faulty", READY, (v) => v.startsWith("False/"), 60_000);
    expect(waiting).toBe("False/ClusterUnreachable");
    const reasons = await f.waitFor(
      "kafkaacls",
      `{range .items[*]}${conditionPath("Ready", "reason")}{"\\n"}{end}`,
      (listing) => listing.split("\n").some((r) => r !== "" && r !== "AclsApplied"),
      60_000,
      1_000,
    );
    const notApplied = new Set(reasons.split("\n").filter((r) => r !== "" && r !== "AclsApplied"));
    for (const reason of notApplied)
      expect(["ClusterUnreachable", "KafkaClusterNotReady", "AclsFailed"]).toContain(reason);

    await kafka.startBroker();
    await waitForConvergence(kubectl, [f.namespace], { timeoutMs: 180_000 });
    const comparison = await compareAcls({
      kubectl,
      namespaces: [f.namespace],
      clusterResources: [`${f.namespace}/faulty`],
      cluster: kafka.info,
      outOfBand: [`allow|Read|topic|literal|${f.namespace}.platform|User:platform|*`],
      isInScope: () => true,
    });
    expect(comparison).toEqual({ missing: [], extra: [] });
  }, 300_000);
});
