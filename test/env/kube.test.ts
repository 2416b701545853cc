import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { useStack } from "./use-stack.ts";

const { kube } = await useStack("kube");
const kubectl = (kubeconfig: string, ...args: string[]) =>
  spawnSync("kubectl", ["--kubeconfig", kubeconfig, ...args], { encoding: "utf8" });

describe("the local Kubernetes API server", () => {
  it("answers the preinstalled kubectl through the written kubeconfig with its pinned version", () => {
    const out = execFileSync("kubectl", ["--kubeconfig", kube.kubeconfigPath, "version", "-o", "json"], {
      encoding: "utf8",
    });
    const version = JSON.parse(out) as { serverVersion: { gitVersion: string; major: string } };
    expect(version.serverVersion.gitVersion).toBe(kube.version);
    expect(version.serverVersion.gitVersion).toMatch(/^v1\.(3[3-9])\.\d+$/);
    expect(kubectl(kube.kubeconfigPath, "get", "namespaces", "-o", "name").stdout).toContain(
      "namespace/default",
    );
  });

  it("lets the admin create a namespace and a configmap in it", () => {
    expect(kubectl(kube.kubeconfigPath, "create", "namespace", "kube-smoke").status).toBe(0);
    expect(
      kubectl(kube.kubeconfigPath, "-n", "kube-smoke", "create", "configmap", "c", "--from-literal=a=b")
        .status,
    ).toBe(0);
    expect(
      kubectl(kube.kubeconfigPath, "-n", "kube-smoke", "get", "configmap", "c", "-o", "jsonpath={.data.a}")
        .stdout,
    ).toBe("b");
  });

  it("authenticates the token user but RBAC grants it nothing", () => {
    const whoami = kubectl(
      kube.tenantKubeconfigPath,
      "auth",
      "whoami",
      "-o",
      "jsonpath={.status.userInfo.username}",
    );
    expect(whoami.stdout).toBe(kube.tenantUser);
    const canI = kubectl(kube.tenantKubeconfigPath, "auth", "can-i", "create", "configmaps", "-n", "default");
    expect(canI.stdout.trim()).toBe("no");
    const create = kubectl(kube.tenantKubeconfigPath, "-n", "default", "create", "configmap", "x");
    expect(create.status).not.toBe(0);
    expect(create.stderr).toContain(`User "${kube.tenantUser}" cannot create resource "configmaps"`);
  });
});
