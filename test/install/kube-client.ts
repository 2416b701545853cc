// What the install tests do on the real API server through kubectl: apply, read verdicts,
// mint a ServiceAccount token (TokenRequest) and write a kubeconfig that uses it. Everything
// that waits runs kubectl asynchronously: an operator may share this process's event loop.
import { execFile, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import type { KubeInfo } from "../../local-stack/kube-apiserver.ts";

export interface KubectlResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function kubectl(kubeconfigPath: string, args: readonly string[], input?: string): KubectlResult {
  const r = spawnSync("kubectl", ["--kubeconfig", kubeconfigPath, ...args], { encoding: "utf8", input });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function mustKubectl(kubeconfigPath: string, args: readonly string[], input?: string): string {
  const r = kubectl(kubeconfigPath, args, input);
  if (r.status !== 0) throw new Error(`kubectl ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

/** kubectl without blocking the event loop. */
export function kubectlAsync(kubeconfigPath: string, args: readonly string[]): Promise<KubectlResult> {
  return new Promise((resolve) => {
    execFile(
      "kubectl",
      ["--kubeconfig", kubeconfigPath, ...args],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        resolve({ status: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

/** Server-side apply of objects (as the operator's users would apply files). */
export function applyObjects(kubeconfigPath: string, objects: readonly object[]): void {
  const list = JSON.stringify({ apiVersion: "v1", kind: "List", items: objects });
  mustKubectl(kubeconfigPath, ["apply", "--server-side", "--field-manager=install-test", "-f", "-"], list);
}

/** Applies files or folders (CRDs among them) and waits until the API server serves every CRD. */
export function applyAndWaitForCrds(kubeconfigPath: string, path: string): void {
  mustKubectl(kubeconfigPath, ["apply", "--server-side", "--force-conflicts", "-f", path]);
  mustKubectl(kubeconfigPath, ["wait", "--for=condition=Established", "--all", "crd", "--timeout=60s"]);
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
    // Readable by the image's non-root user, which the file is mounted for.
    { mode: 0o644 },
  );
  return path;
}

interface Listed {
  kind: string;
  metadata: { namespace: string; name: string };
  status?: { conditions?: { type: string; status: string; reason?: string }[] };
}

/**
 * `kind/namespace/name` (kind in lower case) → "status/reason" of its Ready condition ("" when it
 * has none) of every resource of the kafkaaccess category there is, from one listing.
 */
async function listVerdicts(kubeconfigPath: string): Promise<Map<string, string>> {
  const r = await kubectlAsync(kubeconfigPath, ["get", "kafkaaccess", "--all-namespaces", "-o", "json"]);
  if (r.status !== 0) throw new Error(`kubectl get kafkaaccess failed: ${r.stderr}`);
  const verdicts = new Map<string, string>();
  for (const item of (JSON.parse(r.stdout) as { items: Listed[] }).items) {
    const ready = item.status?.conditions?.find((c) => c.type === "Ready");
    const key = `${item.kind.toLowerCase()}/${item.metadata.namespace}/${item.metadata.name}`;
    verdicts.set(key, ready ? `${ready.status}/${ready.reason ?? ""}` : "");
  }
  return verdicts;
}

/** The Ready verdicts of `keys` ("" for a resource without one, or absent). */
export async function readVerdicts(
  kubeconfigPath: string,
  keys: Iterable<string>,
): Promise<Map<string, string>> {
  const all = await listVerdicts(kubeconfigPath);
  return new Map([...keys].map((key) => [key, all.get(key) ?? ""]));
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
    const actual = await readVerdicts(kubeconfigPath, wanted.keys());
    pending = [...wanted]
      .filter(([k, w]) => !matches(actual.get(k) ?? "", w))
      .map(([k, w]) => `${k}: "${actual.get(k)}", want "${w}"`);
    if (pending.length === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`not every resource reached its verdict after ${timeoutMs} ms:\n${pending.join("\n")}`);
}

/**
 * The order in which a user removes resources so each can still reach what it cleans up: the
 * ones that use a cluster (their finalizers call Kafka and Connect through it), then the
 * ConnectClusters, then the KafkaClusters.
 */
const DELETION_TIERS: readonly (readonly string[])[] = [
  ["kafkaacl", "clusterlink", "connectorprincipal"],
  ["connectcluster"],
  ["kafkacluster"],
];

/** Deletes resources tier by tier (DELETION_TIERS), each waited for as deleteAndWait does. */
export async function deleteInOrder(kubeconfigPath: string, keys: readonly string[]) {
  for (const tier of DELETION_TIERS) {
    const inTier = keys.filter((key) => tier.includes(key.split("/")[0] as string));
    if (inTier.length > 0) await deleteAndWait(kubeconfigPath, inTier);
  }
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
    const present = await listVerdicts(kubeconfigPath);
    left = keys.filter((key) => present.has(key));
    if (left.length === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`still there after ${timeoutMs} ms: ${left.join(", ")}`);
}
