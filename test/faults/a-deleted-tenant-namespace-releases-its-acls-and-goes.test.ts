// A tenant namespace is deleted with its KafkaAcls in it, on an API server with Kubernetes' own
// namespace and garbage-collector controllers (kube-controller-manager): the namespace
// controller deletes the KafkaAcls, the operator's finalizers release their bindings (the one
// a platform KafkaAcl shares is kept), and the namespace goes. Nothing waits forever in
// Terminating, and the cluster holds exactly what the platform's resources want.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Kube, startKube } from "../../local-stack/kube-apiserver.ts";
import { type ControllerManager, startControllerManager } from "../../local-stack/kube-controller-manager.ts";
import { kafkaCluster, scramCredentials, secret } from "../e2e/manifests.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "../e2e/operator-fixture.ts";
import { useStack } from "../env/use-stack.ts";
import { compareAcls, kubectlWith, waitForConvergence } from "../support/acl-invariant.ts";
import { type OperatorProcess, startOperatorProcess } from "./operator-process.ts";

const { destination } = (await useStack("kafka")).kafka;

let kube: Kube;
let controllers: ControllerManager;
let f: OperatorFixture;
let operator: OperatorProcess;
let kubectl: ReturnType<typeof kubectlWith>;
let tenant: string;
beforeAll(async () => {
  const dir = join(inject("runDir"), "namespace-deletion");
  kube = await startKube(dir);
  controllers = await startControllerManager(dir, kube.info, ["namespace", "garbagecollector"]);
  kubectl = kubectlWith(kube.info.kubeconfigPath);
  f = await startOperatorFixture("platform", { kube: kube.info, runOperator: false });
  tenant = `${f.namespace}-tenant`;
  expect(f.kubectl(["create", "namespace", tenant]).status).toBe(0);
  operator = await startOperatorProcess(
    [
      `--kubeconfig=${kube.info.kubeconfigPath}`,
      `--namespaces=${f.namespace},${tenant}`,
      "--resync-period=5s",
    ],
    join(dir, "operator.log"),
  );
});
afterAll(async () => {
  await operator?.stop();
  await f?.stop();
  await controllers?.stop();
  await kube?.stop();
});

const kafkaAcl = (namespace: string, name: string, bindings: object[]) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "KafkaAcl",
  metadata: { name, namespace },
  spec: {
    clusterRef: { name: "destination", namespace: f.namespace },
    principal: `User:${f.namespace}-app`,
    bindings,
  },
});
const topic = (name: string, operations: string[]) => ({ resourceType: "topic", name, operations });
/** Applies a manifest that names its namespace. */
function applyAnywhere(manifest: object) {
  const applied = f.kubectl(["apply", "-f", "-"], JSON.stringify(manifest));
  expect(applied.status, applied.stderr).toBe(0);
}

describe("a tenant namespace deleted with its KafkaAcls in it", () => {
  it("releases their bindings, keeps the one the platform shares, and goes", async () => {
    const ns = f.namespace;
    f.apply(secret("admin", { password: destination.scramUsers["kao-admin"]! }));
    const cluster = kafkaCluster("destination", destination.bootstrap.scram, scramCredentials("admin"));
    f.apply({
      ...cluster,
      spec: { ...cluster.spec, tenancy: { namespaces: [{ name: ns }, { name: tenant }] } },
    });
    await f.waitFor("kafkacluster/destination", READY, (v) => v === "True/ClusterReady");
    applyAnywhere(kafkaAcl(ns, "platform-reads", [topic(`${ns}.shared`, ["Read"])]));
    applyAnywhere(
      kafkaAcl(tenant, "tenant-reads", [topic(`${ns}.shared`, ["Read"]), topic(`${ns}.tenant`, ["Write"])]),
    );
    applyAnywhere(
      kafkaAcl(tenant, "tenant-groups", [
        { resourceType: "group", name: `${ns}.tenant`, operations: ["Read"] },
      ]),
    );
    await waitForConvergence(kubectl, [ns, tenant]);
    const invariant = (namespaces: string[]) =>
      compareAcls({
        kubectl,
        namespaces,
        clusterResources: [`${ns}/destination`],
        cluster: destination,
        outOfBand: [],
        isInScope: (principal) => principal === `User:${ns}-app`,
      });
    expect(await invariant([ns, tenant])).toEqual({ missing: [], extra: [] });

    expect(f.kubectl(["delete", "namespace", tenant, "--wait=false"]).status).toBe(0);
    await f.waitFor(
      "namespace",
      `{.items[?(@.metadata.name=="${tenant}")].metadata.name}`,
      (v) => v === "",
      120_000,
      1_000,
    );
    expect(await invariant([ns])).toEqual({ missing: [], extra: [] });
    expect(await operator.metric("kafka_access_operator_drift_repairs_total")).toBe(0);
  }, 300_000);
});
