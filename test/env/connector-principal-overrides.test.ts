// A connector under a principal of its own, driven through Connect directly (no reconciler):
// a FileStreamSink whose config holds the overrides ConnectorPrincipal's plan renders, on the
// real worker and broker. Without the ACLs the plan derives, the broker refuses it; with them
// (granted through the Kafka AclStore) it consumes and writes the records to its file; its
// stored config holds provider variables only; the release plan leaves the user's keys.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createConnectRestClient } from "../../src/adapters/connect/connect-rest-client.ts";
import { KafkaAclStore } from "../../src/adapters/kafka/acl-store.ts";
import { findSecretValues } from "../../src/credentials/client-properties.ts";
import { readOverrideValidation } from "../../src/kinds/connector-principal/override-policy.ts";
import { planRelease, type RecordedOverrides } from "../../src/kinds/connector-principal/plan.ts";
import {
  createScramConnectorPrincipal,
  deleteConnectorPrincipalNamespace,
  readyPlan,
  type ScramConnectorPrincipal,
} from "./connector-principals.ts";

const stack = inject("stack");
const { destination } = stack.kafka;
const CLUSTER = "kafka-system/destination";
const connect = createConnectRestClient({ baseUrl: stack.connect.restUrl });
const run = randomBytes(4).toString("hex");
const name = `orders-sink-${run}`;
const topic = `orders-${run}`;
const file = join(stack.runDir, `${name}.txt`);
const records = ["first", "second", "third"];
const userConfig = {
  name,
  "connector.class": "FileStreamSink",
  "tasks.max": "1",
  topics: topic,
  file,
  // A key of the user's own under an override prefix: it must survive both merge and release.
  "consumer.override.max.poll.records": "10",
};

const admin = new kafkajs.Kafka({
  clientId: "connector-principal-test",
  brokers: [destination.bootstrap.plaintext],
  logLevel: kafkajs.logLevel.NOTHING,
}).admin();
const store = new KafkaAclStore({ adminFor: async () => admin, resyncPeriodMs: 60_000, maxDelayMs: 10 });
let sink: ScramConnectorPrincipal;

beforeAll(async () => {
  sink = createScramConnectorPrincipal(stack.kube, destination, `sink-${run}`);
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
  const producer = new kafkajs.Kafka({
    brokers: [destination.bootstrap.plaintext],
    logLevel: kafkajs.logLevel.NOTHING,
  }).producer();
  await producer.connect();
  await producer.send({ topic, messages: records.map((value) => ({ value })) });
  await producer.disconnect();
});

afterAll(async () => {
  await connect.deleteConnector(name);
  // Undefined when the set-up failed before making the principal.
  if (sink === undefined) return;
  await admin.deleteAcls({
    filters: [
      {
        resourceType: kafkajs.AclResourceTypes.ANY,
        resourcePatternType: kafkajs.ResourcePatternTypes.ANY,
        operation: kafkajs.AclOperationTypes.ANY,
        permissionType: kafkajs.AclPermissionTypes.ANY,
        principal: sink.principal,
      },
    ],
  });
  await admin.disconnect();
  deleteConnectorPrincipalNamespace(stack.kube, sink);
});

/** The plan for the FileStreamSink as its user configured it, logging in on the SCRAM listener. */
async function planFor(config: Record<string, string>, recorded?: RecordedOverrides) {
  return readyPlan({
    connect: stack.connect,
    namespace: sink.namespace,
    spec: {
      connectRef: { name: "connect" },
      connector: name,
      credential: {
        securityProtocol: "SASL_PLAINTEXT",
        sasl: { mechanism: "SCRAM-SHA-512", username: sink.user, password: sink.passwordRef },
      },
      // The workers use the PLAINTEXT listener; the principal logs in on the SCRAM one.
      bootstrapServers: [destination.bootstrap.scram],
    },
    config,
    plugins: await connect.listPlugins(),
    recorded,
  });
}

/** Polls the connector's first task until `isDone` holds for its state and trace (bounded). */
async function untilTask(isDone: (state: string, trace: string) => boolean, what: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const task = (await connect.getConnector(name))?.status.tasks[0];
    if (task && isDone(task.state, task.trace ?? "")) return task;
    if (Date.now() > deadline)
      throw new Error(`task never ${what}; last: ${task?.state} ${task?.trace ?? ""}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const fileLines = () => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []);

describe("a FileStreamSink under its own SCRAM principal, configured by ConnectorPrincipal's plan", () => {
  it("passes the worker's validation under the All policy and is refused by the broker without ACLs", async () => {
    const plan = await planFor(userConfig);
    expect(plan.configChange.outcome).toBe("updated");
    const config = plan.configChange.outcome === "updated" ? plan.configChange.config : {};
    expect(
      readOverrideValidation(await connect.validateConfig(plan.pluginClass, config), plan.overrides),
    ).toEqual({ verdict: "allowed" });

    await connect.putConnectorConfig(name, config);
    const task = await untilTask((state) => state === "FAILED", "failed");
    expect(task.trace).toMatch(/(Topic|Group)AuthorizationException/);
    expect(fileLines()).toEqual([]);
  });

  it("consumes its topic and writes the records to its file once the plan's ACLs are granted", async () => {
    const plan = await planFor(userConfig);
    const results = await store.createBindings(CLUSTER, plan.bindings);
    expect(results.map((r) => r.outcome)).toEqual(plan.bindings.map(() => "created"));

    // Brokers apply ACLs a moment after they are committed: restart the task until it reads.
    const deadline = Date.now() + 60_000;
    while (fileLines().length < records.length) {
      if (Date.now() > deadline)
        throw new Error(`the file holds ${fileLines().length} of ${records.length} records`);
      const task = (await connect.getConnector(name))?.status.tasks[0];
      if (task?.state === "FAILED") {
        await fetch(`${stack.connect.restUrl}/connectors/${name}/restart?includeTasks=true&onlyFailed=true`, {
          method: "POST",
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(fileLines()).toEqual(records);
    expect((await connect.getConnector(name))?.status.tasks[0]?.state).toBe("RUNNING");
  });

  it("keeps only provider variables in its stored config, never the password", async () => {
    const stored = (await connect.getConnector(name))!.config;
    expect(findSecretValues(JSON.stringify(stored), [sink.password])).toEqual([]);
    expect(stored["consumer.override.sasl.jaas.config"]).toContain(
      `password="\${secrets:${sink.namespace}/${sink.user}:password}"`,
    );
  });

  it("reads as unchanged once applied, and its release takes out exactly the principal's keys", async () => {
    const stored = (await connect.getConnector(name))!.config;
    const applied = await planFor(stored, {
      overrideKeys: Object.keys((await planFor(userConfig)).overrides),
      credentialFingerprint: undefined,
    });
    expect(applied.configChange).toEqual({ outcome: "unchanged" });

    const release = planRelease({
      deletionPolicy: "Delete",
      connector: {
        name,
        config: stored,
        status: { name, connector: { state: "RUNNING", workerId: "" }, tasks: [] },
      },
      recorded: { overrideKeys: Object.keys(applied.overrides), credentialFingerprint: "applied" },
    });
    expect(release.configChange.outcome).toBe("updated");
    if (release.configChange.outcome !== "updated") return;
    await connect.putConnectorConfig(name, { ...release.configChange.config });
    expect((await connect.getConnector(name))?.config).toEqual(userConfig);
  });
});
