// The rendered chart (both RBAC modes) and deploy/install.yaml, as the real API server would
// take them: a server-side dry-run apply validates every object against the server's schemas
// (the CRDs included) without creating anything.
import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { parseManifests, renderChart } from "./helm.ts";
import { kubectl } from "./kube-client.ts";

describe("a server-side dry run", () => {
  const { kube } = inject("stack");
  const dryRun = (text: string) =>
    kubectl(
      kube.kubeconfigPath,
      ["apply", "--server-side", "--dry-run=server", "--force-conflicts", "-f", "-"],
      text,
    );

  it("accepts deploy/install.yaml", () => {
    // A dry run creates nothing, so the Namespace it brings must exist for the objects in it.
    kubectl(kube.kubeconfigPath, ["create", "namespace", "kafka-system"]);
    const r = dryRun(readFileSync("deploy/install.yaml", "utf8"));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("deployment.apps/kafka-access-operator serverside-applied (server dry run)");
  });

  it.each([
    ["cluster-wide", {}],
    ["namespaced, three replicas", { replicas: 3, watchNamespaces: ["dry-run-a"] }],
  ])("accepts the chart rendered %s", (_, values) => {
    // Namespaces the chart installs into are the user's to create; the dry run needs them.
    const r0 = kubectl(kube.kubeconfigPath, ["create", "namespace", "dry-run-a"]);
    expect([0, 1]).toContain(r0.status);
    const objects = parseManifests(renderChart({ release: "dry-run", namespace: "dry-run-a", values }));
    const r = dryRun(JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(objects.length);
  });
});
