// Attacks a tenant could try, made as that tenant would: a Kubernetes user whose RBAC allows
// KafkaAcls (and their status) in its own namespace only, against the real API server and
// broker. The victims' ACLs are made out of band with Kafka's own tool, and after each attack
// kafka-acls still lists every one of them, while the resource says TenancyViolation.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { kafkaAcls } from "../env/kafka-tools.ts";
import { aclsOf, waitForAcls } from "./kafka-acl-listing.ts";
import { kafkaCluster, scramCredentials, secret } from "./manifests.ts";
import { conditionPath, type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

const stack = inject("stack");
const { destination } = stack.kafka;

let f: OperatorFixture;
/** Names of this run: every principal and topic starts with the namespace. */
let ns: string;
const principal = (name: string) => `User:${ns}-${name}`;

/** kubectl as the tenant, in its namespace. */
function asTenant(args: readonly string[], input?: string) {
  const r = spawnSync("kubectl", ["--kubeconfig", stack.kube.tenantKubeconfigPath, "-n", ns, ...args], {
    encoding: "utf8",
    input,
  });
  if (r.status !== 0) throw new Error(`kubectl (as the tenant) ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}
const tenantApplies = (manifest: object) => asTenant(["apply", "-f", "-"], JSON.stringify(manifest));

/** The tenancy the platform team gives the tenant's namespace on KafkaCluster "shared". */
const limits = (extra: object = {}) => ({
  name: ns,
  principals: [`User:${ns}-tenant-*`],
  resourcePrefixes: { topic: [`${ns}-tenant.`], group: [`${ns}-tenant.`] },
  ...extra,
});
function platformApplies(name: string, extra: object = {}) {
  const cluster = kafkaCluster(name, destination.bootstrap.scram, scramCredentials("admin"));
  f.apply({ ...cluster, spec: { ...cluster.spec, tenancy: { namespaces: [limits(extra)] } } });
}

/** Adds an ACL with kafka-acls, as the platform team (or the victim's own tooling) would. */
function grantOutOfBand(who: string, topic: string) {
  const added = kafkaAcls(destination, [
    "--add",
    "--allow-principal",
    who,
    "--operation",
    "Read",
    "--topic",
    topic,
  ]);
  expect(added.status, added.stderr).toBe(0);
}
/** How kafka-acls lists a principal's ACL on `topic` (every ACL of these tests is one Read). */
const on = (topic: string) => `name=${topic}, patternType=LITERAL`;

/** Reconciles of KafkaAcls so far, from the operator's /metrics. */
async function reconciles(): Promise<number> {
  const text = await f.metrics();
  return [
    ...text.matchAll(/kafka_access_operator_reconciles_total\{kind="KafkaAcl",result="[a-z]+"\} (\d+)/g),
  ]
    .map((m) => Number(m[1]))
    .reduce((a, b) => a + b, 0);
}
/** Waits (bounded) until the operator has reconciled KafkaAcls `count` more times: resyncs ran. */
async function afterReconciles(count: number) {
  const start = await reconciles();
  const deadline = Date.now() + 30_000;
  while ((await reconciles()) < start + count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} reconciles in 30 s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const kafkaAcl = (name: string, spec: object) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "KafkaAcl",
  metadata: { name },
  spec: { clusterRef: { name: "shared" }, ...spec },
});

/** Adds `key` to the resource's ledger, as a tenant with write access to status could. */
function forgeLedger(resource: string, key: string) {
  const status = JSON.parse(asTenant(["get", resource, "-o", "json"])).status;
  const ledger = status.aclLedger;
  const forged = { ...ledger, count: ledger.count + 1, bindings: [...ledger.bindings, key] };
  asTenant([
    "patch",
    resource,
    "--subresource=status",
    "--type=merge",
    "-p",
    JSON.stringify({ status: { aclLedger: forged } }),
  ]);
}

beforeAll(async () => {
  f = await startOperatorFixture("tenancy", { flags: ["--resync-period=2s"] });
  ns = f.namespace;
  const role = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: "kafkaacl-editor" },
    rules: [
      {
        apiGroups: ["kafkaaccess.io"],
        resources: ["kafkaacls", "kafkaacls/status"],
        verbs: ["get", "list", "watch", "create", "update", "patch", "delete"],
      },
    ],
  };
  f.apply(role);
  f.apply({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "tenant-edits-kafkaacls" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "kafkaacl-editor" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: stack.kube.tenantUser }],
  });
  f.apply(secret("admin", { password: destination.scramUsers["kao-admin"]! }));
  platformApplies("shared");
  await f.waitFor("kafkacluster/shared", READY, (v) => v === "True/ClusterReady");
  // The tenant may not touch the cluster's tenancy.
  expect(() => asTenant(["get", "kafkacluster/shared"])).toThrow(/forbidden/);
});
afterAll(() => f?.stop());

describe("a tenant limited to its own principals and names", () => {
  it("cannot take another principal exclusively with an empty KafkaAcl", async () => {
    const victim = principal("victim");
    grantOutOfBand(victim, `${ns}-victim-topic`);
    tenantApplies(
      kafkaAcl("take-victim", { principal: victim, exclusive: true, exclusiveGracePeriodSeconds: 0 }),
    );
    expect(await f.waitFor("kafkaacl/take-victim", READY, (v) => v.startsWith("False/"))).toBe(
      "False/TenancyViolation",
    );
    expect(f.read("kafkaacl/take-victim", conditionPath("Ready", "message"))).toContain(
      `principal ${victim}: principals for namespace ${ns} must match "User:${ns}-tenant-*"`,
    );
    await afterReconciles(3);
    expect(aclsOf(destination, victim)).toContain(on(`${ns}-victim-topic`));
    asTenant(["delete", "kafkaacl/take-victim", "--wait=false"]);
  });

  it("cannot use exclusive mode without a grant, and with one removes only what it could have granted", async () => {
    const app = principal("tenant-app");
    grantOutOfBand(app, `${ns}-platform.owned`); // the platform team's grant, outside the tenant's names
    grantOutOfBand(app, `${ns}-tenant.scratch`); // inside them: exclusive mode may remove it
    tenantApplies(
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
    await afterReconciles(3);
    expect(aclsOf(destination, app)).toContain(on(`${ns}-tenant.scratch`));

    // The platform team grants exclusive mode for the tenant's principals.
    platformApplies("shared", { exclusivePrincipals: [`User:${ns}-tenant-*`] });
    await f.waitForEvent("own-app", "UnknownAclsRemoved", 30_000);
    const listing = await waitForAcls(destination, app, (l) => !l.includes(`${ns}-tenant.scratch`));
    expect(listing).toContain(on(`${ns}-platform.owned`));
    expect(listing).toContain(on(`${ns}-tenant.orders`));
    expect(f.read("kafkaacl/own-app", READY)).toBe("False/TenancyViolation");
    expect(f.read("kafkaacl/own-app", conditionPath("Ready", "message"))).toContain(
      `topic "${ns}-platform.owned"`,
    );
    await f.deleteAndWait("kafkaacl/own-app");
    expect(aclsOf(destination, app)).toContain(on(`${ns}-platform.owned`));
  });

  it("cannot make the operator delete another principal's ACL by editing the ledger in status", async () => {
    const victim = principal("ledger-victim");
    const victimTopic = `${ns}-victim-ledger`;
    grantOutOfBand(victim, victimTopic);
    const victimKey = `allow|Read|topic|literal|${victimTopic}|${victim}|*`;
    const app = principal("tenant-ledger");
    const spec = {
      principal: app,
      bindings: [{ resourceType: "topic", name: `${ns}-tenant.ledger`, operations: ["Read"] }],
    };
    tenantApplies(kafkaAcl("forged", spec));
    await f.waitFor("kafkaacl/forged", READY, (v) => v === "True/AclsApplied");

    // A reconcile with the forged ledger would delete the victim's binding as "no longer wanted".
    forgeLedger("kafkaacl/forged", victimKey);
    expect(await f.waitFor("kafkaacl/forged", READY, (v) => v.startsWith("False/"))).toBe(
      "False/TenancyViolation",
    );
    expect(aclsOf(destination, victim)).toContain(on(victimTopic));

    // Moving to another cluster releases what the ledger names on the old one.
    platformApplies("other");
    await f.waitFor("kafkacluster/other", READY, (v) => v === "True/ClusterReady");
    forgeLedger("kafkaacl/forged", victimKey);
    tenantApplies({ ...kafkaAcl("forged", spec), spec: { ...spec, clusterRef: { name: "other" } } });
    await f.waitForEvent("forged", `Kept 1 binding(s) on ${ns}/shared`);
    await f.waitFor("kafkaacl/forged", READY, (v) => v === "True/AclsApplied");
    expect(aclsOf(destination, victim)).toContain(on(victimTopic));

    // Deleting releases what the ledger names.
    forgeLedger("kafkaacl/forged", victimKey);
    asTenant(["delete", "kafkaacl/forged", "--wait=false"]);
    await f.waitFor("kafkaacl/forged", "{.metadata.name}", (name) => name === "");
    await f.waitForEvent("forged", `Kept 1 binding(s) on ${ns}/other`);
    expect(aclsOf(destination, victim)).toContain(on(victimTopic));
    // What the tenant did grant is gone.
    await waitForAcls(destination, app, (l) => !l.includes("ResourcePattern"));
  });
});
