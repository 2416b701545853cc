// The rendered chart (both RBAC modes) and deploy/install.yaml, as the real API server would
// take them: a server-side dry-run apply validates every object against the server's schemas
// (the CRDs included) without creating anything.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import { parseManifests, renderChart } from "./helm.ts";
import { kubectl } from "./kube-client.ts";

const { kube } = await useStack("kube");

const dryRun = (text: string) =>
  kubectl(
    kube.kubeconfigPath,
    ["apply", "--server-side", "--dry-run=server", "--force-conflicts", "-f", "-"],
    text,
  );

/** A dry run creates nothing, so the namespaces its objects live in must exist already. */
function ensureNamespace(name: string): void {
  const r = kubectl(kube.kubeconfigPath, ["create", "namespace", name]);
  if (r.status !== 0) expect(r.stderr).toContain("AlreadyExists");
}

describe("a server-side dry run", () => {
  it("accepts deploy/install.yaml", () => {
    ensureNamespace("kafka-system");
    const text = readFileSync("deploy/install.yaml", "utf8");
    const r = dryRun(text);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("deployment.apps/kafka-access-operator serverside-applied (server dry run)");
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(parseManifests(text).length);
  });

  it.each([
    ["cluster-wide", {}],
    ["namespaced, three replicas", { replicas: 3, watchNamespaces: ["dry-run-a"] }],
  ])("accepts the chart rendered %s", (_, values) => {
    ensureNamespace("dry-run-a");
    const objects = parseManifests(renderChart({ release: "dry-run", namespace: "dry-run-a", values }));
    const r = dryRun(JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(objects.length);
  });
});
