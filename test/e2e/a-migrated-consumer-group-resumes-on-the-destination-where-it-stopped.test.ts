import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  consumeFrom,
  gssapiLink,
  produceToSource,
  startLinkFixture,
  untilOnDestination,
  withAdmin,
} from "./cluster-link-fixture.ts";
import { type OperatorFixture, READY } from "./operator-fixture.ts";

let f: OperatorFixture;
beforeAll(async () => {
  // A short resync: status reports a migration at the reconcile after it happened.
  f = await startLinkFixture("link-offsets", { links: ["payments"], flags: ["--resync-period=5s"] });
});
afterAll(() => f?.stop());

describe("a ClusterLink with consumer offset migration", () => {
  it("migrates a group's position: on the destination it reads on from where it stopped on the source", async () => {
    const topic = `${f.namespace}.payments`;
    const group = `${f.namespace}-billing`;
    const values = Array.from({ length: 10 }, (_, i) => `p-${i + 1}`);
    await produceToSource(topic, values);
    // The group consumes the first 4 records on the source, committing as it goes.
    expect(await consumeFrom("source", topic, group, 4)).toEqual(values.slice(0, 4));

    f.apply(
      gssapiLink(f.namespace, "payments", {
        mirrors: { topics: [{ name: topic }] },
        consumerOffsets: { enabled: true, include: [{ name: group }], intervalSeconds: 1 },
      }),
    );
    await f.waitFor("clusterlink/payments", READY, (v) => v === "True/LinkReady", 90_000);
    await untilOnDestination(topic);
    await expect
      .poll(
        () =>
          withAdmin("destination", async (admin) => {
            const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
            return offsets?.partitions[0]?.offset;
          }),
        { timeout: 90_000, interval: 1_000 },
      )
      .toBe("4");

    // The same group on the destination reads on from record 5: nothing consumed is read again.
    expect(await consumeFrom("destination", topic, group, 6)).toEqual(values.slice(4));
    await f.waitFor("clusterlink/payments", "{.status.lastOffsetMigration.groups}", (v) => v === "1", 30_000);
    const connectors = f.read("clusterlink/payments", "{.status.tasks[*].name}").split(" ");
    expect(connectors).toEqual(
      expect.arrayContaining([
        `${f.namespace}.payments.MirrorSourceConnector`,
        `${f.namespace}.payments.MirrorCheckpointConnector`,
      ]),
    );
  });
});
