// A tenant whose RBAC allows ConnectClusters (and their status) in its own namespace tries to
// make the operator grant worker ACLs to another principal, and to remove another principal's
// ACL through an edited ledger, on the real API server and broker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import { aclsOf, waitForAcls } from "./kafka-acl-listing.ts";
import { kafkaCluster, scramCredentials, secret } from "./manifests.ts";
import {
  conditionPath,
  conditionState,
  type OperatorFixture,
  READY,
  startOperatorFixture,
} from "./operator-fixture.ts";
import { grantReadOutOfBand, onTopic, startTenant, type Tenant } from "./tenant.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;

let f: OperatorFixture;
let tenant: Tenant;
let ns: string;

const connectCluster = (name: string, workerPrincipal: string) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "ConnectCluster",
  metadata: { name },
  spec: {
    restUrl: stack.connect.restUrl,
    kafkaClusterRef: { name: "shared" },
    workerPrincipal,
    groupId: `${ns}-tenant.${name}`,
    configTopic: `${ns}-tenant.${name}-configs`,
    offsetTopic: `${ns}-tenant.${name}-offsets`,
    statusTopic: `${ns}-tenant.${name}-status`,
    manageWorkerAcls: true,
  },
});

beforeAll(async () => {
  f = await startOperatorFixture("tenant-connect", { flags: ["--resync-period=2s"] });
  ns = f.namespace;
  tenant = await startTenant(f, ["connectclusters"]);
  f.apply(secret("admin", { password: destination.scramUsers["kao-admin"]! }));
  const cluster = kafkaCluster("shared", destination.bootstrap.scram, scramCredentials("admin"));
  const limits = {
    name: ns,
    principals: [`User:${ns}-tenant-*`],
    resourcePrefixes: { topic: [`${ns}-tenant.`], group: [`${ns}-tenant.`] },
  };
  f.apply({ ...cluster, spec: { ...cluster.spec, tenancy: { namespaces: [limits] } } });
  await f.waitFor("kafkacluster/shared", READY, (v) => v === "True/ClusterReady");
});
afterAll(() => f?.stop());

describe("a ConnectCluster managing worker ACLs for a tenant", () => {
  it("grants no worker ACL to a principal outside the namespace's limits", async () => {
    const victim = `User:${ns}-victim`;
    tenant.apply(connectCluster("for-victim", victim));
    expect(await f.waitFor("connectcluster/for-victim", READY, (v) => v.startsWith("False/"))).toBe(
      "False/TenancyViolation",
    );
    expect(f.read("connectcluster/for-victim", conditionState("WorkerAccess"))).toBe(
      "False/TenancyViolation",
    );
    expect(f.read("connectcluster/for-victim", conditionPath("Ready", "message"))).toContain(
      `principal ${victim}`,
    );
    await f.waitForResyncs("ConnectCluster", 3);
    expect(aclsOf(destination, victim)).not.toContain("ResourcePattern");
    tenant.kubectl(["delete", "connectcluster/for-victim", "--wait=false"]);
  });

  it("removes no other principal's ACL named in an edited ledger when deleted", async () => {
    const victim = `User:${ns}-ledger-victim`;
    const victimTopic = `${ns}-victim-topic`;
    grantReadOutOfBand(destination, victim, victimTopic);
    const worker = `User:${ns}-tenant-worker`;
    tenant.apply(connectCluster("workers", worker));
    await f.waitFor(
      "connectcluster/workers",
      conditionState("WorkerAccess"),
      (v) => v === "True/WorkerAclsApplied",
    );
    tenant.forgeLedger("connectcluster/workers", `allow|Read|topic|literal|${victimTopic}|${victim}|*`);
    tenant.kubectl(["delete", "connectcluster/workers", "--wait=false"]);
    await f.waitFor("connectcluster/workers", "{.metadata.name}", (name) => name === "");
    await f.waitForEvent("workers", `Kept 1 worker ACL binding(s) on ${ns}/shared`);
    expect(aclsOf(destination, victim)).toContain(onTopic(victimTopic));
    await waitForAcls(destination, worker, (l) => !l.includes("ResourcePattern"));
  });
});
