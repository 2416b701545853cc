import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Kube, startKube } from "../../local-stack/kube-apiserver.ts";
import { type RunningOperator, startOperator } from "../../src/cli/run.ts";
import { loadOperatorConfig } from "../../src/config/operator-config.ts";
import { createRootLogger } from "../../src/observability/logger.ts";
import { kafkaCluster, scramCredentials } from "./manifests.ts";
import { READY } from "./operator-fixture.ts";

// An API server of its own: restarting the shared one would disturb every other test.
const stack = inject("stack");
const { destination } = stack.kafka;
const namespace = "restart";

let kube: Kube;
let operator: RunningOperator;
const kubectl = (args: readonly string[], input?: string) =>
  spawnSync("kubectl", ["--kubeconfig", kube.info.kubeconfigPath, ...args], { encoding: "utf8", input });
const apply = (manifest: object) => {
  const r = kubectl(["-n", namespace, "apply", "-f", "-"], JSON.stringify(manifest));
  if (r.status !== 0) throw new Error(r.stderr);
};
const waitFor = async (resource: string, expected: string, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  let value = "";
  while (Date.now() < deadline) {
    value = kubectl(["-n", namespace, "get", resource, "-o", `jsonpath=${READY}`]).stdout;
    if (value === expected) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${resource} is "${value}", expected "${expected}" within ${timeoutMs} ms`);
};
const passwordSecret = (password: string) => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "admin" },
  stringData: { password },
});
beforeAll(async () => {
  kube = await startKube(join(stack.runDir, "restart-kube"));
  expect(kubectl(["apply", "--server-side", "-f", "crds/"]).status).toBe(0);
  expect(kubectl(["wait", "--for=condition=Established", "--all", "crd", "--timeout=60s"]).status).toBe(0);
  expect(kubectl(["create", "namespace", namespace]).status).toBe(0);
  // A resync period far beyond the test: whatever the operator notices, it notices by watch.
  const config = loadOperatorConfig(
    [
      `--kubeconfig=${kube.info.kubeconfigPath}`,
      `--namespaces=${namespace}`,
      "--resync-period=1h",
      "--health-port=0",
      "--health-host=127.0.0.1",
    ],
    {},
  );
  operator = await startOperator(config, { logger: createRootLogger({ level: "error" }) });
});
afterAll(async () => {
  await operator?.stop();
  await kube?.stop();
});

describe("after the API server restarts", () => {
  it("the operator's watches resume: Secret changes and new resources are still seen", async () => {
    apply(passwordSecret(destination.scramUsers["kao-admin"]!));
    apply(kafkaCluster("before", destination.bootstrap.scram, scramCredentials("admin")));
    await waitFor("kafkacluster/before", "True/ClusterReady");

    await kube.restartApiServer();

    apply(passwordSecret("rotated-to-a-wrong-password"));
    await waitFor("kafkacluster/before", "False/AuthenticationFailed");
    apply(kafkaCluster("after", destination.bootstrap.scram, scramCredentials("admin")));
    await waitFor("kafkacluster/after", "False/AuthenticationFailed");
    apply(passwordSecret(destination.scramUsers["kao-admin"]!));
    await waitFor("kafkacluster/before", "True/ClusterReady");
    await waitFor("kafkacluster/after", "True/ClusterReady");
  });
});
