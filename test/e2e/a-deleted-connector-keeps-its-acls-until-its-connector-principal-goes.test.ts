// A connector deleted after its ConnectorPrincipal was applied: the resource says so and waits
// for it to come back, and the principal's ACLs stay on the cluster until the resource itself
// is deleted; a connector created again under that name gets the principal at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import { applyClusters, connectApiOf, type ReadySink, readySink } from "./connector-principals.ts";
import { aclsOf } from "./kafka-acl-listing.ts";
import { conditionPath, type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;
const connect = connectApiOf(stack.connect);
let f: OperatorFixture;
let sink: ReadySink;
beforeAll(async () => {
  f = await startOperatorFixture("cp-gone", { flags: ["--resync-period=3s"] });
  await applyClusters(f, stack.connect);
  sink = await readySink(f, "returning-sink");
});
afterAll(async () => {
  if (sink) await connect.deleteConnector(sink.connector);
  await f?.stop();
});

describe("a ConnectorPrincipal whose connector is deleted", () => {
  it("keeps its ACLs and says so, then applies again when the connector is back", async () => {
    // kafka-acls lists a resource's ACLs in no fixed order.
    const aclLines = () => aclsOf(destination, sink.principal.principal).split("\n").filter(Boolean).sort();
    const granted = aclLines();
    expect(granted).toContainEqual(expect.stringContaining(`principal=${sink.principal.principal},`));

    await connect.deleteConnector(sink.connector);
    await f.waitFor("connectorprincipal/returning-sink", READY, (v) => v === "False/ConnectorNotFound");
    expect(f.read("connectorprincipal/returning-sink", conditionPath("Ready", "message"))).toContain(
      "ACLs applied before stay until this resource is deleted",
    );
    await f.waitForResyncs("ConnectorPrincipal", 3);
    expect(aclLines()).toEqual(granted);

    await connect.putConnectorConfig(sink.connector, sink.userConfig);
    await f.waitFor("connectorprincipal/returning-sink", READY, (v) => v === "True/PrincipalApplied");
    expect(
      (await connect.getConnector(sink.connector))!.config["consumer.override.sasl.jaas.config"],
    ).toContain(`\${secrets:${f.namespace}/${sink.principal.secret}:password}`);
  });
});
