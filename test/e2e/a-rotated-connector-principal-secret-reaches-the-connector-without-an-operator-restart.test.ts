// A rotated password reaches the connector with no restart of the operator: the Secret's change
// re-queues its ConnectorPrincipal, which proves the new password by a login and restarts the
// connector's tasks, since Connect resolves config-provider variables only when a task starts;
// the connector's config, holding only the variable, is not written.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createScramUser } from "../env/connector-principals.ts";
import {
  applyClusters,
  connectApiOf,
  connectorPrincipalManifest,
  createTopic,
  fileLines,
  fileOf,
  fileSinkConfig,
  produce,
  scramPrincipal,
  type TestPrincipal,
  uniqueName,
  waitUntil,
} from "./connector-principals.ts";
import { secret } from "./manifests.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

const stack = inject("stack");
const { destination } = stack.kafka;
const connect = connectApiOf(stack.connect);
const connector = uniqueName("rotated-sink");
const topic = uniqueName("invoices");

let f: OperatorFixture;
let principal: TestPrincipal;
beforeAll(async () => {
  f = await startOperatorFixture("cp-rotate", { flags: ["--resync-period=3s"] });
  await applyClusters(f, stack.connect);
  principal = scramPrincipal(f, connector);
  await createTopic(topic, ["before"]);
  await connect.putConnectorConfig(connector, fileSinkConfig(connector, topic));
  f.apply(
    connectorPrincipalManifest("rotated-sink", {
      connectRef: { name: "connect" },
      connector,
      ...principal.spec,
    }),
  );
  await f.waitFor("connectorprincipal/rotated-sink", READY, (v) => v === "True/PrincipalApplied", 90_000);
  await waitUntil(
    "the first record reaches the file",
    () => fileLines(fileOf(connector)),
    (l) => l.length >= 1,
  );
});
afterAll(async () => {
  await connect.deleteConnector(connector);
  await f?.stop();
});

describe("a ConnectorPrincipal whose password is rotated", () => {
  it("restarts the connector's tasks on the new password, and they consume on", async () => {
    const fingerprint = f.read("connectorprincipal/rotated-sink", "{.status.credentialFingerprint}");
    const config = (await connect.getConnector(connector))!.config;

    // The platform team rotates the user's password on the cluster, then in the Secret.
    const password = createScramUser(destination, connector);
    f.apply(secret(principal.secret, { password }));
    await f.waitForEvent("rotated-sink", "TasksRestarted", 60_000);
    await f.waitFor(
      "connectorprincipal/rotated-sink",
      "{.status.credentialFingerprint}",
      (v) => v !== "" && v !== fingerprint,
    );
    expect((await connect.getConnector(connector))!.config).toEqual(config);

    await produce(topic, ["after"]);
    await waitUntil(
      "the record after the rotation reaches the file",
      () => fileLines(fileOf(connector)),
      (l) => l.includes("after"),
    );
    await f.waitFor("connectorprincipal/rotated-sink", READY, (v) => v === "True/PrincipalApplied");
  });
});
