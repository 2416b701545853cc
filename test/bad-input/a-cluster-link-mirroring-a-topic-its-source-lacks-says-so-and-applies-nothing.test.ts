// A ClusterLink whose mirrors.topics names a topic its source KafkaCluster does not have (a
// typo, or a topic its team has not made yet) passes the schema. The operator says which
// topics are missing before it applies anything: no ACL on either cluster, no connector. Once
// the topic exists the link is made, without a change to the link.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CREDENTIALS_VALID,
  connectorsOf,
  gssapiLink,
  LINK_ACTIVE,
  LINK_PRINCIPAL,
  produceToSource,
  startLinkFixture,
} from "../e2e/cluster-link-fixture.ts";
import { aclsOf } from "../e2e/kafka-acl-listing.ts";
import { conditionPath, type OperatorFixture, READY } from "../e2e/operator-fixture.ts";
import { kafkaCalls } from "../e2e/operator-metrics.ts";
import { useStack } from "../env/use-stack.ts";

const stack = await useStack("connect");

let f: OperatorFixture;
beforeAll(async () => {
  // Short resyncs: the link is looked at again without an edit once the topic exists.
  f = await startLinkFixture("link-no-topic", { links: ["typo"], flags: ["--resync-period=5s"] });
});
afterAll(() => f?.stop());

describe("a ClusterLink mirroring a topic its source does not have", () => {
  it("names the topic, applies no ACL and creates no connector, and comes up once the topic exists", async () => {
    const present = `${f.namespace}.present`;
    const absent = `${f.namespace}.absent`;
    await produceToSource(present, ["p-1"]);
    const createsBefore = await kafkaCalls(f, "CreateAcls");
    f.apply(gssapiLink(f.namespace, "typo", { mirrors: { topics: [{ name: present }, { name: absent }] } }));

    await f.waitFor("clusterlink/typo", READY, (v) => v === "False/SourceTopicsMissing", 60_000);
    const message = f.read("clusterlink/typo", conditionPath("Ready", "message"));
    expect(message).toContain(absent);
    expect(message).not.toContain(present);
    expect(f.read("clusterlink/typo", CREDENTIALS_VALID)).toBe("True/CredentialsValid");
    expect(f.read("clusterlink/typo", LINK_ACTIVE)).toBe("False/SourceTopicsMissing");
    expect(await connectorsOf(f.namespace, "typo")).toEqual([]);
    expect(await kafkaCalls(f, "CreateAcls")).toBe(createsBefore);
    for (const cluster of [stack.kafka.source, stack.kafka.destination]) {
      expect(aclsOf(cluster, LINK_PRINCIPAL)).not.toContain(present);
    }

    await produceToSource(absent, ["a-1"]);
    await f.waitFor("clusterlink/typo", READY, (v) => v === "True/LinkReady", 120_000);
    expect(await connectorsOf(f.namespace, "typo")).toEqual([`${f.namespace}.typo.MirrorSourceConnector`]);
  }, 240_000);
});
