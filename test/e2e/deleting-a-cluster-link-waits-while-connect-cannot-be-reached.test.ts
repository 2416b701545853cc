import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import { connectorsOf, gssapiLink, produceToSource, startLinkFixture } from "./cluster-link-fixture.ts";
import { conditionPath, type OperatorFixture, READY } from "./operator-fixture.ts";

const stack = await useStack("connect");

let f: OperatorFixture;
beforeAll(async () => {
  f = await startLinkFixture("link-waits", { links: ["stalled"] });
});
afterAll(() => f?.stop());

const pointConnectAt = (restUrl: string) => {
  const patch = JSON.stringify({ spec: { restUrl } });
  const patched = f.kubectl([
    "-n",
    f.namespace,
    "patch",
    "connectcluster/connect",
    "--type=merge",
    "-p",
    patch,
  ]);
  expect(patched.status, patched.stderr).toBe(0);
};

describe("deleting a ClusterLink while its Connect cluster cannot be reached", () => {
  it("waits, saying why, and removes the connectors once Connect answers again", async () => {
    const topic = `${f.namespace}.stalled`;
    await produceToSource(topic, ["s-1"]);
    f.apply(gssapiLink(f.namespace, "stalled", { mirrors: { topics: [{ name: topic }] } }));
    await f.waitFor("clusterlink/stalled", READY, (v) => v === "True/LinkReady", 90_000);

    // Nothing answers at the ConnectCluster's address any more.
    pointConnectAt("http://127.0.0.1:1");
    await f.waitFor("connectcluster/connect", READY, (v) => v === "False/ConnectUnreachable", 30_000);
    expect(f.kubectl(["-n", f.namespace, "delete", "clusterlink/stalled", "--wait=false"]).status).toBe(0);
    await f.waitFor("clusterlink/stalled", READY, (v) => v === "False/LinkDeletionBlocked", 30_000);
    expect(f.read("clusterlink/stalled", conditionPath("Ready", "message"))).toContain(
      `ConnectCluster "${f.namespace}/connect" is not Ready`,
    );
    expect(await connectorsOf(f.namespace, "stalled")).toEqual([
      `${f.namespace}.stalled.MirrorSourceConnector`,
    ]);

    pointConnectAt(stack.connect.restUrl);
    await f.waitFor("clusterlink/stalled", "{.metadata.name}", (name) => name === "", 60_000);
    expect(await connectorsOf(f.namespace, "stalled")).toEqual([]);
  });
});
