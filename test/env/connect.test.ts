import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";
import { ConnectRestClients } from "../../src/adapters/connect/connect-rest-client.ts";
import { JsonHttpClients } from "../../src/adapters/http/json-http-client.ts";
import { useStack } from "./use-stack.ts";

const stack = await useStack("connect");
const connect = new ConnectRestClients(new JsonHttpClients()).clientFor("connect-test", {
  baseUrl: stack.connect.restUrl,
});
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;
const kubectl = (args: string[]) =>
  spawnSync("kubectl", ["--kubeconfig", stack.kube.kubeconfigPath, ...args], { encoding: "utf8" });

async function readValues(topic: string, count: number): Promise<string[]> {
  const kafka = new Kafka({
    brokers: [stack.kafka.destination.bootstrap.plaintext],
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: unique("reader") });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value?.toString() ?? "");
          if (values.length >= count) resolve();
        },
      });
    });
    await Promise.race([
      done,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`read ${values.length}/${count}`)), 30_000),
      ),
    ]);
    return values;
  } finally {
    await consumer.disconnect();
  }
}

describe("the Kafka Connect worker", () => {
  it("offers the MirrorMaker 2 and File connector plugins", async () => {
    const classes = (await connect.listPlugins()).map((p) => p.class);
    expect(classes).toEqual(
      expect.arrayContaining([
        "org.apache.kafka.connect.mirror.MirrorSourceConnector",
        "org.apache.kafka.connect.mirror.MirrorCheckpointConnector",
        "org.apache.kafka.connect.mirror.MirrorHeartbeatConnector",
        "org.apache.kafka.connect.file.FileStreamSourceConnector",
        "org.apache.kafka.connect.file.FileStreamSinkConnector",
      ]),
    );
    expect((await connect.serverInfo()).kafkaClusterId).toBe(stack.kafka.destination.clusterId);
  });

  it("runs a File source connector whose topic comes from a Kubernetes Secret, keeping only the variable", async () => {
    const namespace = unique("connect");
    const topic = unique("lines");
    expect(kubectl(["create", "namespace", namespace]).status).toBe(0);
    expect(
      kubectl([
        "-n",
        namespace,
        "create",
        "secret",
        "generic",
        "file-source",
        `--from-literal=topic=${topic}`,
      ]).status,
    ).toBe(0);
    const admin = new Kafka({
      brokers: [stack.kafka.destination.bootstrap.plaintext],
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
    await admin.disconnect();
    const file = join(stack.runDir, `${topic}.txt`);
    writeFileSync(file, "first\nsecond\nthird\n");
    const name = unique("file-source");
    const variable = `\${secrets:${namespace}/file-source:topic}`;
    const { isCreated } = await connect.putConnectorConfig(name, {
      "connector.class": "org.apache.kafka.connect.file.FileStreamSourceConnector",
      "tasks.max": "1",
      file,
      topic: variable,
    });
    expect(isCreated).toBe(true);

    expect(await readValues(topic, 3)).toEqual(["first", "second", "third"]);
    const stored = await connect.getConnector(name);
    expect(stored?.config.topic).toBe(variable);
    expect(stored?.status.connector.state).toBe("RUNNING");
    await connect.deleteConnector(name);
    expect(await connect.getConnector(name)).toBeUndefined();
  });

  it("reports a bad connector config field by name", async () => {
    const errors = await connect.validateConfig("org.apache.kafka.connect.file.FileStreamSinkConnector", {
      "tasks.max": "not-a-number",
      topics: "t",
    });
    expect(errors.map((e) => e.field)).toContain("tasks.max");
  });
});
