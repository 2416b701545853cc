// The API server restarts while the operator's status and finalizer writes are in flight, and
// etcd restarts while spec changes are being applied. Both times every resource converges and
// the cluster holds exactly what the live resources want. An API server of the test's own:
// restarting the shared one would disturb the files that follow.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Kube, startKube } from "../../local-stack/kube-apiserver.ts";
import { scramKafkaCluster } from "../e2e/manifests.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "../e2e/operator-fixture.ts";
import { useStack } from "../env/use-stack.ts";
import { compareNamespaceAcls, kubectlWith, waitForConvergence } from "../support/acl-invariant.ts";

const { destination } = (await useStack("kafka")).kafka;
const COUNT = 120;

let kube: Kube;
let f: OperatorFixture;
let kubectl: ReturnType<typeof kubectlWith>;
beforeAll(async () => {
  kube = await startKube(join(inject("runDir"), "control-plane-fault"));
  kubectl = kubectlWith(kube.info.kubeconfigPath);
  f = await startOperatorFixture("control-plane", { kube: kube.info, flags: ["--resync-period=5s"] });
  for (const manifest of scramKafkaCluster("destination", destination)) f.apply(manifest);
  await f.waitFor("kafkacluster/destination", READY, (v) => v === "True/ClusterReady");
});
afterAll(async () => {
  await f?.stop();
  await kube?.stop();
});

const kafkaAcl = (i: number, operations: string[]) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "KafkaAcl",
  metadata: { name: `app-${i}` },
  spec: {
    clusterRef: { name: "destination" },
    principal: `User:${f.namespace}-app-${i % 40}`,
    bindings: [
      { resourceType: "topic", name: `${f.namespace}.shared-${i % 40}`, operations: ["Describe"] },
      { resourceType: "topic", name: `${f.namespace}.own-${i}`, operations },
    ],
  },
});
const list = (items: object[]) => JSON.stringify({ apiVersion: "v1", kind: "List", items });
const invariant = () => compareNamespaceAcls(kubectl, f.namespace, destination);

/** Waits (bounded) until the operator has sent at least `count` writes more than `before`. */
async function untilWrites(before: number, count: number) {
  const deadline = Date.now() + 60_000;
  while ((await f.kubeWrites()) < before + count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} API server writes within 60 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("the control plane restarting", () => {
  it("the API server, with status writes in flight: every resource converges to exactly its bindings", async () => {
    const before = await f.kubeWrites();
    const items = Array.from({ length: COUNT }, (_, i) => kafkaAcl(i, ["Read"]));
    const created = f.kubectl(["-n", f.namespace, "create", "-f", "-"], list(items));
    expect(created.status, created.stderr).toBe(0);
    await untilWrites(before, 20);
    await kube.restartApiServer();
    await waitForConvergence(kubectl, [f.namespace], { timeoutMs: 180_000 });
    expect(await invariant()).toEqual({ missing: [], extra: [] });
  }, 300_000);

  it("etcd, while spec changes are applied: every resource converges to exactly its bindings", async () => {
    const before = await f.kubeWrites();
    // Half of them now want Write instead of Read on their own topic; a tenth go.
    const changed = Array.from({ length: COUNT / 2 }, (_, i) => kafkaAcl(i, ["Write"]));
    const applied = f.kubectl(["-n", f.namespace, "apply", "-f", "-"], list(changed));
    expect(applied.status, applied.stderr).toBe(0);
    const deleted = Array.from({ length: COUNT / 10 }, (_, i) => `kafkaacl/app-${COUNT - 1 - i}`);
    expect(f.kubectl(["-n", f.namespace, "delete", "--wait=false", ...deleted]).status).toBe(0);
    await untilWrites(before, 10);
    await kube.stopEtcd();
    // Down for 3 s: the operator's writes fail meanwhile, its reads come from its caches.
    await new Promise((r) => setTimeout(r, 3_000));
    await kube.startEtcd();
    await f.waitFor(
      "kafkaacls",
      "{.items[*].metadata.name}",
      (names) => names.split(" ").filter(Boolean).length === COUNT - deleted.length,
      120_000,
      1_000,
    );
    await waitForConvergence(kubectl, [f.namespace], { timeoutMs: 180_000 });
    expect(await invariant()).toEqual({ missing: [], extra: [] });
  }, 300_000);
});
