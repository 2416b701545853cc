// A Connect worker goes down (SIGKILL) while a ConnectorPrincipal is being moved to another
// principal: the ConnectorPrincipal says Connect cannot be used (retried), and once the worker
// is back it converges: the connector runs under the new principal, which has exactly the ACLs
// its connector needs, and the old principal's are released. A worker of the test's own:
// killing the shared one would disturb the files that follow.
import { join } from "node:path";
import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Connect, startConnect } from "../../local-stack/connect.ts";
import { createScramUser } from "../../local-stack/kafka-tools.ts";
import { ConnectRestClients } from "../../src/adapters/connect/connect-rest-client.ts";
import { JsonHttpClients } from "../../src/adapters/http/json-http-client.ts";
import type { ConnectApi } from "../../src/ports/connect-api.ts";
import { scramKafkaCluster, secret } from "../e2e/manifests.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "../e2e/operator-fixture.ts";
import { useStack } from "../env/use-stack.ts";
import { compareNamespaceAcls, kubectlWith, waitForConvergence } from "../support/acl-invariant.ts";

const stack = await useStack("kube", "kafka");
const { destination } = stack.kafka;
const kubectl = kubectlWith(stack.kube.kubeconfigPath);

let connect: Connect;
let api: ConnectApi;
let f: OperatorFixture;
beforeAll(async () => {
  connect = await startConnect(join(inject("runDir"), "connector-principal-fault"), {
    kafka: destination,
    kube: stack.kube,
    name: "principal-restarted-connect",
  });
  api = new ConnectRestClients(new JsonHttpClients()).clientFor("fault-test", {
    baseUrl: connect.info.restUrl,
  });
  f = await startOperatorFixture("principal-fault", { flags: ["--resync-period=5s"] });
  for (const manifest of scramKafkaCluster("destination", destination)) f.apply(manifest);
  f.apply({
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind: "ConnectCluster",
    metadata: { name: "workers" },
    spec: {
      restUrl: connect.info.restUrl,
      kafkaClusterRef: { name: "destination" },
      // The worker logs in on the internal listener, as the anonymous super user.
      workerPrincipal: "User:ANONYMOUS",
      groupId: connect.info.groupId,
      configTopic: connect.info.configTopic,
      offsetTopic: connect.info.offsetTopic,
      statusTopic: connect.info.statusTopic,
      overridePolicy: connect.info.overridePolicy,
    },
  });
  await f.waitFor("connectcluster/workers", READY, (v) => v.startsWith("True/"), 60_000);
});
afterAll(async () => {
  await f?.stop();
  await connect?.stop();
});

/** A SCRAM user of the destination for the connector, its password in Secret `<user>`. */
function scramUser(user: string) {
  f.apply(secret(user, { password: createScramUser(destination, user) }));
  return {
    principal: `User:${user}`,
    credential: {
      securityProtocol: "SASL_PLAINTEXT",
      sasl: { mechanism: "SCRAM-SHA-512", username: user, password: { name: user, key: "password" } },
    },
    bootstrapServers: [destination.bootstrap.scram],
  };
}

async function createTopic(topic: string) {
  const admin = new kafkajs.Kafka({
    clientId: "fault-test",
    brokers: [destination.bootstrap.plaintext],
    logLevel: kafkajs.logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

describe("the Connect worker killed while a ConnectorPrincipal moves to another principal", () => {
  it("says Connect cannot be used, then converges to the new principal's ACLs alone", async () => {
    const ns = f.namespace;
    const connector = `${ns}-sink`;
    const topic = `${ns}-orders`;
    await createTopic(topic);
    await api.putConnectorConfig(connector, {
      name: connector,
      "connector.class": "FileStreamSink",
      "tasks.max": "1",
      topics: topic,
      file: join(inject("runDir"), "connector-principal-fault", `${connector}.out`),
    });
    const principal = (user: string) => ({
      apiVersion: "kafkaaccess.io/v1alpha1",
      kind: "ConnectorPrincipal",
      metadata: { name: "sink" },
      spec: { connectRef: { name: "workers" }, connector, ...scramUser(user) },
    });
    f.apply(principal(`${ns}-app-a`));
    await waitForConvergence(kubectl, [ns], { timeoutMs: 120_000 });

    await connect.stopWorker({ kill: true });
    f.apply(principal(`${ns}-app-b`));
    expect(["False/ConnectUnreachable", "False/ConnectClusterNotReady"]).toContain(
      await f.waitFor("connectorprincipal/sink", READY, (v) => v.startsWith("False/"), 60_000),
    );

    await connect.startWorker();
    await waitForConvergence(kubectl, [ns], { timeoutMs: 180_000 });
    const config = JSON.stringify((await api.getConnector(connector))?.config);
    expect(config).toContain(`${ns}-app-b`);
    expect(config).not.toContain(`${ns}-app-a`);
    const comparison = await compareNamespaceAcls(kubectl, ns, destination);
    expect(comparison).toEqual({ missing: [], extra: [] });
    // The new principal holds bindings, the old none (an empty claim set would pass the above).
    const ledgers = f.read("connectorprincipal/sink", "{.status.aclLedgers[*].principal}");
    expect(ledgers).toBe(`User:${ns}-app-b`);
  }, 400_000);
});
