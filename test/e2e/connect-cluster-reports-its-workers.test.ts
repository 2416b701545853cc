import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import { scramKafkaCluster } from "./manifests.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;

let f: OperatorFixture;
beforeAll(async () => {
  f = await startOperatorFixture("connect");
  for (const manifest of scramKafkaCluster("destination", destination)) f.apply(manifest);
});
afterAll(() => f?.stop());

const connectCluster = (name: string, restUrl: string) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "ConnectCluster",
  metadata: { name },
  spec: {
    restUrl,
    kafkaClusterRef: { name: "destination" },
    workerPrincipal: "User:connect-worker",
    groupId: stack.connect.groupId,
    configTopic: stack.connect.configTopic,
    offsetTopic: stack.connect.offsetTopic,
    statusTopic: stack.connect.statusTopic,
  },
});

describe("a ConnectCluster", () => {
  it("reports the workers' version and plugins, and the worker ACLs the catalog says are missing", async () => {
    f.apply(connectCluster("workers", stack.connect.restUrl));
    await f.waitFor("connectcluster/workers", READY, (v) => v === "True/ConnectReady");
    const status = JSON.parse(
      f.kubectl(["-n", f.namespace, "get", "connectcluster/workers", "-o", "json"]).stdout,
    ).status;
    expect(status.kafkaClusterId).toBe(destination.clusterId);
    expect(status.plugins).toContain("org.apache.kafka.connect.mirror.MirrorSourceConnector");
    expect(status.conditions).toContainEqual(
      expect.objectContaining({ type: "WorkerAccess", status: "False" }),
    );
    expect(status.missingWorkerAccess).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`Read on group "${stack.connect.groupId}" for User:connect-worker`),
        expect.stringContaining(`Write on topic "${stack.connect.configTopic}" for User:connect-worker`),
      ]),
    );
  });

  it("says Connect is unreachable when nothing answers at its REST URL", async () => {
    f.apply(connectCluster("nowhere", "http://127.0.0.1:1"));
    await f.waitFor("connectcluster/nowhere", READY, (v) => v === "False/ConnectUnreachable");
  });
});
