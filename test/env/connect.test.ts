// The Connect worker of the test environment and the REST adapter, against each other: what
// the operator will rely on when it writes connectors (plugins, secrets resolved by the worker
// from Kubernetes, lifecycle, validation) and how each failure reaches it.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createConnectRestClient } from "../../src/adapters/connect/connect-rest-client.ts";
import type { ConnectApi, Connector } from "../../src/ports/connect-api.ts";
import { OperatorError } from "../../src/ports/operator-error.ts";
import { type Connect, startConnect } from "./connect.ts";
import { kafkaVersion } from "./kafka-jars.ts";
import { freePort } from "./managed-process.ts";

const stack = inject("stack");
const { destination } = stack.kafka;
const connect = createConnectRestClient({ baseUrl: stack.connect.restUrl });
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;
const kubectl = (args: string[]) =>
  spawnSync("kubectl", ["--kubeconfig", stack.kube.kubeconfigPath, ...args], { encoding: "utf8" });
const kafka = new Kafka({ brokers: [destination.bootstrap.plaintext], logLevel: logLevel.NOTHING });
const FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
const FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";

async function createTopic(topic: string) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

async function readValues(topic: string, count: number): Promise<string[]> {
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
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`read ${values.length}/${count} records of ${topic}`)),
        30_000,
      );
    });
    await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
    return values;
  } finally {
    await consumer.disconnect();
  }
}

/** Polls the connector until `predicate` holds; Connect applies lifecycle changes asynchronously. */
async function waitForConnector(
  api: ConnectApi,
  name: string,
  predicate: (connector: Connector | undefined) => boolean,
  timeoutMs = 30_000,
): Promise<Connector | undefined> {
  const deadline = Date.now() + timeoutMs;
  let connector = await api.getConnector(name);
  while (!predicate(connector)) {
    if (Date.now() > deadline) {
      throw new Error(
        `connector "${name}" did not reach the state; last: ${JSON.stringify(connector?.status)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
    connector = await api.getConnector(name);
  }
  return connector;
}

const states = (c: Connector | undefined) =>
  c?.status ? [c.status.connector.state, ...c.status.tasks.map((t) => t.state)] : [];
const allIn = (state: string) => (c: Connector | undefined) =>
  states(c).length >= 2 && states(c).every((s) => s === state);

/** The OperatorError `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<OperatorError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(OperatorError);
  return error as OperatorError;
}

describe("the Kafka Connect worker", () => {
  it("offers the MirrorMaker 2 and File connector plugins and runs on the destination cluster", async () => {
    const classes = (await connect.listPlugins()).map((p) => p.class);
    expect(classes).toEqual(
      expect.arrayContaining([
        "org.apache.kafka.connect.mirror.MirrorSourceConnector",
        "org.apache.kafka.connect.mirror.MirrorCheckpointConnector",
        "org.apache.kafka.connect.mirror.MirrorHeartbeatConnector",
        FILE_SOURCE,
        FILE_SINK,
      ]),
    );
    const info = await connect.serverInfo();
    expect(info.kafkaClusterId).toBe(destination.clusterId);
    expect(info.version).toBe(kafkaVersion());
  });

  it("runs a File source connector whose topic comes from a Kubernetes Secret, storing only the variable", async () => {
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
    await createTopic(topic);
    const file = join(stack.runDir, `${topic}.txt`);
    writeFileSync(file, "first\nsecond\nthird\n");
    const name = unique("file-source");
    const variable = `\${${stack.connect.secretProvider}:${namespace}/file-source:topic}`;
    const config = { "connector.class": FILE_SOURCE, "tasks.max": "1", file, topic: variable };

    expect(await connect.putConnectorConfig(name, config)).toEqual({ isCreated: true });
    expect(await readValues(topic, 3)).toEqual(["first", "second", "third"]);
    const stored = await waitForConnector(connect, name, allIn("RUNNING"));
    expect(stored?.config.topic).toBe(variable);
    expect(await connect.listConnectors()).toContain(name);

    await connect.deleteConnector(name);
    expect(await connect.getConnector(name)).toBeUndefined();
  });

  it("reports a bad connector config field by name, without the rejected value", async () => {
    const errors = await connect.validateConfig(FILE_SINK, {
      "tasks.max": "not-a-number",
      topics: "t",
    });
    expect(errors.map((e) => e.field)).toEqual(["tasks.max"]);
    expect(errors[0]?.errors.join()).toContain("tasks.max");
    expect(errors[0]?.errors.join()).not.toContain("not-a-number");
  });
});

describe("the Connect REST adapter", () => {
  it("pauses, resumes, restarts and updates a connector, and deletes it twice without error", async () => {
    const topic = unique("lifecycle");
    await createTopic(topic);
    const name = unique("sink");
    const config = {
      "connector.class": FILE_SINK,
      "tasks.max": "1",
      topics: topic,
      file: join(stack.runDir, `${name}.out`),
    };
    expect(await connect.putConnectorConfig(name, config)).toEqual({ isCreated: true });
    await waitForConnector(connect, name, allIn("RUNNING"));

    await connect.pauseConnector(name);
    await waitForConnector(connect, name, allIn("PAUSED"));
    await connect.resumeConnector(name);
    await waitForConnector(connect, name, allIn("RUNNING"));
    await connect.restartConnector(name, { includeTasks: true, onlyFailed: false });
    await waitForConnector(connect, name, allIn("RUNNING"));

    // The same call again is an update: what a reconciler does on every pass.
    expect(await connect.putConnectorConfig(name, { ...config, "tasks.max": "2" })).toEqual({
      isCreated: false,
    });
    expect((await connect.getConnector(name))?.config["tasks.max"]).toBe("2");

    await connect.deleteConnector(name);
    await connect.deleteConnector(name);
    expect(await connect.getConnector(name)).toBeUndefined();
    const missing = await rejection(connect.pauseConnector(name));
    expect({ reason: missing.reason, isRetryable: missing.isRetryable }).toEqual({
      reason: "ConnectorNotFound",
      isRetryable: false,
    });
  });

  it("rejects an invalid connector config as terminal, naming the field and never the value", async () => {
    const inlined = `inlined-${randomBytes(8).toString("hex")}`;
    const error = await rejection(
      connect.putConnectorConfig(unique("bad"), {
        "connector.class": FILE_SINK,
        "tasks.max": inlined,
        topics: "t",
      }),
    );
    expect({ reason: error.reason, isRetryable: error.isRetryable }).toEqual({
      reason: "ConnectorConfigInvalid",
      isRetryable: false,
    });
    expect(error.message).toMatch(/^Cannot write connector "bad-[0-9a-f]+": Connect answered 400: /);
    expect(error.message).toContain("tasks.max");
    expect(error.message).not.toContain(inlined);
  });

  it("reports a worker nobody listens for as unreachable and retryable", async () => {
    const baseUrl = `http://127.0.0.1:${await freePort()}`;
    const error = await rejection(createConnectRestClient({ baseUrl }).listConnectors());
    expect({ reason: error.reason, isRetryable: error.isRetryable }).toEqual({
      reason: "ClusterUnreachable",
      isRetryable: true,
    });
    expect(error.message).toBe(`Cannot list connectors: Connect at ${baseUrl} is unreachable (ECONNREFUSED)`);
  });
});

describe("a second worker with override policy None", () => {
  let worker: Connect | undefined;
  beforeAll(async () => {
    worker = await startConnect(stack.runDir, {
      kafka: destination,
      kube: stack.kube,
      name: "connect-policy-none",
      overridePolicy: "None",
    });
  });
  afterAll(() => worker?.stop());

  it("refuses a connector's client override that the stack's worker (policy All) accepts", async () => {
    const none = createConnectRestClient({ baseUrl: worker!.info.restUrl });
    const config = {
      "connector.class": FILE_SINK,
      "tasks.max": "1",
      topics: unique("override"),
      "consumer.override.client.id": "per-connector",
    };
    const error = await rejection(none.putConnectorConfig(unique("override"), config));
    expect(error.reason).toBe("ConnectorConfigInvalid");
    expect(error.message).toContain("The 'None' policy does not allow 'client.id' to be overridden");
    expect(await none.listConnectors()).toEqual([]);

    const errors = await connect.validateConfig(FILE_SINK, config);
    expect(errors).toEqual([]);
  });
});
