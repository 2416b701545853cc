// A KafkaCluster's admin Secret is rotated again and again while reconciles that read it are
// in flight: whatever the interleaving, the cluster ends in the state the Secret's last value
// gives, stays there, and the KafkaAcls that depend on it converge to exactly their bindings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaCluster, scramCredentials, secret } from "../e2e/manifests.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "../e2e/operator-fixture.ts";
import { useStack } from "../env/use-stack.ts";
import { compareNamespaceAcls, kubectlWith, waitForConvergence } from "../support/acl-invariant.ts";

const stack = await useStack("kube", "kafka");
const { destination } = stack.kafka;
const kubectl = kubectlWith(stack.kube.kubeconfigPath);
const right = destination.scramUsers["kao-admin"]!;

let f: OperatorFixture;
beforeAll(async () => {
  f = await startOperatorFixture("rotation", { flags: ["--resync-period=3s"] });
  f.apply(secret("admin", { password: right }));
  f.apply(kafkaCluster("destination", destination.bootstrap.scram, scramCredentials("admin")));
  await f.waitFor("kafkacluster/destination", READY, (v) => v === "True/ClusterReady");
});
afterAll(() => f?.stop());

/** Applies each password in turn without waiting, as a rotation tool retrying would. */
async function rotate(passwords: string[]) {
  for (const password of passwords) {
    f.apply(secret("admin", { password }));
    // Long enough for the change to reach the operator's cache and start a reconcile.
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe("a Secret rotated while reconciles that read it are in flight", () => {
  it("leaves the cluster in the state of the Secret's last value, and its KafkaAcls exact", async () => {
    f.apply({
      apiVersion: "kafkaaccess.io/v1alpha1",
      kind: "KafkaAcl",
      metadata: { name: "reader" },
      spec: {
        clusterRef: { name: "destination" },
        principal: `User:${f.namespace}-reader`,
        bindings: [{ resourceType: "topic", name: `${f.namespace}.orders`, operations: ["Read"] }],
      },
    });
    const wrong = Array.from({ length: 6 }, (_, i) => `wrong-${i}-${f.namespace}`);

    await rotate([wrong[0]!, right, wrong[1]!, right, wrong[2]!, right]);
    await f.waitFor("kafkacluster/destination", READY, (v) => v === "True/ClusterReady", 60_000);
    await f.waitForResyncs("KafkaCluster", 2);
    expect(f.read("kafkacluster/destination", READY)).toBe("True/ClusterReady");

    await rotate([right, wrong[3]!, right, wrong[4]!, right, wrong[5]!]);
    await f.waitFor("kafkacluster/destination", READY, (v) => v === "False/AuthenticationFailed", 60_000);
    await f.waitForResyncs("KafkaCluster", 2);
    expect(f.read("kafkacluster/destination", READY)).toBe("False/AuthenticationFailed");

    f.apply(secret("admin", { password: right }));
    await waitForConvergence(kubectl, [f.namespace], { timeoutMs: 120_000 });
    const comparison = await compareNamespaceAcls(kubectl, f.namespace, destination);
    expect(comparison).toEqual({ missing: [], extra: [] });
  }, 300_000);
});
