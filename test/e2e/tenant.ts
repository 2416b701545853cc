// Acting as a tenant in the tenancy e2e tests: a Kubernetes user (the API server's token user)
// whose RBAC allows only the named resources, and their status, in the test's namespace. Plus
// what an attack test needs around it: ACLs made out of band.
import { spawnSync } from "node:child_process";
import { expect } from "vitest";
import type { KafkaClusterInfo } from "../../local-stack/kafka.ts";
import { kafkaAcls } from "../../local-stack/kafka-tools.ts";
import { useStack } from "../env/use-stack.ts";
import type { OperatorFixture } from "./operator-fixture.ts";

export interface Tenant {
  /** kubectl as the tenant in its namespace; throws with kubectl's message when refused. */
  kubectl(args: readonly string[], input?: string): string;
  apply(manifest: object): string;
  /** Adds `key` to the first ledger in the resource's status, as a tenant allowed to write status could. */
  forgeLedger(resource: string, key: string): void;
}

/** Grants the token user `resources` (plural names of kafkaaccess.io) and their status in `f`'s namespace. */
export async function startTenant(f: OperatorFixture, resources: readonly string[]): Promise<Tenant> {
  const { kube } = await useStack("kube");
  f.apply({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: "tenant" },
    rules: [
      {
        apiGroups: ["kafkaaccess.io"],
        resources: resources.flatMap((r) => [r, `${r}/status`]),
        verbs: ["get", "list", "watch", "create", "update", "patch", "delete"],
      },
    ],
  });
  f.apply({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "tenant" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "tenant" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: kube.tenantUser }],
  });
  const kubectl = (args: readonly string[], input?: string) => {
    const r = spawnSync("kubectl", ["--kubeconfig", kube.tenantKubeconfigPath, "-n", f.namespace, ...args], {
      encoding: "utf8",
      input,
    });
    if (r.status !== 0) throw new Error(`kubectl (as the tenant) ${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
  };
  return {
    kubectl,
    apply: (manifest) => kubectl(["apply", "-f", "-"], JSON.stringify(manifest)),
    forgeLedger(resource, key) {
      const [ledger, ...others] = JSON.parse(kubectl(["get", resource, "-o", "json"])).status.aclLedgers;
      const forged = { ...ledger, count: ledger.count + 1, bindings: [...ledger.bindings, key] };
      const patch = JSON.stringify({ status: { aclLedgers: [forged, ...others] } });
      kubectl(["patch", resource, "--subresource=status", "--type=merge", "-p", patch]);
    },
  };
}

/** Adds a Read ACL with kafka-acls, as the platform team (or the victim's own tooling) would. */
export function grantReadOutOfBand(cluster: KafkaClusterInfo, principal: string, topic: string): void {
  const added = kafkaAcls(cluster, [
    "--add",
    "--allow-principal",
    principal,
    "--operation",
    "Read",
    "--topic",
    topic,
  ]);
  expect(added.status, added.stderr).toBe(0);
}

/** How kafka-acls lists an ACL on `topic`. */
export const onTopic = (topic: string) => `name=${topic}, patternType=LITERAL`;
