// What `make dev` does on the local stack, as a team would before applying
// examples/connector-principal.yaml: a SCRAM user for the connector on the destination cluster
// (kafka-configs), a topic with a few records, and the connector itself, a FileStreamSink
// created through Connect's REST API (curl -X PUT /connectors/<name>/config); the user's
// password goes into a Secret of the team's namespace, returned as manifests for dev to apply
// with the clusters' (kubectl create secret). The connector starts under the workers'
// principal; the ConnectorPrincipal gives it its own.
import { join } from "node:path";
import type { KubernetesObject } from "@kubernetes/client-node";
import kafkajs from "kafkajs";
import { produceToNewTopic } from "./kafka-records.ts";
import { createScramUser } from "./kafka-tools.ts";
import type { StackInfo } from "./stack.ts";

/** The example's names: examples/connector-principal.yaml refers to them. */
export const EXAMPLE_CONNECTOR = {
  namespace: "team-a",
  user: "orders-sink",
  connector: "team-a.orders-sink",
  topic: "team-a.orders",
} as const;

export type ExampleConnectorNames = { readonly [K in keyof typeof EXAMPLE_CONNECTOR]: string };

/**
 * Creates the example's user, topic and connector; resolves with its namespace and Secret to
 * apply. Tests sharing one Connect worker and one cluster pass names of their own.
 */
export async function createExampleConnector(
  stack: StackInfo,
  names: ExampleConnectorNames = EXAMPLE_CONNECTOR,
): Promise<KubernetesObject[]> {
  const { destination } = stack.kafka;
  const password = createScramUser(destination, names.user);

  const kafka = new kafkajs.Kafka({
    clientId: "local-stack-example",
    brokers: [destination.bootstrap.plaintext],
    logLevel: kafkajs.logLevel.NOTHING,
  });
  await produceToNewTopic(kafka, names.topic, ["order 1", "order 2", "order 3"]);

  const response = await fetch(`${stack.connect.restUrl}/connectors/${names.connector}/config`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      "connector.class": "FileStreamSink",
      "tasks.max": "1",
      topics: names.topic,
      file: join(stack.runDir, `${names.connector}.txt`),
      // The workers use the cluster's internal listener; the connector's own clients log in on
      // the SCRAM listener, where the ConnectorPrincipal proves its credential too.
      "consumer.override.bootstrap.servers": destination.bootstrap.scram,
    }),
  });
  if (!response.ok) {
    throw new Error(
      `Cannot create connector "${names.connector}": ${response.status} ${await response.text()}`,
    );
  }
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: names.namespace } },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: names.user, namespace: names.namespace },
      stringData: { password },
    } as KubernetesObject,
  ];
}
