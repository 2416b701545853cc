// What a ConnectorPrincipal reads of its ConnectCluster: the KafkaCluster the workers run on
// (where the principal's ACLs go), the workers' group and offsets topic (which a source's
// exactly-once ACLs name), and how the workers reach a Secret: the config provider that
// resolves variables, and where Secrets are mounted as files. Pure: the ConnectCluster comes in
// as the cache holds it; kinds do not import each other, so its spec is read here, not imported.
import { z } from "zod";
import type { ConfigProvider, MountedFiles } from "../../credentials/client-properties.ts";
import { kafkaClusterName } from "../shared/kafka-cluster-reference.ts";
import type { WorkerSettings } from "./connector-access.ts";
import type { WorkerSecrets } from "./override-properties.ts";

/** The fields of a ConnectCluster's spec read here, with the CRD's defaults. */
const workersSpecSchema = z.object({
  kafkaClusterRef: z.object({ name: z.string().min(1), namespace: z.string().min(1).optional() }),
  groupId: z.string().min(1),
  offsetTopic: z.string().min(1).default("connect-offsets"),
  configProvider: z
    .object({
      name: z.string().min(1).default("secrets"),
      kind: z.enum(["kubernetesSecrets", "directory", "file"]).default("kubernetesSecrets"),
    })
    .default({ name: "secrets", kind: "kubernetesSecrets" }),
  secretMountPath: z.string().min(2).optional(),
});

export type ConnectWorkers =
  | {
      readonly isUsable: true;
      /** "namespace/name" of the KafkaCluster the workers run on. */
      readonly kafkaCluster: string;
      readonly workers: WorkerSettings & WorkerSecrets;
    }
  | {
      readonly isUsable: false;
      /** ConnectClusterNotReady: its spec cannot be read; the others: no Secret can reach the workers. */
      readonly reason: "ConnectClusterNotReady" | "ConfigProviderUnsupported" | "SecretMountUnknown";
      readonly message: string;
    };

/**
 * The workers of the ConnectCluster `name` ("namespace/name", its `spec` as cached), for a
 * ConnectorPrincipal whose Secrets live in `secretNamespace`.
 */
export function connectWorkersOf(
  cluster: { readonly name: string; readonly spec: unknown },
  secretNamespace: string,
): ConnectWorkers {
  const parsed = workersSpecSchema.safeParse(cluster.spec);
  if (!parsed.success) {
    return {
      isUsable: false,
      reason: "ConnectClusterNotReady",
      message: `ConnectCluster "${cluster.name}" cannot be read: ${z.prettifyError(parsed.error)}`,
    };
  }
  const spec = parsed.data;
  const { name, kind } = spec.configProvider;
  let provider: ConfigProvider;
  if (kind === "kubernetesSecrets") {
    provider = { kind, name, namespace: secretNamespace };
  } else if (kind === "directory" && spec.secretMountPath !== undefined) {
    provider = { kind, name, root: spec.secretMountPath };
  } else if (kind === "directory") {
    return {
      isUsable: false,
      reason: "SecretMountUnknown",
      message: `ConnectCluster "${cluster.name}" resolves Secrets with a directory config provider but does not say where its workers mount them (secretMountPath)`,
    };
  } else {
    return {
      isUsable: false,
      reason: "ConfigProviderUnsupported",
      message: `ConnectCluster "${cluster.name}" has a FileConfigProvider, which reads properties files, not Secret keys; give it a kubernetesSecrets or directory provider`,
    };
  }
  const root = spec.secretMountPath;
  const mounts: MountedFiles | undefined =
    root === undefined ? undefined : { pathOf: (ref) => `${root}/${ref.name}/${ref.key}` };
  const clusterNamespace = cluster.name.slice(0, cluster.name.indexOf("/"));
  return {
    isUsable: true,
    kafkaCluster: kafkaClusterName(spec.kafkaClusterRef, clusterNamespace),
    workers: { groupId: spec.groupId, offsetTopic: spec.offsetTopic, provider, mounts },
  };
}
