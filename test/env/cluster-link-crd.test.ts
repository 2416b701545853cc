// The generated ClusterLink CRD on the real API server: the same accepted and rejected specs zod
// is tested with (test/fixtures/cluster-link-specs.ts) meet the CEL rules, defaults are filled
// in, and kubectl shows the printer columns.
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { acceptedSpecs, mm2, rejectedSpecs } from "../fixtures/cluster-link-specs.ts";
import { useStack } from "./use-stack.ts";

const { kube } = await useStack("kube");
const kubectl = (args: string[], input?: string) =>
  spawnSync("kubectl", ["--kubeconfig", kube.kubeconfigPath, ...args], { encoding: "utf8", input });

const namespace = "cluster-link-crd";
const clusterLink = (spec: unknown, name: string) =>
  JSON.stringify({
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind: "ClusterLink",
    metadata: { name, namespace },
    spec,
  });

describe("the ClusterLink CRD on the real API server", () => {
  beforeAll(() => {
    const applied = kubectl([
      "apply",
      "--server-side",
      "--field-manager=kafka-access-operator",
      "-f",
      "crds/",
    ]);
    expect(applied.status, applied.stderr).toBe(0);
    const established = kubectl([
      "wait",
      "--for=condition=Established",
      "--timeout=60s",
      "crd/clusterlinks.kafkaaccess.io",
    ]);
    expect(established.status, established.stderr).toBe(0);
    kubectl(["create", "namespace", namespace]);
  });

  it("accepts a MirrorMaker 2 link, fills in defaults and shows its columns", () => {
    const created = kubectl(["apply", "-f", "-"], clusterLink(mm2, "mm2"));
    expect(created.status, created.stderr).toBe(0);
    const spec = JSON.parse(
      kubectl(["-n", namespace, "get", "clusterlink", "mm2", "-o", "jsonpath={.spec}"]).stdout,
    );
    expect(spec).toMatchObject({
      mirrors: { topics: [{ name: "orders", state: "active" }] },
      consumerOffsets: { enabled: false },
      aclSync: { enabled: false },
      mirrorMaker2: { heartbeats: false },
      paused: false,
      deletionPolicy: "Delete",
      dryRun: false,
    });
    const table = kubectl(["-n", namespace, "get", "klink"]).stdout;
    expect(table).toMatch(/NAME\s+SOURCE\s+DESTINATION\s+BACKEND\s+MIRRORS\s+READY\s+REASON\s+AGE/);
    expect(table).toMatch(/mm2\s+destination\s+mirrorMaker2/);
  });

  it.each(acceptedSpecs.map((row, index) => ({ ...row, name: `accepted-${index}` })))(
    "accepts $why",
    ({ spec, name }) => {
      const created = kubectl(["create", "-f", "-"], clusterLink(spec, name));
      expect(created.status, created.stderr).toBe(0);
    },
  );

  it.each(rejectedSpecs)("rejects a ClusterLink when $why", ({ spec, message, apiServerMessage }) => {
    const created = kubectl(["create", "-f", "-"], clusterLink(spec, "invalid"));
    expect(created.status).not.toBe(0);
    expect(created.stderr).toContain(apiServerMessage ?? message);
  });
});
