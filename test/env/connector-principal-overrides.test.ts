// Connectors under principals of their own, driven through Connect directly (no reconciler):
// a FileStreamSink whose config holds the overrides ConnectorPrincipal's plan renders, on the
// real worker and broker, for a SCRAM user, a Kerberos principal with a mounted keytab, and a
// client certificate. Without the ACLs the plan derives, the broker refuses the connector; with
// them (granted through the Kafka AclStore) it consumes and writes the records to its file; its
// stored config holds provider variables, never a Secret's value; the release plan takes out
// exactly the principal's keys.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectRestClients } from "../../src/adapters/connect/connect-rest-client.ts";
import { JsonHttpClients } from "../../src/adapters/http/json-http-client.ts";
import { KafkaAclStore } from "../../src/adapters/kafka/acl-store.ts";
import { findSecretValues } from "../../src/credentials/client-properties.ts";
import { readOverrideValidation } from "../../src/kinds/connector-principal/override-policy.ts";
import { planRelease, type RecordedOverrides } from "../../src/kinds/connector-principal/plan.ts";
import type { OperatorError } from "../../src/ports/operator-error.ts";
import {
  type ConnectorPrincipalFixture,
  deletePrincipalNamespace,
  gssapiConnectorPrincipal,
  mtlsConnectorPrincipal,
  readyPlan,
  scramConnectorPrincipal,
  workerSecretMounts,
} from "./connector-principals.ts";
import { useStack } from "./use-stack.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;
const connect = new ConnectRestClients(new JsonHttpClients()).clientFor("connector-principal-test", {
  baseUrl: stack.connect.restUrl,
});
const admin = new kafkajs.Kafka({
  clientId: "connector-principal-test",
  brokers: [destination.bootstrap.plaintext],
  logLevel: kafkajs.logLevel.NOTHING,
}).admin();
const store = new KafkaAclStore({ adminFor: async () => admin, resyncPeriodMs: 60_000, maxDelayMs: 10 });
const records = ["first", "second", "third"];

beforeAll(() => admin.connect());
afterAll(() => admin.disconnect());

describe.each([
  { credential: "SCRAM", make: scramConnectorPrincipal },
  { credential: "GSSAPI with a mounted keytab", make: gssapiConnectorPrincipal },
  { credential: "mTLS with a PEM keystore", make: mtlsConnectorPrincipal },
])(
  "a FileStreamSink under its own principal ($credential), configured by ConnectorPrincipal's plan",
  ({ make }) => {
    const run = randomBytes(4).toString("hex");
    const name = `sink-${run}`;
    const topic = `orders-${run}`;
    const file = join(stack.runDir, `${name}.txt`);
    const userConfig = {
      name,
      "connector.class": "FileStreamSink",
      "tasks.max": "1",
      topics: topic,
      file,
      // A key of the user's own under an override prefix: merge and release must leave it.
      "consumer.override.max.poll.records": "10",
    };
    let fixture: ConnectorPrincipalFixture;

    beforeAll(async () => {
      fixture = make(stack, `principal-${run}`);
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
      if (fixture === undefined) return;
      await admin.deleteAcls({
        filters: [
          {
            resourceType: kafkajs.AclResourceTypes.ANY,
            resourcePatternType: kafkajs.ResourcePatternTypes.ANY,
            operation: kafkajs.AclOperationTypes.ANY,
            permissionType: kafkajs.AclPermissionTypes.ANY,
            principal: fixture.principal,
          },
        ],
      });
      deletePrincipalNamespace(stack.kube, fixture);
    });

    const planFor = async (config: Record<string, string>, recorded?: RecordedOverrides) =>
      readyPlan({
        connect: stack.connect,
        namespace: fixture.namespace,
        spec: { connectRef: { name: "connect" }, connector: name, ...fixture.spec },
        config,
        plugins: await connect.listPlugins(),
        mounts: workerSecretMounts(stack),
        recorded,
      });

    const firstTask = async () => (await connect.getConnector(name))?.status.tasks[0];
    const fileLines = () => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []);

    it("passes the worker's validation under the All policy and is refused by the broker without ACLs", async () => {
      const plan = await planFor(userConfig);
      expect(plan.configChange.outcome).toBe("updated");
      const config = plan.configChange.outcome === "updated" ? plan.configChange.config : {};
      const fieldErrors = await connect.validateConfig(plan.pluginClass, config);
      expect(readOverrideValidation(fieldErrors, plan.overrides)).toEqual({ verdict: "allowed" });

      await connect.putConnectorConfig(name, { ...config });
      const deadline = Date.now() + 60_000;
      let task = await firstTask();
      while (task?.state !== "FAILED") {
        if (Date.now() > deadline) throw new Error(`the task never failed; last: ${task?.state}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
        task = await firstTask();
      }
      // Authenticated, then refused: the credential works, the ACLs are missing.
      expect(task.trace).toMatch(/(Topic|Group)AuthorizationException/);
      expect(fileLines()).toEqual([]);
    });

    it("consumes its topic and writes the records to its file once the plan's ACLs are granted", async () => {
      const plan = await planFor(userConfig);
      const results = await store.createBindings("destination", plan.bindings);
      expect(results.map((r) => r.outcome)).toEqual(plan.bindings.map(() => "created"));

      // Brokers apply ACLs a moment after they are committed: restart the task until it reads.
      const deadline = Date.now() + 90_000;
      while (fileLines().length < records.length) {
        if (Date.now() > deadline) {
          const task = await firstTask();
          throw new Error(
            `the file holds ${fileLines().length} of ${records.length} records; task ${task?.state}`,
          );
        }
        if ((await firstTask())?.state === "FAILED") {
          await fetch(
            `${stack.connect.restUrl}/connectors/${name}/restart?includeTasks=true&onlyFailed=true`,
            {
              method: "POST",
            },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(fileLines()).toEqual(records);
      expect((await firstTask())?.state).toBe("RUNNING");
    });

    it("keeps only provider variables and mounted paths in its stored config, never a Secret's value", async () => {
      const stored = (await connect.getConnector(name))!.config;
      expect(findSecretValues(JSON.stringify(stored), fixture.secretValues)).toEqual([]);
      const variables = Object.values(stored).filter((value) =>
        value.includes(`\${secrets:${fixture.namespace}/`),
      );
      expect(variables.length).toBeGreaterThan(0);
    });

    it("reads as unchanged once applied, and its release takes out exactly the principal's keys", async () => {
      const stored = (await connect.getConnector(name))!.config;
      const overrideKeys = Object.keys((await planFor(userConfig)).overrides);
      const applied = await planFor(stored, { overrideKeys, credentialFingerprint: undefined });
      expect(applied.configChange).toEqual({ outcome: "unchanged" });

      const release = planRelease({
        deletionPolicy: "Delete",
        connector: {
          name,
          config: stored,
          status: { name, connector: { state: "RUNNING", workerId: "" }, tasks: [] },
        },
        recorded: { overrideKeys, credentialFingerprint: applied.fingerprint },
      });
      expect(release.configChange.outcome).toBe("updated");
      if (release.configChange.outcome !== "updated") return;
      await connect.putConnectorConfig(name, { ...release.configChange.config });
      expect(await storedConfigAfterRebalance(name)).toEqual(userConfig);
    });
  },
);

/**
 * The connector's stored config once the workers serve reads again: right after a config PUT,
 * Connect may answer 500 "rebalance is expected" for a moment (retryable, as the operator treats it).
 */
async function storedConfigAfterRebalance(connectorName: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await connect.getConnector(connectorName))?.config;
    } catch (err) {
      if (attempt >= 50 || (err as OperatorError).reason !== "ConnectUnavailable") throw err;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
