// A rotated password reaches the connector with no restart of the operator: the Secret's change
// re-queues its ConnectorPrincipal, which proves the new password by a login and restarts the
// connector's tasks, since Connect resolves config-provider variables only when a task starts;
// the connector's config, holding only the variable, is not written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScramUser } from "../../local-stack/kafka-tools.ts";
import { useStack } from "../env/use-stack.ts";
import {
  applyClusters,
  connectApiOf,
  fileLines,
  fileOf,
  produce,
  type ReadySink,
  readySink,
  waitUntil,
} from "./connector-principals.ts";
import { secret } from "./manifests.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;
const connect = connectApiOf(stack.connect);

/** The messages of the TasksRestarted Events about `name`. */
function restartsOf(fixture: OperatorFixture, name: string): string[] {
  const events = JSON.parse(fixture.kubectl(["-n", fixture.namespace, "get", "events", "-o", "json"]).stdout);
  return (events.items as { reason: string; message: string; involvedObject: { name: string } }[])
    .filter((e) => e.reason === "TasksRestarted" && e.involvedObject.name === name)
    .map((e) => e.message);
}

let f: OperatorFixture;
let sink: ReadySink;
beforeAll(async () => {
  f = await startOperatorFixture("cp-rotate", { flags: ["--resync-period=3s"] });
  await applyClusters(f, stack.connect);
  sink = await readySink(f, "rotated-sink", { records: ["before"] });
  await waitUntil(
    "the first record reaches the file",
    () => fileLines(fileOf(sink.connector)),
    (l) => l.length >= 1,
  );
});
afterAll(async () => {
  if (sink) await connect.deleteConnector(sink.connector);
  await f?.stop();
});

describe("a ConnectorPrincipal whose password is rotated", () => {
  it("restarts the connector's tasks on the new password, and they consume on", async () => {
    const fingerprint = f.read("connectorprincipal/rotated-sink", "{.status.credentialFingerprint}");
    const config = (await connect.getConnector(sink.connector))!.config;

    // The platform team rotates the user's password on the cluster, then in the Secret.
    const password = createScramUser(destination, sink.connector);
    f.apply(secret(sink.principal.secret, { password }));
    // The first apply restarted the tasks too, for taking on the principal: this one is for the rotation.
    await waitUntil(
      "a restart for the changed credential",
      () => restartsOf(f, "rotated-sink"),
      (messages) => messages.some((m) => m.endsWith("the principal or its credential changed")),
    );
    await f.waitFor(
      "connectorprincipal/rotated-sink",
      "{.status.credentialFingerprint}",
      (v) => v !== "" && v !== fingerprint,
    );
    expect((await connect.getConnector(sink.connector))!.config).toEqual(config);

    await produce(sink.topic, ["after"]);
    await waitUntil(
      "the record after the rotation reaches the file",
      () => fileLines(fileOf(sink.connector)),
      (l) => l.includes("after"),
    );
    await f.waitFor("connectorprincipal/rotated-sink", READY, (v) => v === "True/PrincipalApplied");
  });
});
