import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaAcls } from "../../local-stack/kafka-tools.ts";
import { useStack } from "../env/use-stack.ts";
import {
  connectorsOf,
  gssapiLink,
  LINK_PRINCIPAL,
  operationsOnTopic,
  produceToSource,
  startLinkFixture,
} from "./cluster-link-fixture.ts";
import { aclsOf, waitForAcls } from "./kafka-acl-listing.ts";
import { type OperatorFixture, READY } from "./operator-fixture.ts";

const stack = await useStack("connect");
const { source, destination } = stack.kafka;

let f: OperatorFixture;
beforeAll(async () => {
  f = await startLinkFixture("link-delete", { links: [] });
});
afterAll(async () => {
  // What the orphaned link left behind is cleaned up by hand, as its owner would.
  for (const connector of await connectorsOf(f.namespace, "kept")) {
    await fetch(`${stack.connect.restUrl}/connectors/${encodeURIComponent(connector)}`, { method: "DELETE" });
  }
  for (const cluster of [source, destination]) {
    kafkaAcls(cluster, [
      "--remove",
      "--force",
      "--principal",
      LINK_PRINCIPAL,
      "--topic",
      `${f.namespace}.kept`,
    ]);
  }
  await f?.stop();
});

const onTopic = (topic: string) => `name=${topic}, patternType=LITERAL`;

describe("deleting a ClusterLink", () => {
  it("removes its connectors and its ACLs, except those another resource wants", async () => {
    const topic = `${f.namespace}.audit`;
    await produceToSource(topic, ["a-1"]);
    // A KafkaAcl wants one binding the link needs too.
    f.apply({
      apiVersion: "kafkaaccess.io/v1alpha1",
      kind: "KafkaAcl",
      metadata: { name: "link-reads-audit" },
      spec: {
        clusterRef: { name: source.name },
        principal: LINK_PRINCIPAL,
        bindings: [{ resourceType: "topic", name: topic, operations: ["Read"] }],
      },
    });
    f.apply(gssapiLink(f.namespace, "audit", { mirrors: { topics: [{ name: topic }] } }));
    await f.waitFor("kafkaacl/link-reads-audit", READY, (v) => v.startsWith("True/"), 60_000);
    await f.waitFor("clusterlink/audit", READY, (v) => v === "True/LinkReady", 90_000);
    expect(await connectorsOf(f.namespace, "audit")).toEqual([`${f.namespace}.audit.MirrorSourceConnector`]);
    expect(operationsOnTopic(aclsOf(source, LINK_PRINCIPAL), topic)).toEqual(["DESCRIBE_CONFIGS", "READ"]);

    await f.deleteAndWait("clusterlink/audit", 60_000);
    expect(await connectorsOf(f.namespace, "audit")).toEqual([]);
    // The KafkaAcl's Read stays; the link's own DescribeConfigs is gone.
    const onSource = await waitForAcls(
      source,
      LINK_PRINCIPAL,
      (l) => !operationsOnTopic(l, topic).includes("DESCRIBE_CONFIGS"),
    );
    expect(operationsOnTopic(onSource, topic)).toEqual(["READ"]);
    await waitForAcls(destination, LINK_PRINCIPAL, (l) => !l.includes(onTopic(topic)));
  });

  it("with deletionPolicy Orphan leaves its connectors and ACLs in place", async () => {
    const topic = `${f.namespace}.kept`;
    await produceToSource(topic, ["k-1"]);
    f.apply(
      gssapiLink(f.namespace, "kept", { mirrors: { topics: [{ name: topic }] }, deletionPolicy: "Orphan" }),
    );
    await f.waitFor("clusterlink/kept", READY, (v) => v === "True/LinkReady", 90_000);

    await f.deleteAndWait("clusterlink/kept", 30_000);
    expect(await connectorsOf(f.namespace, "kept")).toEqual([`${f.namespace}.kept.MirrorSourceConnector`]);
    expect(aclsOf(source, LINK_PRINCIPAL)).toContain(onTopic(topic));
    expect(aclsOf(destination, LINK_PRINCIPAL)).toContain(onTopic(topic));
  });
});
