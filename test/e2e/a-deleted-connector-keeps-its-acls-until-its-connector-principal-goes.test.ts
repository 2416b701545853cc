// A connector deleted after its ConnectorPrincipal was applied: the resource says so and waits
// for it to come back, and the principal's ACLs stay on the cluster until the resource itself
// is deleted; a connector created again under that name gets the principal at once.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  applyClusters,
  connectApiOf,
  connectorPrincipalManifest,
  createTopic,
  fileSinkConfig,
  scramPrincipal,
  type TestPrincipal,
  uniqueName,
} from "./connector-principals.ts";
import { aclsOf } from "./kafka-acl-listing.ts";
import { conditionPath, type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";
import { afterReconciles } from "./tenant.ts";

const stack = inject("stack");
const { destination } = stack.kafka;
const connect = connectApiOf(stack.connect);
const connector = uniqueName("returning-sink");
const topic = uniqueName("returns");

let f: OperatorFixture;
let principal: TestPrincipal;
beforeAll(async () => {
  f = await startOperatorFixture("cp-gone", { flags: ["--resync-period=3s"] });
  await applyClusters(f, stack.connect);
  principal = scramPrincipal(f, connector);
  await createTopic(topic);
  await connect.putConnectorConfig(connector, fileSinkConfig(connector, topic));
  f.apply(
    connectorPrincipalManifest("returning-sink", {
      connectRef: { name: "connect" },
      connector,
      ...principal.spec,
    }),
  );
  await f.waitFor("connectorprincipal/returning-sink", READY, (v) => v === "True/PrincipalApplied", 90_000);
});
afterAll(async () => {
  await connect.deleteConnector(connector);
  await f?.stop();
});

describe("a ConnectorPrincipal whose connector is deleted", () => {
  it("keeps its ACLs and says so, then applies again when the connector is back", async () => {
    // kafka-acls lists a resource's ACLs in no fixed order.
    const aclLines = () => aclsOf(destination, principal.principal).split("\n").filter(Boolean).sort();
    const granted = aclLines();
    expect(granted).toContainEqual(expect.stringContaining(`principal=${principal.principal},`));

    await connect.deleteConnector(connector);
    await f.waitFor("connectorprincipal/returning-sink", READY, (v) => v === "False/ConnectorNotFound");
    expect(f.read("connectorprincipal/returning-sink", conditionPath("Ready", "message"))).toContain(
      "ACLs applied before stay until this resource is deleted",
    );
    await afterReconciles(f, "ConnectorPrincipal", 3);
    expect(aclLines()).toEqual(granted);

    await connect.putConnectorConfig(connector, fileSinkConfig(connector, topic));
    await f.waitFor("connectorprincipal/returning-sink", READY, (v) => v === "True/PrincipalApplied");
    expect((await connect.getConnector(connector))!.config["consumer.override.sasl.jaas.config"]).toContain(
      `\${secrets:${f.namespace}/${principal.secret}:password}`,
    );
  });
});
