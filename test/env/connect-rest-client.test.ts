// The ConnectApi adapter against the real Connect worker: plugins with their type, a connector
// paused, resumed and restarted (with its tasks) as its status shows, absent connectors as
// answers, config errors named by field with the values cut, a rejected config and an
// unreachable worker with the reasons reconcilers act on.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import kafkajs from "kafkajs";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../local-stack/managed-process.ts";
import { ConnectRestClients } from "../../src/adapters/connect/connect-rest-client.ts";
import { JsonHttpClients } from "../../src/adapters/http/json-http-client.ts";
import type { ConnectApi, ConnectorState } from "../../src/ports/connect-api.ts";
import { useStack } from "./use-stack.ts";

const stack = await useStack("connect");
const http = new JsonHttpClients();
const clients = new ConnectRestClients(http);
const connect = clients.clientFor("kafka-system/connect", { baseUrl: stack.connect.restUrl });
const run = randomBytes(4).toString("hex");
const FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
const FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
/** A value that must never appear in a message. */
const SECRET = `s3cret-${run}`;

afterAll(() => http.closeAll());

/** Waits (bounded) until the connector and each of its tasks are in `state`. */
async function waitForState(api: ConnectApi, name: string, state: ConnectorState) {
  await expect
    .poll(
      async () => {
        const status = (await api.getConnector(name))?.status;
        return status && [status.connector.state, ...status.tasks.map((t) => t.state)];
      },
      { timeout: 30_000, interval: 250 },
    )
    .toEqual([state, state]);
}

describe("ConnectRestClient on the real worker", () => {
  it("lists connector plugins with their type", async () => {
    const plugins = await connect.listPlugins();
    expect(plugins).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          class: "org.apache.kafka.connect.mirror.MirrorSourceConnector",
          type: "source",
        }),
        expect.objectContaining({ class: FILE_SINK, type: "sink" }),
      ]),
    );
  });

  it("pauses, resumes and restarts a connector with its tasks, as its status shows", async () => {
    const topic = `lines-${run}`;
    const admin = new kafkajs.Kafka({
      brokers: [stack.kafka.destination.bootstrap.plaintext],
      logLevel: kafkajs.logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
    await admin.disconnect();
    const file = join(stack.runDir, `${topic}.txt`);
    writeFileSync(file, "one\n");
    const name = `lifecycle-${run}`;
    const { isCreated } = await connect.putConnectorConfig(name, {
      "connector.class": FILE_SOURCE,
      "tasks.max": "1",
      file,
      topic,
    });
    expect(isCreated).toBe(true);
    try {
      await waitForState(connect, name, "RUNNING");
      expect((await connect.getConnector(name))?.status.type).toBe("source");

      expect(await connect.pauseConnector(name)).toBe("requested");
      await waitForState(connect, name, "PAUSED");
      expect(await connect.resumeConnector(name)).toBe("requested");
      await waitForState(connect, name, "RUNNING");

      const taskWorker = (await connect.getConnector(name))?.status.tasks[0]?.workerId;
      expect(taskWorker).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(await connect.restartConnector(name, { includeTasks: true, onlyFailed: false })).toBe(
        "requested",
      );
      await waitForState(connect, name, "RUNNING");
      // Nothing failed: restarting only what failed is taken and leaves everything running.
      expect(await connect.restartConnector(name, { includeTasks: true, onlyFailed: true })).toBe(
        "requested",
      );
      expect(await connect.restartConnector(name)).toBe("requested");
      await waitForState(connect, name, "RUNNING");
    } finally {
      await connect.deleteConnector(name);
    }
    expect(await connect.getConnector(name)).toBeUndefined();
  });

  it("answers absent for a connector that does not exist, without an error", async () => {
    const name = `absent-${run}`;
    expect(await connect.getConnector(name)).toBeUndefined();
    expect(await connect.pauseConnector(name)).toBe("absent");
    expect(await connect.resumeConnector(name)).toBe("absent");
    expect(await connect.restartConnector(name, { includeTasks: true })).toBe("absent");
    await expect(connect.deleteConnector(name)).resolves.toBeUndefined();
  });

  it("names the fields of a bad config without repeating their values", async () => {
    const errors = await connect.validateConfig(FILE_SINK, {
      name: `validated-${run}`,
      "tasks.max": SECRET,
      topics: `t-${run}`,
    });
    expect(errors.map((e) => e.field)).toEqual(["tasks.max"]);
    expect(errors[0]?.errors.join("\n")).toMatch(/^Invalid value for configuration tasks\.max/);
    expect(JSON.stringify(errors)).not.toContain(SECRET);
  });

  it("reports a rejected config as ConnectRejected, not retried, with the values cut", async () => {
    const error = await connect
      .putConnectorConfig(`rejected-${run}`, {
        "connector.class": FILE_SINK,
        "tasks.max": SECRET,
        topics: "t",
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "ConnectRejected", isRetryable: false });
    const message = (error as Error).message;
    expect(message).toMatch(
      new RegExp(
        `^Cannot write connector "rejected-${run}": PUT http://127\\.0\\.0\\.1:\\d+/connectors/rejected-${run}/config answered 400: .*Invalid value for configuration tasks\\.max`,
        "s",
      ),
    );
    expect(message).not.toContain(SECRET);
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it("reports an unreachable worker as ConnectUnreachable, retried", async () => {
    const port = await freePort();
    const gone = clients.clientFor("kafka-system/gone", { baseUrl: `http://127.0.0.1:${port}` });
    await expect(gone.serverInfo()).rejects.toMatchObject({
      reason: "ConnectUnreachable",
      isRetryable: true,
      message: expect.stringContaining("is unreachable (ECONNREFUSED)"),
    });
    await clients.release("kafka-system/gone");
  });
});
