// A Connect worker goes down (SIGKILL) while its ConnectCluster is being updated to another
// worker principal: the ConnectCluster says Connect cannot be reached (retried), and once the
// worker is back it converges: the new principal has exactly the catalog's worker ACLs and the
// old one's are released. A worker of the test's own: killing the shared one would disturb the
// files that follow.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Connect, startConnect } from "../../local-stack/connect.ts";
import { scramKafkaCluster } from "../e2e/manifests.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "../e2e/operator-fixture.ts";
import { useStack } from "../env/use-stack.ts";
import { compareNamespaceAcls, kubectlWith, waitForConvergence } from "../support/acl-invariant.ts";

const stack = await useStack("kube", "kafka");
const { destination } = stack.kafka;
const kubectl = kubectlWith(stack.kube.kubeconfigPath);

let connect: Connect;
let f: OperatorFixture;
beforeAll(async () => {
  connect = await startConnect(join(inject("runDir"), "connect-fault"), {
    kafka: destination,
    kube: stack.kube,
    name: "restarted-connect",
  });
  f = await startOperatorFixture("connect-fault", { flags: ["--resync-period=5s"] });
  for (const manifest of scramKafkaCluster("destination", destination)) f.apply(manifest);
  await f.waitFor("kafkacluster/destination", READY, (v) => v === "True/ClusterReady");
});
afterAll(async () => {
  await f?.stop();
  await connect?.stop();
});

const connectCluster = (workerPrincipal: string) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "ConnectCluster",
  metadata: { name: "workers" },
  spec: {
    restUrl: connect.info.restUrl,
    kafkaClusterRef: { name: "destination" },
    workerPrincipal,
    groupId: connect.info.groupId,
    configTopic: connect.info.configTopic,
    offsetTopic: connect.info.offsetTopic,
    statusTopic: connect.info.statusTopic,
    manageWorkerAcls: true,
  },
});

describe("the Connect worker killed while its ConnectCluster is updated", () => {
  it("says Connect is unreachable, then converges to the new principal's worker ACLs alone", async () => {
    const ns = f.namespace;
    f.apply(connectCluster(`User:${ns}-worker-a`));
    await waitForConvergence(kubectl, [ns], { timeoutMs: 120_000 });

    await connect.stopWorker({ kill: true });
    f.apply(connectCluster(`User:${ns}-worker-b`));
    expect(await f.waitFor("connectcluster/workers", READY, (v) => v.startsWith("False/"), 60_000)).toBe(
      "False/ConnectUnreachable",
    );

    await connect.startWorker();
    await waitForConvergence(kubectl, [ns], { timeoutMs: 180_000 });
    const comparison = await compareNamespaceAcls(kubectl, ns, destination);
    expect(comparison).toEqual({ missing: [], extra: [] });
  }, 400_000);
});
