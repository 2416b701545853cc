// What the install tests do on the real API server through kubectl: apply, read verdicts,
// mint a ServiceAccount token (TokenRequest) and write a kubeconfig that uses it.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import type { KubeInfo } from "../env/kube-apiserver.ts";

export interface KubectlResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function kubectl(kubeconfigPath: string, args: readonly string[], input?: string): KubectlResult {
  const r = spawnSync("kubectl", ["--kubeconfig", kubeconfigPath, ...args], { encoding: "utf8", input });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function mustKubectl(kubeconfigPath: string, args: readonly string[], input?: string): string {
  const r = kubectl(kubeconfigPath, args, input);
  if (r.status !== 0) throw new Error(`kubectl ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

/** Server-side apply of objects (as the operator's users would apply files). */
export function applyObjects(kubeconfigPath: string, objects: readonly object[]): void {
  const list = JSON.stringify({ apiVersion: "v1", kind: "List", items: objects });
  mustKubectl(kubeconfigPath, ["apply", "--server-side", "--field-manager=install-test", "-f", "-"], list);
}

/**
 * A kubeconfig (CA embedded, so it can be mounted alone) for ServiceAccount `namespace/name`,
 * with a token from the TokenRequest API: what the pod of the chart's Deployment would get.
 */
export function writeServiceAccountKubeconfig(
  kube: KubeInfo,
  namespace: string,
  name: string,
  path: string,
): string {
  const token = mustKubectl(kube.kubeconfigPath, [
    "-n",
    namespace,
    "create",
    "token",
    name,
    "--duration=2h",
  ]).trim();
  const ca = readFileSync(kube.caPath).toString("base64");
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "local", cluster: { server: kube.server, "certificate-authority-data": ca } }],
      users: [{ name, user: { token } }],
      contexts: [{ name, context: { cluster: "local", user: name, namespace } }],
      "current-context": name,
    }),
    { mode: 0o644 },
  );
  return path;
}

/** `kind/namespace/name` → "status/reason" of its Ready condition ("" when it has none). */
export function readVerdicts(kubeconfigPath: string, keys: Iterable<string>): Map<string, string> {
  const verdicts = new Map<string, string>();
  for (const key of keys) {
    const [kind, namespace, name] = key.split("/") as [string, string, string];
    const r = kubectl(kubeconfigPath, [
      "-n",
      namespace,
      "get",
      `${kind}/${name}`,
      "-o",
      `jsonpath={.status.conditions[?(@.type=="Ready")].status}/{.status.conditions[?(@.type=="Ready")].reason}`,
    ]);
    verdicts.set(key, r.status === 0 && r.stdout !== "/" ? r.stdout : "");
  }
  return verdicts;
}

const matches = (actual: string, wanted: string) =>
  wanted.endsWith("/") ? actual.startsWith(wanted) : actual === wanted;

/** Polls (bounded) until every resource's Ready verdict is the wanted one; throws listing the others. */
export async function waitForVerdicts(
  kubeconfigPath: string,
  wanted: ReadonlyMap<string, string>,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending: string[] = [];
  while (Date.now() < deadline) {
    const actual = readVerdicts(kubeconfigPath, wanted.keys());
    pending = [...wanted]
      .filter(([k, w]) => !matches(actual.get(k) ?? "", w))
      .map(([k, w]) => `${k}: "${actual.get(k)}", want "${w}"`);
    if (pending.length === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`not every resource reached its verdict after ${timeoutMs} ms:\n${pending.join("\n")}`);
}

/** Deletes resources and waits (bounded) until their finalizers are gone with them. */
export async function deleteAndWait(kubeconfigPath: string, keys: readonly string[], timeoutMs = 60_000) {
  for (const key of keys) {
    const [kind, namespace, name] = key.split("/") as [string, string, string];
    mustKubectl(kubeconfigPath, ["-n", namespace, "delete", `${kind}/${name}`, "--wait=false"]);
  }
  const deadline = Date.now() + timeoutMs;
  let left = keys;
  while (Date.now() < deadline) {
    left = left.filter((key) => {
      const [kind, namespace, name] = key.split("/") as [string, string, string];
      return kubectl(kubeconfigPath, ["-n", namespace, "get", `${kind}/${name}`, "-o", "name"]).status === 0;
    });
    if (left.length === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`still there after ${timeoutMs} ms: ${left.join(", ")}`);
}
