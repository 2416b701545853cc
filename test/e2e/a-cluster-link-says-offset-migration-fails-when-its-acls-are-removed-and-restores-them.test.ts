import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaAcls } from "../../local-stack/kafka-tools.ts";
import { useStack } from "../env/use-stack.ts";
import { gssapiLink, LINK_PRINCIPAL, produceToSource, startLinkFixture } from "./cluster-link-fixture.ts";
import { waitForAcls } from "./kafka-acl-listing.ts";
import { conditionPath, type OperatorFixture, READY } from "./operator-fixture.ts";

const { destination } = (await useStack("connect")).kafka;

let f: OperatorFixture;
beforeAll(async () => {
  // A short resync, so drift is found and repaired within the test.
  f = await startLinkFixture("link-drift", { flags: ["--resync-period=3s"], links: ["invoices"] });
});
afterAll(() => f?.stop());

describe("a ClusterLink whose offset-migration ACLs are removed out of band", () => {
  it("says offset migration is failing and why, and puts the ACLs back within a resync", async () => {
    const topic = `${f.namespace}.invoices`;
    const group = `${f.namespace}-accounting`;
    await produceToSource(topic, ["i-1"]);
    f.apply(
      gssapiLink(f.namespace, "invoices", {
        mirrors: { topics: [{ name: topic }] },
        consumerOffsets: { enabled: true, include: [{ name: group }], intervalSeconds: 1 },
      }),
    );
    await f.waitFor("clusterlink/invoices", READY, (v) => v === "True/LinkReady", 90_000);
    const onGroup = `name=${group}, patternType=LITERAL`;
    await waitForAcls(destination, LINK_PRINCIPAL, (listing) => listing.includes(onGroup));

    // What committing the migrated offsets needs on the destination, removed with Kafka's own tool.
    for (const resource of [
      ["--group", group],
      ["--topic", topic],
    ]) {
      const removed = kafkaAcls(destination, [
        "--remove",
        "--force",
        "--allow-principal",
        LINK_PRINCIPAL,
        "--operation",
        "Read",
        ...resource,
      ]);
      expect(removed.status, removed.stderr).toBe(0);
    }

    await f.waitForEvent("invoices", "OffsetMigrationFailing", 30_000);
    const events = f.kubectl([
      "-n",
      f.namespace,
      "get",
      "events",
      "--field-selector",
      "involvedObject.name=invoices,reason=OffsetMigrationFailing",
      "-o",
      "jsonpath={.items[*].message}",
    ]).stdout;
    expect(events).toContain(`Read on group "${group}" for ${LINK_PRINCIPAL}`);
    expect(events).toContain(`Read on topic "${topic}" for ${LINK_PRINCIPAL}`);
    await f.waitForEvent("invoices", "DriftRepaired");
    const listing = await waitForAcls(destination, LINK_PRINCIPAL, (l) => l.includes(onGroup));
    expect(listing).toContain(`name=${topic}, patternType=LITERAL`);

    // Back in place, the next resync finds the link ready again.
    await f.waitFor("clusterlink/invoices", READY, (v) => v === "True/LinkReady", 30_000);
    expect(f.read("clusterlink/invoices", conditionPath("LinkActive", "reason"))).toBe("LinkActive");
  });
});
