import { join } from "node:path";
import { afterAll, beforeAll, describe, inject, it } from "vitest";
import { type Kube, startKube } from "../../local-stack/kube-apiserver.ts";
import { useStack } from "../env/use-stack.ts";
import { kafkaCluster, scramCredentials } from "./manifests.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

// An API server of its own: restarting the shared one would disturb every other test.
const { destination } = (await useStack("kafka")).kafka;

let kube: Kube;
let f: OperatorFixture;
const passwordSecret = (password: string) => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "admin" },
  stringData: { password },
});
const waitForReady = (resource: string, expected: string) =>
  f.waitFor(resource, READY, (v) => v === expected, 20_000);
beforeAll(async () => {
  kube = await startKube(join(inject("runDir"), "restart-kube"));
  // A resync period far beyond the test: whatever the operator notices, it notices by watch.
  f = await startOperatorFixture("restart", { kube: kube.info, flags: ["--resync-period=1h"] });
});
afterAll(async () => {
  await f?.stop();
  await kube?.stop();
});

describe("after the API server restarts", () => {
  it("the operator's watches resume: Secret changes and new resources are still seen", async () => {
    f.apply(passwordSecret(destination.scramUsers["kao-admin"]!));
    f.apply(kafkaCluster("before", destination.bootstrap.scram, scramCredentials("admin")));
    await waitForReady("kafkacluster/before", "True/ClusterReady");

    await kube.restartApiServer();

    f.apply(passwordSecret("rotated-to-a-wrong-password"));
    await waitForReady("kafkacluster/before", "False/AuthenticationFailed");
    f.apply(kafkaCluster("after", destination.bootstrap.scram, scramCredentials("admin")));
    await waitForReady("kafkacluster/after", "False/AuthenticationFailed");
    f.apply(passwordSecret(destination.scramUsers["kao-admin"]!));
    await waitForReady("kafkacluster/before", "True/ClusterReady");
    await waitForReady("kafkacluster/after", "True/ClusterReady");
  });
});
