// The chart through helm itself: lint and template with default and other values, a bad value
// refused with the schema's message, every operator setting reachable from values, sharded
// releases kept apart, and the generated files (the chart's CRDs, deploy/install.yaml) fresh.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { describeSettings } from "../../src/config/operator-config.ts";
import {
  CHART,
  customKinds,
  deploymentSettings,
  helm,
  helmPath,
  parseManifests,
  renderChart,
} from "./helm.ts";
import { grantedPermissions } from "./rbac-audit.ts";

const NON_DEFAULT = {
  replicas: 3,
  watchNamespaces: ["kafka-system", "team-a"],
  image: { repository: "registry.example/kafka-access-operator", digest: `sha256:${"a".repeat(64)}` },
  config: {
    labelSelector: "shard=a",
    resyncPeriod: "5m",
    dryRun: true,
    logLevel: "debug",
    kubeconfig: "/etc/k/config",
  },
  metrics: {
    serviceMonitor: { enabled: true },
    prometheusRule: { enabled: true },
    grafanaDashboard: { enabled: true },
  },
};

describe("the chart", () => {
  it.each([
    ["default values", {}],
    ["every option changed", NON_DEFAULT],
  ])("passes helm lint with %s", (_, values) => {
    const r = spawnSync(helmPath(), ["lint", CHART, "--strict", "--values", "-"], {
      encoding: "utf8",
      input: JSON.stringify(values),
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it("renders a hardened single-replica Deployment with default values", () => {
    const objects = parseManifests(renderChart());
    expect(objects.map((o) => o.kind).sort()).toEqual(
      [
        "ClusterRole",
        "ClusterRoleBinding",
        "Deployment",
        "Role",
        "RoleBinding",
        "Service",
        "ServiceAccount",
      ].sort(),
    );
    const pod = (
      objects.find((o) => o.kind === "Deployment") as unknown as { spec: { template: { spec: PodSpec } } }
    ).spec.template.spec;
    const container = pod.containers[0]!;
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(container.livenessProbe.httpGet.path).toBe("/healthz");
    expect(container.readinessProbe.httpGet.path).toBe("/readyz");
    expect(container.resources.limits.memory).toBeDefined();
  });

  it("renders leader election, a PodDisruptionBudget and the monitoring objects when asked", () => {
    const objects = parseManifests(renderChart({ values: NON_DEFAULT }));
    const kinds = objects.map((o) => o.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(["PodDisruptionBudget", "ServiceMonitor", "PrometheusRule", "ConfigMap"]),
    );
    expect(kinds).not.toContain("ClusterRole");
    const settings = deploymentSettings(objects, "pod");
    expect(settings).toMatchObject({
      KAO_LEADER_ELECT: "true",
      KAO_NAMESPACES: "kafka-system,team-a",
      KAO_DRY_RUN: "true",
    });
    expect(JSON.stringify(objects)).toContain(
      `registry.example/kafka-access-operator@sha256:${"a".repeat(64)}`,
    );
  });

  it("reaches every operator setting from values", () => {
    const objects = parseManifests(
      renderChart({
        values: {
          ...NON_DEFAULT,
          config: { ...NON_DEFAULT.config, leaseRenewDeadline: "8s", leaseRetryPeriod: "2s" },
        },
      }),
    );
    const set = Object.keys(deploymentSettings(objects, "pod"));
    expect(
      describeSettings()
        .map((s) => s.env)
        .filter((env) => !set.includes(env)),
    ).toEqual([]);
  });

  it.each([
    [
      "replicas without leader election",
      { replicas: 2, leaderElection: { enabled: false } },
      "/leaderElection/enabled': value must be true",
    ],
    [
      "a duration the operator cannot read",
      { config: { resyncPeriod: "often" } },
      "/config/resyncPeriod': 'often' does not match pattern",
    ],
    ["too many workers", { config: { workers: 65 } }, "/config/workers': maximum: got 65, want 64"],
    [
      "a namespace name Kubernetes refuses",
      { watchNamespaces: ["Team_A"] },
      "/watchNamespaces/0': 'Team_A' does not match pattern",
    ],
    ["a misspelt value", { replica: 2 }, "additional properties 'replica' not allowed"],
    ["an unknown log level", { config: { logLevel: "verbose" } }, "/config/logLevel': value must be one of"],
  ])("rejects %s with the schema's message", (_, values, message) => {
    expect(() => renderChart({ values })).toThrow(message);
  });

  it("keeps sharded releases apart: own names, own Lease, own label selector", () => {
    const shard = (name: string) =>
      parseManifests(
        renderChart({ release: name, values: { config: { labelSelector: `kafkaaccess.io/shard=${name}` } } }),
      );
    const [a, b] = [shard("shard-a"), shard("shard-b")];
    const names = (objects: typeof a) => objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names(a).filter((n) => names(b).includes(n))).toEqual([]);
    expect(deploymentSettings(a, "pod")).toMatchObject({
      KAO_LEASE_NAME: "shard-a-kafka-access-operator",
      KAO_LABEL_SELECTOR: "kafkaaccess.io/shard=shard-a",
    });
    expect(deploymentSettings(b, "pod")).toMatchObject({
      KAO_LEASE_NAME: "shard-b-kafka-access-operator",
      KAO_LABEL_SELECTOR: "kafkaaccess.io/shard=shard-b",
    });
  });

  it("grants every kind in crds/ the operator's reads and status writes, with no edit per kind", () => {
    const granted = grantedPermissions(
      parseManifests(renderChart()),
      "kafka-system",
      "kao-kafka-access-operator",
    );
    const kinds = [...customKinds("crds")];
    expect(kinds).not.toEqual([]);
    for (const kind of kinds) {
      for (const verb of ["list", "watch"]) expect(granted).toContain(`${verb} ${kind}`);
      expect(granted).toContain(`patch ${kind}/status`);
    }
  });

  it("carries the generated CRDs, and deploy/install.yaml is the chart with default values", () => {
    helmPath();
    const r = spawnSync("bash", ["deploy/render.sh", "--check"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });

  it("shows its CRDs through helm show crds", () => {
    expect(helm(["show", "crds", CHART]).stdout).toContain("kind: CustomResourceDefinition");
  });
});

interface PodSpec {
  securityContext: object;
  containers: {
    securityContext: object;
    livenessProbe: { httpGet: { path: string } };
    readinessProbe: { httpGet: { path: string } };
    resources: { limits: { memory?: string } };
  }[];
}
