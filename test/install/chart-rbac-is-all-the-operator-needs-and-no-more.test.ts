// The chart's RBAC, namespaced mode, on the real API server: the operator runs with a token of
// the chart's ServiceAccount (TokenRequest) and the settings of the chart's Deployment, brings
// every example to its verdict, repairs drift, deletes everything; the API server's audit log
// then shows it was never refused and used every permission the chart grants, and the
// operator's own request counter names the same permissions.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaAclsAsync } from "../../local-stack/kafka-tools.ts";
import { type RunningOperator, startOperator } from "../../src/cli/run.ts";
import { loadOperatorConfig } from "../../src/config/operator-config.ts";
import { createRootLogger } from "../../src/observability/logger.ts";
import { useStack } from "../env/use-stack.ts";
import { exampleSet } from "./example-manifests.ts";
import { CHART, customKinds, deploymentSettings, parseManifests, renderChart } from "./helm.ts";
import {
  applyAndWaitForCrds,
  applyObjects,
  deleteInOrder,
  kubectlAsync,
  waitForVerdicts,
  writeServiceAccountKubeconfig,
} from "./kube-client.ts";
import { auditedRequests, grantedPermissions, requestedPermissions, unusedGrants } from "./rbac-audit.ts";

const stack = await useStack("kube", "kafka", "connect");
const { kube, kafka } = stack;
const set = await exampleSet(stack);
const release = "rbac";
const serviceAccount = "rbac-kafka-access-operator";
const objects = parseManifests(
  renderChart({
    release,
    namespace: set.clusterNamespace,
    values: {
      watchNamespaces: [set.clusterNamespace, set.tenantNamespace],
      config: { resyncPeriod: "2s", logLevel: "warn" },
    },
  }),
);

let operator: RunningOperator | undefined;

beforeAll(async () => {
  applyAndWaitForCrds(kube.kubeconfigPath, `${CHART}/crds`);
  applyObjects(
    kube.kubeconfigPath,
    set.manifests.filter((m) => m.kind === "Namespace"),
  );
  applyObjects(kube.kubeconfigPath, objects);
  const dir = join(stack.runDir, "install-rbac");
  mkdirSync(dir, { recursive: true });
  const kubeconfig = writeServiceAccountKubeconfig(
    kube,
    set.clusterNamespace,
    serviceAccount,
    join(dir, "kubeconfig"),
  );
  // The pod's settings, but on a free loopback port, and the kubeconfig in place of the pod's mount.
  const config = loadOperatorConfig(
    [`--kubeconfig=${kubeconfig}`, "--health-port=0", "--health-host=127.0.0.1"],
    deploymentSettings(objects, "rbac-test"),
  );
  operator = await startOperator(config, { logger: createRootLogger({ level: "error" }) });
  applyObjects(
    kube.kubeconfigPath,
    set.manifests.filter((m) => m.kind !== "Namespace"),
  );
});

afterAll(async () => {
  await operator?.stop();
});

const metrics = async () => (await fetch(`http://127.0.0.1:${operator?.manager.healthPort}/metrics`)).text();

describe("the chart's RBAC in namespaced mode", () => {
  it("renders Roles in the watched namespaces and no ClusterRole", () => {
    expect(objects.filter((o) => o.kind.startsWith("Cluster")).map((o) => o.kind)).toEqual([]);
    const roles = objects
      .filter((o) => o.kind === "Role")
      .map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(roles.sort()).toEqual(
      [
        `${set.clusterNamespace}/rbac-kafka-access-operator`,
        `${set.clusterNamespace}/rbac-kafka-access-operator-leader-election`,
        `${set.tenantNamespace}/rbac-kafka-access-operator`,
      ].sort(),
    );
  });

  it("lets the operator bring every example to its verdict, as the chart's ServiceAccount", async () => {
    await waitForVerdicts(kube.kubeconfigPath, set.verdicts);
  });

  it("serves only metric names the operator exports to the chart's alerts and dashboard", async () => {
    const text = await metrics();
    const exported = new Set<string>();
    for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      exported.add(name as string);
      if (type === "histogram") for (const s of ["_bucket", "_sum", "_count"]) exported.add(`${name}${s}`);
    }
    // The readiness gauge counts what users see in status, e.g. the tenancy violation.
    expect(text).toContain(
      `kafka_access_operator_resources{kind="KafkaAcl",resource_namespace="${set.tenantNamespace}",ready="False",reason="TenancyViolation"} 1`,
    );
    const rules = renderChart({ values: { metrics: { prometheusRule: { enabled: true } } } });
    const dashboard = readFileSync(`${CHART}/dashboards/kafka-access-operator.json`, "utf8");
    const queried = new Set(
      [...`${rules}\n${dashboard}`.matchAll(/\bkafka_access_operator_[a-z0-9_]+/g)].map((m) => m[0]),
    );
    expect(queried.size).toBeGreaterThan(5);
    expect([...queried].filter((name) => !exported.has(name))).toEqual([]);
  });

  it("lets it repair drift, record repeated Events and release everything on delete", async () => {
    const tenant = set.tenantNamespace;
    // Removed out of band twice: the second repair bumps the count of the same Event.
    for (const count of ["1", "2"]) {
      const removed = await kafkaAclsAsync(kafka.destination, [
        "--remove",
        "--force",
        "--allow-principal",
        "User:alice",
        "--operation",
        "Read",
        "--topic",
        "team-a.orders",
      ]);
      expect(removed.status, removed.stderr).toBe(0);
      await expect
        .poll(
          async () =>
            (
              await kubectlAsync(kube.kubeconfigPath, [
                "-n",
                tenant,
                "get",
                "events",
                "--field-selector=involvedObject.name=alice-reads-orders,reason=DriftRepaired",
                "-o",
                "jsonpath={.items[*].count}",
              ])
            ).stdout,
          { timeout: 30_000, interval: 500 },
        )
        .toBe(count);
    }
    await deleteInOrder(kube.kubeconfigPath, [...set.verdicts.keys()]);
  });

  it("was never refused, and used every permission the chart grants", async () => {
    const finalMetrics = await metrics();
    // Stopping releases the Lease: its reads and updates are part of the work.
    await operator?.stop();
    operator = undefined;
    const username = `system:serviceaccount:${set.clusterNamespace}:${serviceAccount}`;
    const { used, forbidden } = auditedRequests(kube.auditLogPath, username);
    const granted = grantedPermissions(objects, set.clusterNamespace, serviceAccount);
    const { unused, unservedKinds } = unusedGrants(granted, used, customKinds());
    expect({ refused: [...new Set(forbidden)], grantedButNeverUsed: unused }).toEqual({
      refused: [],
      grantedButNeverUsed: [],
    });
    // The operator's own count of its requests agrees with what the API server saw.
    expect([...requestedPermissions(finalMetrics)].sort()).toEqual([...used].sort());
    // Kinds with a CRD but no reconciler yet get their grants from crds/ like every kind, and
    // are held to them once the operator watches them.
    if (unservedKinds.length > 0) {
      console.log(`granted for kinds the operator does not serve yet: ${unservedKinds.join(", ")}`);
    }
  });
});
