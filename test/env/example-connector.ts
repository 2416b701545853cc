// What `make dev` does on the local stack, as a team would before applying
// examples/connector-principal.yaml: a SCRAM user for the connector on the destination cluster
// (kafka-configs) with its password in a Secret of the team's namespace (kubectl create
// secret), a topic with a few records, and the connector itself, a FileStreamSink created
// through Connect's REST API (curl -X PUT /connectors/<name>/config). The connector starts
// under the workers' principal; the ConnectorPrincipal gives it its own.
import { join } from "node:path";
import kafkajs from "kafkajs";
import { createScramUser } from "./connector-principals.ts";
import type { StackInfo } from "./stack.ts";

/** The example's names: examples/connector-principal.yaml refers to them. */
const EXAMPLE = {
  namespace: "team-a",
  user: "orders-sink",
  connector: "team-a.orders-sink",
  topic: "team-a.orders",
} as const;

export async function createExampleConnector(
  stack: StackInfo,
  /** Applies manifests to the stack's API server (server-side apply). */
  apply: (manifests: object[]) => Promise<void>,
): Promise<void> {
  const { destination } = stack.kafka;
  const password = createScramUser(destination, EXAMPLE.user);
  await apply([
    { apiVersion: "v1", kind: "Namespace", metadata: { name: EXAMPLE.namespace } },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: EXAMPLE.user, namespace: EXAMPLE.namespace },
      stringData: { password },
    },
  ]);

  const kafka = new kafkajs.Kafka({
    clientId: "local-stack-example",
    brokers: [destination.bootstrap.plaintext],
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic: EXAMPLE.topic }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic: EXAMPLE.topic,
      messages: ["order 1", "order 2", "order 3"].map((value) => ({ value })),
    });
  } finally {
    await producer.disconnect();
  }

  const response = await fetch(`${stack.connect.restUrl}/connectors/${EXAMPLE.connector}/config`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      "connector.class": "FileStreamSink",
      "tasks.max": "1",
      topics: EXAMPLE.topic,
      file: join(stack.runDir, `${EXAMPLE.connector}.txt`),
      // The workers use the cluster's internal listener; the connector's own clients log in on
      // the SCRAM listener, where the ConnectorPrincipal proves its credential too.
      "consumer.override.bootstrap.servers": destination.bootstrap.scram,
    }),
  });
  if (!response.ok) {
    throw new Error(
      `Cannot create connector "${EXAMPLE.connector}": ${response.status} ${await response.text()}`,
    );
  }
}
