// A FileStreamSink whose user gave it a SCRAM principal of its own by hand is refused by the
// broker, which enforces ACLs; once a ConnectorPrincipal owns that principal, the operator
// applies Read on the topic and on group connect-<name>, the failed task gets its restart, and
// the records reach the connector's file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import {
  applyClusters,
  connectApiOf,
  connectorPrincipalManifest,
  createTopic,
  fileLines,
  fileOf,
  fileSinkConfig,
  firstTask,
  scramPrincipal,
  type TestPrincipal,
  uniqueName,
  waitUntil,
} from "./connector-principals.ts";
import { aclsOf } from "./kafka-acl-listing.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;
const connect = connectApiOf(stack.connect);
const records = ["first", "second", "third"];
const connector = uniqueName("orders-sink");
const topic = uniqueName("orders");

let f: OperatorFixture;
let principal: TestPrincipal;
beforeAll(async () => {
  f = await startOperatorFixture("cp-sink", { flags: ["--resync-period=3s"] });
  await applyClusters(f, stack.connect);
  principal = scramPrincipal(f, connector);
  await createTopic(topic, records);
});
afterAll(async () => {
  await connect.deleteConnector(connector);
  await f?.stop();
});

describe("a FileStreamSink under its own SCRAM principal", () => {
  it("is refused by the broker while its principal has no ACLs", async () => {
    const { credential } = principal.spec;
    // Written by hand, as a user following Kafka's documentation would.
    await connect.putConnectorConfig(
      connector,
      fileSinkConfig(connector, topic, {
        "consumer.override.bootstrap.servers": destination.bootstrap.scram,
        "consumer.override.security.protocol": "SASL_PLAINTEXT",
        "consumer.override.sasl.mechanism": "SCRAM-SHA-512",
        "consumer.override.sasl.jaas.config": `org.apache.kafka.common.security.scram.ScramLoginModule required username="${credential.sasl?.username}" password="\${secrets:${f.namespace}/${principal.secret}:password}";`,
      }),
    );
    const task = await waitUntil(
      "the task fails",
      () => firstTask(connect, connector),
      (t) => t?.state === "FAILED",
    );
    // Authenticated, then refused: the credential works, the ACLs are missing.
    expect(task?.trace).toMatch(/(Topic|Group)AuthorizationException/);
    expect(fileLines(fileOf(connector))).toEqual([]);
  });

  it("consumes its topic once its ConnectorPrincipal applied Read on the topic and on group connect-<name>", async () => {
    f.apply(
      connectorPrincipalManifest("orders-sink", {
        connectRef: { name: "connect" },
        connector,
        ...principal.spec,
      }),
    );
    await f.waitFor("connectorprincipal/orders-sink", READY, (v) => v === "True/PrincipalApplied", 90_000);
    await waitUntil(
      "the records reach the file",
      () => fileLines(fileOf(connector)),
      (l) => l.length >= 3,
    );
    expect(fileLines(fileOf(connector))).toEqual(records);

    const acls = aclsOf(destination, principal.principal);
    expect(acls).toMatch(new RegExp(`TOPIC, name=${topic}, patternType=LITERAL\\)`));
    expect(acls).toMatch(new RegExp(`GROUP, name=connect-${connector}, patternType=LITERAL\\)`));
    expect(acls).toContain(`principal=${principal.principal}, host=*, operation=READ, permissionType=ALLOW`);

    // The status written with Ready may show the task as it was restarted; a resync later it runs.
    await f.waitFor(
      "connectorprincipal/orders-sink",
      "{.status.connector.tasks[0].state}",
      (state) => state === "RUNNING",
      30_000,
    );
    const status = JSON.parse(f.read("connectorprincipal/orders-sink", "{.status}"));
    expect(status).toMatchObject({
      principal: principal.principal,
      role: "sink",
      access: { topics: [{ name: topic, patternType: "literal" }], topicsFrom: "connectorTopics" },
      overrideKeys: expect.arrayContaining(["consumer.override.sasl.jaas.config"]),
      connector: { state: "RUNNING", tasks: [{ id: 0, state: "RUNNING" }] },
    });
    const columns = f.kubectl(["-n", f.namespace, "get", "connectorprincipal/orders-sink"]).stdout;
    expect(columns).toMatch(/CONNECTOR\s+PRINCIPAL\s+ROLE\s+READY\s+REASON/);
    expect(columns).toMatch(
      new RegExp(`${connector}\\s+${principal.principal}\\s+sink\\s+True\\s+PrincipalApplied`),
    );
  });
});
