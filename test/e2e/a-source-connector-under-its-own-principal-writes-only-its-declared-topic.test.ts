// A FileStreamSource gets a principal of its own from a ConnectorPrincipal declared before the
// connector exists: the resource waits, then applies as soon as the connector appears. Its
// lines reach the one topic the resource declares; pointed at a second topic by its user, the
// broker refuses it, and the resource says so.
import { appendFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import {
  applyClusters,
  connectApiOf,
  connectorPrincipalManifest,
  createTopic,
  fileOf,
  firstTask,
  recordsIn,
  scramPrincipal,
  type TestPrincipal,
  uniqueName,
  waitUntil,
} from "./connector-principals.ts";
import { conditionPath, type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("connect");
const connect = connectApiOf(stack.connect);
const connector = uniqueName("audit-source");
const declared = uniqueName("audit");
const other = uniqueName("other");
const file = fileOf(connector);

let f: OperatorFixture;
let principal: TestPrincipal;
beforeAll(async () => {
  f = await startOperatorFixture("cp-source", { flags: ["--resync-period=3s"] });
  await applyClusters(f, stack.connect);
  principal = scramPrincipal(f, connector);
  await Promise.all([createTopic(declared), createTopic(other)]);
  writeFileSync(file, "");
});
afterAll(async () => {
  await connect.deleteConnector(connector);
  await f?.stop();
});

describe("a FileStreamSource under its own principal", () => {
  it("waits for a connector that does not exist yet, and applies as soon as it appears", async () => {
    f.apply(
      connectorPrincipalManifest("audit-source", {
        connectRef: { name: "connect" },
        connector,
        topics: [{ name: declared }],
        ...principal.spec,
      }),
    );
    await f.waitFor("connectorprincipal/audit-source", READY, (v) => v === "False/ConnectorNotFound");
    expect(f.read("connectorprincipal/audit-source", conditionPath("Ready", "message"))).toContain(
      "applied as soon as it appears",
    );

    await connect.putConnectorConfig(connector, {
      name: connector,
      "connector.class": "FileStreamSource",
      "tasks.max": "1",
      file,
      topic: declared,
    });
    await f.waitFor("connectorprincipal/audit-source", READY, (v) => v === "True/PrincipalApplied");
    expect(f.read("connectorprincipal/audit-source", "{.status.role}")).toBe("source");
  });

  it("writes its lines to the topic it declares", async () => {
    appendFileSync(file, "one\ntwo\n");
    await waitUntil(
      "the lines reach the topic",
      () => recordsIn(declared),
      (r) => r.length >= 2,
    );
    expect(await recordsIn(declared)).toEqual(["one", "two"]);
  });

  it("is refused by the broker on a second topic, and its ConnectorPrincipal says so", async () => {
    // The user points the connector elsewhere, keeping the rest of its config.
    const { config } = (await connect.getConnector(connector))!;
    await connect.putConnectorConfig(connector, { ...config, topic: other });
    // A line appended while the earlier task still runs goes to the declared topic: append
    // until the reconfigured task sends one.
    let line = 0;
    const task = await waitUntil(
      "the task fails",
      async () => {
        appendFileSync(file, `more ${++line}\n`);
        return firstTask(connect, connector);
      },
      (t) => t?.state === "FAILED",
    );
    expect(task?.trace).toContain("TopicAuthorizationException");
    await f.waitFor("connectorprincipal/audit-source", READY, (v) => v === "False/ConnectorTasksFailed");
    expect(f.read("connectorprincipal/audit-source", conditionPath("Ready", "message"))).toContain(
      "TopicAuthorizationException",
    );
    expect(await recordsIn(other)).toEqual([]);
  });
});
