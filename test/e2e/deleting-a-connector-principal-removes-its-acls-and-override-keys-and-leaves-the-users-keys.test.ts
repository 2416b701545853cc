// Deleting a ConnectorPrincipal takes what it owns away: its override keys leave the
// connector's config, the user's keys (one under an override prefix too) stay as they were,
// and its ACLs leave the cluster. With deletionPolicy Orphan both stay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import { applyClusters, connectApiOf, readySink } from "./connector-principals.ts";
import { aclsOf, waitForAcls } from "./kafka-acl-listing.ts";
import { type OperatorFixture, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;
const connect = connectApiOf(stack.connect);
const connectors: string[] = [];

let f: OperatorFixture;
beforeAll(async () => {
  f = await startOperatorFixture("cp-delete", { flags: ["--resync-period=3s"] });
  await applyClusters(f, stack.connect);
});
afterAll(async () => {
  for (const connector of connectors) await connect.deleteConnector(connector);
  await f?.stop();
});

/** A sink with a key of the user's own under an override prefix, and its ConnectorPrincipal, Ready. */
async function principalOfSink(resource: string, deletionPolicy: "Delete" | "Orphan") {
  const sink = await readySink(f, resource, {
    userKeys: { "consumer.override.max.poll.records": "10" },
    deletionPolicy,
  });
  connectors.push(sink.connector);
  const overrideKeys = JSON.parse(f.read(`connectorprincipal/${resource}`, "{.status.overrideKeys}"));
  return { ...sink, principal: sink.principal.principal, overrideKeys };
}

describe("deleting a ConnectorPrincipal", () => {
  it("removes its override keys from the connector's config, leaving the user's keys, and its ACLs", async () => {
    const sink = await principalOfSink("shipments-sink", "Delete");
    const applied = (await connect.getConnector(sink.connector))!.config;
    expect(Object.keys(applied)).toEqual(expect.arrayContaining(sink.overrideKeys));
    expect(aclsOf(destination, sink.principal)).toContain(`principal=${sink.principal},`);

    await f.deleteAndWait("connectorprincipal/shipments-sink", 60_000);
    expect((await connect.getConnector(sink.connector))?.config).toEqual(sink.userConfig);
    await waitForAcls(
      destination,
      sink.principal,
      (listing) => !listing.includes(`principal=${sink.principal},`),
    );
    await f.waitForEvent("shipments-sink", "OverridesRemoved");
  });

  it("leaves both with deletionPolicy Orphan", async () => {
    const sink = await principalOfSink("kept-sink", "Orphan");
    const applied = (await connect.getConnector(sink.connector))!.config;

    await f.deleteAndWait("connectorprincipal/kept-sink", 60_000);
    expect((await connect.getConnector(sink.connector))?.config).toEqual(applied);
    expect(aclsOf(destination, sink.principal)).toContain(`principal=${sink.principal},`);
  });
});
