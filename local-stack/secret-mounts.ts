// Emulates the kubelet's Secret volumes for the local Connect worker, which runs as a process
// and not in a pod: the keys of chosen Secrets are written as files under the mount path the
// local ConnectCluster declares, one folder per Secret (<mountPath>/<secret>/<key>), rewritten
// when a Secret changes and removed with it. Each file is replaced atomically (written aside,
// then renamed), so a worker never reads half a keytab. Chosen either by name in one namespace,
// as a pod spec lists its Secret volumes, or by a label in every namespace (what the local
// stack runs for `dev` and the e2e tests; a name used in two namespaces is the last one written).
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CoreV1Api, KubeConfig, makeInformer, type V1Secret } from "@kubernetes/client-node";

export interface SecretMounts {
  /** Resolves once `name`'s data as of now is on disk; rejects after `timeoutMs`. */
  whenMounted(name: string, timeoutMs?: number, namespace?: string): Promise<void>;
  stop(): Promise<void>;
}

/** The label that has the local stack's syncer mount a Secret of any namespace for the local Connect worker. */
export const SECRET_MOUNT_LABEL = "local-stack.kafkaaccess.io/mount";

export async function mountSecrets(
  options: { kubeconfigPath: string; mountPath: string } & (
    | {
        namespace: string;
        /** The Secrets to mount, as a pod spec would list its Secret volumes. */
        names: readonly string[];
      }
    | { labelSelector: string }
  ),
): Promise<SecretMounts> {
  const { mountPath } = options;
  const namespace = "namespace" in options ? options.namespace : undefined;
  const names = "names" in options ? new Set(options.names) : undefined;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(options.kubeconfigPath);
  const api = kubeConfig.makeApiClient(CoreV1Api);
  /** The resourceVersions written, per Secret. */
  const written = new Map<string, Set<string>>();
  let isStopped = false;

  const write = (secret: V1Secret) => {
    const name = secret.metadata?.name ?? "";
    if (names && !names.has(name)) return;
    const dir = join(mountPath, name);
    mkdirSync(dir, { recursive: true });
    const data = secret.data ?? {};
    for (const [key, value] of Object.entries(data)) {
      const aside = join(dir, `..${key}.tmp`);
      writeFileSync(aside, Buffer.from(value, "base64"), { mode: 0o600 });
      renameSync(aside, join(dir, key));
    }
    for (const file of readdirSync(dir)) if (!(file in data)) rmSync(join(dir, file), { force: true });
    written.set(name, (written.get(name) ?? new Set()).add(secret.metadata?.resourceVersion ?? ""));
  };
  const remove = (secret: V1Secret) => {
    const name = secret.metadata?.name ?? "";
    if (names && !names.has(name)) return;
    rmSync(join(mountPath, name), { recursive: true, force: true });
    written.delete(name);
  };

  const labelSelector = "labelSelector" in options ? options.labelSelector : undefined;
  const informer = namespace
    ? makeInformer<V1Secret>(kubeConfig, `/api/v1/namespaces/${namespace}/secrets`, () =>
        api.listNamespacedSecret({ namespace }),
      )
    : makeInformer<V1Secret>(
        kubeConfig,
        "/api/v1/secrets",
        () => api.listSecretForAllNamespaces({ labelSelector }),
        labelSelector,
      );
  informer.on("add", write);
  informer.on("update", write);
  informer.on("delete", remove);
  informer.on("error", () => {
    // The API server went away (a restart test): list and watch again, as the kubelet would.
    if (!isStopped) setTimeout(() => informer.start().catch(() => undefined), 500);
  });
  await informer.start();

  return {
    async whenMounted(name, timeoutMs = 30_000, inNamespace = namespace) {
      if (!inNamespace) throw new Error(`whenMounted("${name}") needs the Secret's namespace`);
      const current =
        (await api.readNamespacedSecret({ name, namespace: inNamespace })).metadata?.resourceVersion ?? "";
      const deadline = Date.now() + timeoutMs;
      while (written.get(name)?.has(current) !== true) {
        if (Date.now() > deadline)
          throw new Error(`Secret "${inNamespace}/${name}" was not mounted within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      isStopped = true;
      await informer.stop();
    },
  };
}
