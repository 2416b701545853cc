// A ConnectorPrincipal's secrets reach Connect only as config-provider variables: the stored
// connector config (GET /connectors/<name>/config) names the Secret, never its value, and
// neither do the operator's logs (at debug level), the resource's status or any Event it
// recorded, read once the operator stopped and every Event was written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSecretValues } from "../../src/credentials/client-properties.ts";
import { useStack } from "../env/use-stack.ts";
import { applyClusters, connectApiOf, type ReadySink, readySink } from "./connector-principals.ts";
import { type OperatorFixture, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("connect");
const connect = connectApiOf(stack.connect);
let f: OperatorFixture;
let sink: ReadySink;
let isStopped = false;
beforeAll(async () => {
  f = await startOperatorFixture("cp-secrets", { flags: ["--resync-period=3s"] });
  await applyClusters(f, stack.connect);
  sink = await readySink(f, "secret-sink", { records: ["a record"] });
});
afterAll(async () => {
  if (sink) await connect.deleteConnector(sink.connector);
  if (!isStopped) await f?.stop();
});

describe("a ConnectorPrincipal's credential", () => {
  it("reaches the connector's stored config only as a variable of the workers' config provider", async () => {
    const stored = (await connect.getConnector(sink.connector))!.config;
    expect(findSecretValues(JSON.stringify(stored), sink.principal.secretValues)).toEqual([]);
    expect(stored["consumer.override.sasl.jaas.config"]).toContain(
      `password="\${secrets:${f.namespace}/${sink.principal.secret}:password}"`,
    );
  });

  it("is in none of the operator's logs, the resource's status or its Events", async () => {
    // Stopping writes every pending Event.
    await f.stop();
    isStopped = true;
    const status = f.kubectl(["-n", f.namespace, "get", "connectorprincipal/secret-sink", "-o", "json"]);
    const events = f.kubectl(["-n", f.namespace, "get", "events", "-o", "json"]);
    const logs = f.logLines.join("");
    // What is scanned holds what the operator did, so a leak would be in it.
    expect(logs).toContain('"kind":"ConnectorPrincipal"');
    expect(JSON.parse(status.stdout).status.overrideKeys).toContain("consumer.override.sasl.jaas.config");
    expect(events.stdout).toContain("OverridesApplied");
    for (const text of [logs, status.stdout, events.stdout]) {
      expect(findSecretValues(text, sink.principal.secretValues)).toEqual([]);
    }
  });
});
