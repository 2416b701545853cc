// Escalation attempts a tenant could make with each kind, as that tenant (RBAC on its own
// namespace only): point a KafkaAcl or a ConnectCluster at a KafkaCluster of a namespace that
// does not admit it, name a Secret only another namespace holds, take a foreign principal
// exclusively. Each is refused with a reason that says so, and the victim's ACLs are intact.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import { type OperatorProcess, startOperatorProcess } from "../faults/operator-process.ts";
import { kubectlWith, listAcls } from "../support/acl-invariant.ts";
import { kafkaCluster, scramCredentials, secret } from "./manifests.ts";
import { conditionPath, type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";
import { grantReadOutOfBand, startTenant, type Tenant } from "./tenant.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;
const kubectl = kubectlWith(stack.kube.kubeconfigPath);

let f: OperatorFixture;
let tenant: Tenant;
let operator: OperatorProcess;
/** The tenant's namespace (the fixture's), the platform's and a victim team's. */
let ns: string;
let platform: string;
let victim: string;
const victimPrincipal = () => `User:${victim}-app`;

function applyIn(namespace: string, manifest: { metadata: object } & Record<string, unknown>) {
  const applied = f.kubectl(
    ["apply", "-f", "-"],
    JSON.stringify({ ...manifest, metadata: { ...manifest.metadata, namespace } }),
  );
  expect(applied.status, applied.stderr).toBe(0);
}
const readyIn = async (namespace: string, resource: string) =>
  (await kubectl(["-n", namespace, "get", resource, "-o", `jsonpath=${READY}`])).stdout;
async function waitReadyIn(namespace: string, resource: string) {
  const deadline = Date.now() + 60_000;
  while ((await readyIn(namespace, resource)) !== "True/ClusterReady") {
    if (Date.now() > deadline) throw new Error(`${namespace}/${resource} not Ready within 60 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  f = await startOperatorFixture("intruder", { runOperator: false });
  ns = f.namespace;
  // Names outside the tenant's principal pattern (User:<ns>-*), as another team's would be.
  platform = `platform-${ns}`;
  victim = `victim-${ns}`;
  for (const namespace of [platform, victim])
    expect(f.kubectl(["create", "namespace", namespace]).status).toBe(0);
  tenant = await startTenant(f, ["kafkaacls", "connectclusters", "kafkaclusters"]);
  // The victim team's own cluster (no tenancy: only its namespace may use it) and Secret.
  applyIn(victim, secret("admin", { password: destination.scramUsers["kao-admin"]! }));
  applyIn(victim, kafkaCluster("victim-cluster", destination.bootstrap.scram, scramCredentials("admin")));
  // The platform's cluster, shared with the tenant within limits.
  applyIn(platform, secret("admin", { password: destination.scramUsers["kao-admin"]! }));
  const shared = kafkaCluster("shared", destination.bootstrap.scram, scramCredentials("admin"));
  const limits = { name: ns, principals: [`User:${ns}-*`], resourcePrefixes: { topic: [`${ns}.`] } };
  applyIn(platform, { ...shared, spec: { ...shared.spec, tenancy: { namespaces: [limits] } } });
  grantReadOutOfBand(destination, victimPrincipal(), `${victim}.orders`);
  operator = await startOperatorProcess(
    [
      `--kubeconfig=${stack.kube.kubeconfigPath}`,
      `--namespaces=${ns},${platform},${victim}`,
      "--resync-period=3s",
    ],
    join(stack.runDir, `${ns}-operator.log`),
  );
  await waitReadyIn(platform, "kafkacluster/shared");
  await waitReadyIn(victim, "kafkacluster/victim-cluster");
});
afterAll(async () => {
  await operator?.stop();
  await f?.stop();
});

const victimAclsIntact = async () =>
  expect(await listAcls(destination, (p) => p === victimPrincipal())).toEqual([
    `allow|Read|topic|literal|${victim}.orders|${victimPrincipal()}|*`,
  ]);
const connectCluster = (name: string, spec: object) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "ConnectCluster",
  metadata: { name },
  spec: {
    restUrl: stack.connect.restUrl,
    workerPrincipal: `User:${ns}-worker`,
    groupId: `${ns}.workers`,
    configTopic: `${ns}.configs`,
    offsetTopic: `${ns}.offsets`,
    statusTopic: `${ns}.status`,
    manageWorkerAcls: true,
    ...spec,
  },
});

describe("a tenant limited to its own namespace", () => {
  it.each([
    {
      kind: "KafkaAcl",
      resource: "kafkaacl/borrow-cluster",
      manifest: () => ({
        apiVersion: "kafkaaccess.io/v1alpha1",
        kind: "KafkaAcl",
        metadata: { name: "borrow-cluster" },
        spec: {
          clusterRef: { name: "victim-cluster", namespace: victim },
          principal: `User:${ns}-app`,
          bindings: [{ resourceType: "topic", name: `${victim}.orders`, operations: ["Read", "Write"] }],
        },
      }),
      says: () => `only namespace ${victim} may use it`,
    },
    {
      kind: "ConnectCluster",
      resource: "connectcluster/borrow-cluster",
      manifest: () =>
        connectCluster("borrow-cluster", { kafkaClusterRef: { name: "victim-cluster", namespace: victim } }),
      says: () => `only namespace ${victim} may use it`,
    },
    {
      kind: "KafkaAcl",
      resource: "kafkaacl/take-victim",
      manifest: () => ({
        apiVersion: "kafkaaccess.io/v1alpha1",
        kind: "KafkaAcl",
        metadata: { name: "take-victim" },
        spec: {
          clusterRef: { name: "shared", namespace: platform },
          principal: victimPrincipal(),
          exclusive: true,
          exclusiveGracePeriodSeconds: 0,
        },
      }),
      says: () => `principal ${victimPrincipal()}`,
    },
    {
      kind: "ConnectCluster",
      resource: "connectcluster/victim-worker",
      manifest: () =>
        connectCluster("victim-worker", {
          kafkaClusterRef: { name: "shared", namespace: platform },
          workerPrincipal: victimPrincipal(),
        }),
      says: () => `principal ${victimPrincipal()}`,
    },
  ])(
    "$kind $resource is refused with TenancyViolation",
    async ({ resource, manifest, says }) => {
      tenant.apply(manifest());
      expect(await f.waitFor(resource, READY, (v) => v.startsWith("False/"), 60_000)).toBe(
        "False/TenancyViolation",
      );
      expect(f.read(resource, conditionPath("Ready", "message"))).toContain(says());
      await f.waitFor(resource, "{.status.observedGeneration}", (v) => v === "1");
      await victimAclsIntact();
    },
    120_000,
  );

  it.each([
    {
      kind: "KafkaCluster",
      resource: "kafkacluster/with-their-secret",
      manifest: () =>
        kafkaCluster("with-their-secret", destination.bootstrap.scram, scramCredentials("admin")),
    },
    {
      kind: "ConnectCluster",
      resource: "connectcluster/with-their-secret",
      manifest: () =>
        connectCluster("with-their-secret", {
          kafkaClusterRef: { name: "shared", namespace: platform },
          basicAuth: { username: "admin", password: { name: "admin", key: "password" } },
        }),
    },
  ])(
    "$kind naming a Secret only other namespaces hold gets SecretNotFound, not their value",
    async ({ resource, manifest }) => {
      tenant.apply(manifest());
      expect(await f.waitFor(resource, READY, (v) => v.startsWith("False/"), 60_000)).toBe(
        "False/SecretNotFound",
      );
      await victimAclsIntact();
    },
    120_000,
  );

  it("left the victim's and the platform's resources as they were", async () => {
    expect(await readyIn(victim, "kafkacluster/victim-cluster")).toBe("True/ClusterReady");
    expect(
      await operator.metric("kafka_access_operator_external_calls_total", /operation="DeleteAcls"/),
    ).toBe(0);
    expect((await kubectl(["-n", platform, "get", "kafkaacls", "-o", "name"])).stdout).toBe("");
  });
});
