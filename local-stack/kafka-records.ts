// Records as applications see them, for tests that check where records arrive: a topic made
// and filled on one cluster, and a consumer group reading a topic, committing after each
// record, until it has read a given number (bounded in time).
import type { Kafka } from "kafkajs";

/** Creates `topic` with one partition and produces `values` to it. */
export async function produceToNewTopic(
  kafka: Kafka,
  topic: string,
  values: readonly string[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: values.map((value) => ({ value })) });
  } finally {
    await producer.disconnect();
  }
}

/**
 * The next `count` values `groupId` reads from `topic` (from the start when the group has no
 * position), each committed as it is read, so the group stops exactly after the last.
 */
export async function consume(
  kafka: Kafka,
  topic: string,
  groupId: string,
  count: number,
): Promise<string[]> {
  const consumer = kafka.consumer({ groupId });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${values.length}/${count} from ${topic}`)),
        60_000,
      );
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ message, partition }) => {
          if (values.length >= count) return;
          values.push(message.value?.toString() ?? "");
          await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
          if (values.length === count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return values;
  } finally {
    await consumer.disconnect();
  }
}
