// What `make dev` does on the local stack before applying examples/cluster-link.yaml, as the
// team that owns the source topic would have: the topic "orders" on the source cluster, with a
// few records for the link to mirror. A link refuses to mirror a topic its source does not have.
import kafkajs from "kafkajs";
import { produceToNewTopic } from "./kafka-records.ts";
import type { StackInfo } from "./stack.ts";

/** The topic examples/cluster-link.yaml mirrors. */
export const EXAMPLE_LINK_TOPIC = "orders";

/** Creates the example link's source topic (once; a second call adds records to it). */
export async function createExampleLinkTopic(stack: StackInfo): Promise<void> {
  const kafka = new kafkajs.Kafka({
    clientId: "local-stack-example",
    brokers: [stack.kafka.source.bootstrap.plaintext],
    logLevel: kafkajs.logLevel.NOTHING,
  });
  await produceToNewTopic(kafka, EXAMPLE_LINK_TOPIC, ["order 1", "order 2", "order 3"]);
}
