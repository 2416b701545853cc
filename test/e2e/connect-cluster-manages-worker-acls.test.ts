import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaAcls } from "../../local-stack/kafka-tools.ts";
import { useStack } from "../env/use-stack.ts";
import { aclsOf, waitForAcls } from "./kafka-acl-listing.ts";
import { scramKafkaCluster } from "./manifests.ts";
import { conditionState, type OperatorFixture, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;
const workerAccess = conditionState("WorkerAccess");

let f: OperatorFixture;
let principal: string;
beforeAll(async () => {
  // A short resync so drift repair shows within the test.
  f = await startOperatorFixture("workers", { flags: ["--resync-period=3s"] });
  principal = `User:${f.namespace}-worker`;
  for (const manifest of scramKafkaCluster("destination", destination)) f.apply(manifest);
});
afterAll(() => f?.stop());

const managed = (name: string) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "ConnectCluster",
  metadata: { name },
  spec: {
    restUrl: stack.connect.restUrl,
    kafkaClusterRef: { name: "destination" },
    workerPrincipal: principal,
    groupId: `${f.namespace}-group`,
    configTopic: `${f.namespace}-configs`,
    offsetTopic: `${f.namespace}-offsets`,
    statusTopic: `${f.namespace}-status`,
    manageWorkerAcls: true,
  },
});
const aclsOfWorker = () => aclsOf(destination, principal);
const waitForWorkerAcls = (predicate: (listing: string) => boolean) =>
  waitForAcls(destination, principal, predicate);

describe("a ConnectCluster with manageWorkerAcls", () => {
  it("applies the catalog's worker ACLs, repairs them after an out-of-band delete, and shares them with a twin", async () => {
    f.apply(managed("managed"));
    await f.waitFor("connectcluster/managed", workerAccess, (v) => v === "True/WorkerAclsApplied");
    const listing = aclsOfWorker();
    expect(listing).toContain(`name=${f.namespace}-group, patternType=LITERAL`);
    expect(listing).toMatch(
      new RegExp(`principal=${principal}, host=\\*, operation=READ, permissionType=ALLOW`),
    );
    const status = JSON.parse(
      f.kubectl(["-n", f.namespace, "get", "connectcluster/managed", "-o", "json"]).stdout,
    );
    expect(status.metadata.finalizers).toContain("kafkaaccess.io/acls");
    expect(status.status.aclLedgers[0].count).toBeGreaterThan(0);

    // Out of band, with Kafka's own tool: the resync puts it back.
    const removed = kafkaAcls(destination, [
      "--remove",
      "--force",
      "--allow-principal",
      principal,
      "--operation",
      "Read",
      "--group",
      `${f.namespace}-group`,
    ]);
    expect(removed.status, removed.stderr).toBe(0);
    await waitForWorkerAcls((l) => l.includes(`name=${f.namespace}-group`));
    await f.waitForEvent("managed", "DriftRepaired");

    // A second owner of the same bindings: deleting the first keeps them.
    f.apply(managed("twin"));
    await f.waitFor("connectcluster/twin", workerAccess, (v) => v === "True/WorkerAclsApplied");
    await f.deleteAndWait("connectcluster/managed");
    expect(aclsOfWorker()).toContain(`name=${f.namespace}-group`);

    // The last owner gone, the bindings go too.
    const twin = JSON.parse(
      f.kubectl(["-n", f.namespace, "get", "connectcluster/twin", "-o", "json"]).stdout,
    );
    expect(twin.metadata.finalizers).toContain("kafkaaccess.io/acls");
    expect(twin.status.aclLedgers[0].count).toBeGreaterThan(0);
    await f.deleteAndWait("connectcluster/twin");
    await waitForWorkerAcls((l) => !l.includes(`principal=${principal},`));
  });
});
