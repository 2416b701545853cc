import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import { gssapiLink, produceToSource, startLinkFixture, withAdmin } from "./cluster-link-fixture.ts";
import { type OperatorFixture, READY } from "./operator-fixture.ts";

const stack = await useStack("connect");

let f: OperatorFixture;
beforeAll(async () => {
  f = await startLinkFixture("link-steady", { flags: ["--resync-period=2s"], links: ["ledger"] });
});
afterAll(() => f?.stop());

/** kafka_access_operator_external_calls_total of `system`, summed for the given operations. */
async function calls(system: string, operations: readonly string[]): Promise<number> {
  const pattern = new RegExp(
    `^kafka_access_operator_external_calls_total\\{[^}]*system="${system}"[^}]*\\} (\\d+)`,
    "gm",
  );
  return [...(await f.metrics()).matchAll(pattern)]
    .filter((m) => operations.some((operation) => m[0].includes(`operation="${operation}"`)))
    .reduce((sum, m) => sum + Number(m[1]), 0);
}

/** Every write the operator can make for a link, as counted where it is made. */
async function writes() {
  const configTopicEnd = await withAdmin("destination", async (admin) =>
    (await admin.fetchTopicOffsets(stack.connect.configTopic)).reduce((sum, o) => sum + Number(o.high), 0),
  );
  return {
    kafka: await calls("kafka", ["CreateAcls", "DeleteAcls"]),
    connect: await calls("connect", [
      "putConnectorConfig",
      "deleteConnector",
      "pauseConnector",
      "resumeConnector",
      "restartConnector",
    ]),
    connectReads: await calls("connect", ["getConnector"]),
    configTopicEnd,
    resourceVersion: f.read("clusterlink/ledger", "{.metadata.resourceVersion}"),
    events: f.kubectl(["-n", f.namespace, "get", "events", "-o", "name"]).stdout.split("\n").length,
  };
}

describe("a ClusterLink that is as declared", () => {
  it("sends no write to Connect, Kafka or the API server across resyncs", async () => {
    const topic = `${f.namespace}.ledger`;
    const group = `${f.namespace}-auditors`;
    await produceToSource(topic, ["l-1", "l-2"]);
    f.apply(
      gssapiLink(f.namespace, "ledger", {
        mirrors: { topics: [{ name: topic }] },
        consumerOffsets: { enabled: true, include: [{ name: group }] },
      }),
    );
    await f.waitFor("clusterlink/ledger", READY, (v) => v === "True/LinkReady", 90_000);
    await f.waitFor("clusterlink/ledger", "{.status.mirrorTopics[0].lag}", (lag) => lag === "0", 30_000);
    // Let the status settle (the first resync after Ready may still record the mirror's lag).
    await f.waitForResyncs("ClusterLink", 2);

    const before = await writes();
    await f.waitForResyncs("ClusterLink", 3);
    const after = await writes();
    // The link was looked at again: its connectors were read...
    expect(after.connectReads).toBeGreaterThan(before.connectReads);
    // ...and nothing was written anywhere.
    expect({ ...after, connectReads: 0 }).toEqual({ ...before, connectReads: 0 });
  });
});
