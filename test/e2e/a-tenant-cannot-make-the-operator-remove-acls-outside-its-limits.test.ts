// Attacks a tenant could try, made as that tenant would: a Kubernetes user whose RBAC allows
// KafkaAcls (and their status) in its own namespace only, against the real API server and
// broker. The victims' ACLs are made out of band with Kafka's own tool, and after each attack
// kafka-acls still lists every one of them, while the resource says TenancyViolation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import { aclsOf, waitForAcls } from "./kafka-acl-listing.ts";
import { kafkaCluster, scramCredentials, secret } from "./manifests.ts";
import { conditionPath, type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";
import { grantReadOutOfBand, onTopic, startTenant, type Tenant } from "./tenant.ts";

const { destination } = (await useStack("kube", "kafka")).kafka;

let f: OperatorFixture;
let tenant: Tenant;
/** Names of this run: every principal and topic starts with the namespace. */
let ns: string;
const principal = (name: string) => `User:${ns}-${name}`;

/** The platform team's KafkaCluster `name`, with limits for the tenant's namespace. */
function platformApplies(name: string, extra: object = {}) {
  const cluster = kafkaCluster(name, destination.bootstrap.scram, scramCredentials("admin"));
  const limits = {
    name: ns,
    principals: [`User:${ns}-tenant-*`],
    resourcePrefixes: { topic: [`${ns}-tenant.`], group: [`${ns}-tenant.`] },
    ...extra,
  };
  f.apply({ ...cluster, spec: { ...cluster.spec, tenancy: { namespaces: [limits] } } });
}

const kafkaAcl = (name: string, spec: object) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "KafkaAcl",
  metadata: { name },
  spec: { clusterRef: { name: "shared" }, ...spec },
});

beforeAll(async () => {
  f = await startOperatorFixture("tenancy", { flags: ["--resync-period=2s"] });
  ns = f.namespace;
  tenant = await startTenant(f, ["kafkaacls"]);
  f.apply(secret("admin", { password: destination.scramUsers["kao-admin"]! }));
  platformApplies("shared");
  await f.waitFor("kafkacluster/shared", READY, (v) => v === "True/ClusterReady");
  // The tenant may not touch the cluster's tenancy.
  expect(() => tenant.kubectl(["get", "kafkacluster/shared"])).toThrow(/forbidden/);
});
afterAll(() => f?.stop());

describe("a tenant limited to its own principals and names", () => {
  it("cannot take another principal exclusively with an empty KafkaAcl", async () => {
    const victim = principal("victim");
    grantReadOutOfBand(destination, victim, `${ns}-victim-topic`);
    tenant.apply(
      kafkaAcl("take-victim", { principal: victim, exclusive: true, exclusiveGracePeriodSeconds: 0 }),
    );
    expect(await f.waitFor("kafkaacl/take-victim", READY, (v) => v.startsWith("False/"))).toBe(
      "False/TenancyViolation",
    );
    expect(f.read("kafkaacl/take-victim", conditionPath("Ready", "message"))).toContain(
      `principal ${victim}: principals for namespace ${ns} must match "User:${ns}-tenant-*"`,
    );
    await f.waitForResyncs("KafkaAcl", 3);
    expect(aclsOf(destination, victim)).toContain(onTopic(`${ns}-victim-topic`));
    tenant.kubectl(["delete", "kafkaacl/take-victim", "--wait=false"]);
  });

  it("cannot use exclusive mode without a grant, and with one removes only what it could have granted", async () => {
    const app = principal("tenant-app");
    grantReadOutOfBand(destination, app, `${ns}-platform.owned`); // the platform team's grant, outside the tenant's names
    grantReadOutOfBand(destination, app, `${ns}-tenant.scratch`); // inside them: exclusive mode may remove it
    tenant.apply(
      kafkaAcl("own-app", {
        principal: app,
        bindings: [{ resourceType: "topic", name: `${ns}-tenant.orders`, operations: ["Read"] }],
        exclusive: true,
        exclusiveGracePeriodSeconds: 1,
      }),
    );
    expect(await f.waitFor("kafkaacl/own-app", READY, (v) => v.startsWith("False/"))).toBe(
      "False/TenancyViolation",
    );
    expect(f.read("kafkaacl/own-app", conditionPath("Ready", "message"))).toContain(
      `exclusive mode for ${app}: namespace ${ns} may hold no principal exclusively`,
    );
    await f.waitForResyncs("KafkaAcl", 3);
    expect(aclsOf(destination, app)).toContain(onTopic(`${ns}-tenant.scratch`));

    // The platform team grants exclusive mode for the tenant's principals.
    platformApplies("shared", { exclusivePrincipals: [`User:${ns}-tenant-*`] });
    await f.waitForEvent("own-app", "UnknownAclsRemoved", 30_000);
    const listing = await waitForAcls(destination, app, (l) => !l.includes(`${ns}-tenant.scratch`));
    expect(listing).toContain(onTopic(`${ns}-platform.owned`));
    expect(listing).toContain(onTopic(`${ns}-tenant.orders`));
    expect(f.read("kafkaacl/own-app", READY)).toBe("False/TenancyViolation");
    expect(f.read("kafkaacl/own-app", conditionPath("Ready", "message"))).toContain(
      `topic "${ns}-platform.owned"`,
    );
    await f.deleteAndWait("kafkaacl/own-app");
    expect(aclsOf(destination, app)).toContain(onTopic(`${ns}-platform.owned`));
  });

  it("cannot make the operator delete another principal's ACL by editing the ledger in status", async () => {
    const victim = principal("ledger-victim");
    const victimTopic = `${ns}-victim-ledger`;
    grantReadOutOfBand(destination, victim, victimTopic);
    const victimKey = `allow|Read|topic|literal|${victimTopic}|${victim}|*`;
    const app = principal("tenant-ledger");
    const spec = {
      principal: app,
      bindings: [{ resourceType: "topic", name: `${ns}-tenant.ledger`, operations: ["Read"] }],
    };
    tenant.apply(kafkaAcl("forged", spec));
    await f.waitFor("kafkaacl/forged", READY, (v) => v === "True/AclsApplied");

    // A reconcile with the forged ledger would delete the victim's binding as "no longer wanted".
    tenant.forgeLedger("kafkaacl/forged", victimKey);
    expect(await f.waitFor("kafkaacl/forged", READY, (v) => v.startsWith("False/"))).toBe(
      "False/TenancyViolation",
    );
    expect(aclsOf(destination, victim)).toContain(onTopic(victimTopic));

    // Moving to another cluster releases what the ledger names on the old one.
    platformApplies("other");
    await f.waitFor("kafkacluster/other", READY, (v) => v === "True/ClusterReady");
    tenant.forgeLedger("kafkaacl/forged", victimKey);
    tenant.apply({ ...kafkaAcl("forged", spec), spec: { ...spec, clusterRef: { name: "other" } } });
    await f.waitForEvent("forged", `Kept 1 binding(s) on ${ns}/shared`);
    await f.waitFor("kafkaacl/forged", READY, (v) => v === "True/AclsApplied");
    expect(aclsOf(destination, victim)).toContain(onTopic(victimTopic));

    // Deleting releases what the ledger names.
    tenant.forgeLedger("kafkaacl/forged", victimKey);
    tenant.kubectl(["delete", "kafkaacl/forged", "--wait=false"]);
    await f.waitFor("kafkaacl/forged", "{.metadata.name}", (name) => name === "");
    await f.waitForEvent("forged", `Kept 1 binding(s) on ${ns}/other`);
    expect(aclsOf(destination, victim)).toContain(onTopic(victimTopic));
    // What the tenant did grant is gone.
    await waitForAcls(destination, app, (l) => !l.includes("ResourcePattern"));
  });
});
