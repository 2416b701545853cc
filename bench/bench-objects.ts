// The objects every bench run works on: a namespace per run (operator or baseline) holding the
// stack's destination cluster as KafkaCluster "destination" with the operator's admin Secret,
// and N KafkaAcls of 5 bindings each (DESIGN.md §5): a consumer of one topic in one group
// (Read and Describe on the topic, Read on the group) and a producer to another topic (Write
// and Describe, written out), each resource with a principal and names of its own.
import { type KubeConfig, type KubernetesObject, KubernetesObjectApi } from "@kubernetes/client-node";
import type { KafkaClusterInfo } from "../local-stack/kafka.ts";
import type { AclBinding } from "../src/access/acl-binding.ts";
import { desiredBindings } from "../src/kinds/kafka-acl/desired-bindings.ts";
import { kafkaAclSpecSchema } from "../src/kinds/kafka-acl/schema.ts";
import { inParallel } from "./baselines.ts";

export const BINDINGS_PER_ACL = 5;

export function kafkaAclSpec(namespace: string, i: number) {
  return {
    clusterRef: { name: "destination" },
    principal: `User:${namespace}-app-${i}`,
    roles: [
      { type: "consumer", topic: { name: `${namespace}-t${i}` }, group: { name: `${namespace}-g${i}` } },
    ],
    bindings: [producerBinding(namespace, i)],
  };
}

/** Write and Describe on the topic the resource produces to (the role would add Create). */
export function producerBinding(namespace: string, i: number) {
  return { resourceType: "topic", name: `${namespace}-o${i}`, operations: ["Write", "Describe"] };
}

/** The bindings the operator derives from `kafkaAclSpec(namespace, i)`, for the baselines to write. */
export function kafkaAclBindings(namespace: string, i: number): AclBinding[] {
  const bindings = [...desiredBindings(kafkaAclSpecSchema.parse(kafkaAclSpec(namespace, i))).bindings];
  if (bindings.length !== BINDINGS_PER_ACL) {
    throw new Error(`a bench KafkaAcl expands to ${bindings.length} bindings, not ${BINDINGS_PER_ACL}`);
  }
  return bindings;
}

export const aclName = (i: number) => `app-${i}`;

/** The label putting KafkaAcls in chunks of 500, so they can be deleted a chunk per request. */
export const CHUNK_LABEL = "bench.kafkaaccess.io/chunk";
export const CHUNK_SIZE = 500;

/** The namespace with its KafkaCluster and Secret, then `count` KafkaAcls, created 16 at a time. */
export async function createBenchNamespace(
  kubeConfig: KubeConfig,
  namespace: string,
  destination: KafkaClusterInfo,
  count: number,
  extra: readonly KubernetesObject[] = [],
): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  const inNamespace = (o: KubernetesObject) => ({ ...o, metadata: { ...o.metadata, namespace } });
  await api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
  const setUp: KubernetesObject[] = [
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "admin" },
      stringData: { password: destination.scramUsers["kao-admin"]! },
    } as KubernetesObject,
    {
      apiVersion: "kafkaaccess.io/v1alpha1",
      kind: "KafkaCluster",
      metadata: { name: "destination" },
      spec: {
        bootstrapServers: [destination.bootstrap.scram],
        credentials: {
          securityProtocol: "SASL_PLAINTEXT",
          sasl: {
            mechanism: "SCRAM-SHA-512",
            username: "kao-admin",
            password: { name: "admin", key: "password" },
          },
        },
      },
    } as KubernetesObject,
    ...extra,
  ];
  for (const object of setUp) await api.create(inNamespace(object));
  await inParallel(count, 16, (i) =>
    api.create({
      apiVersion: "kafkaaccess.io/v1alpha1",
      kind: "KafkaAcl",
      metadata: {
        name: aclName(i),
        namespace,
        labels: { [CHUNK_LABEL]: String(Math.floor(i / CHUNK_SIZE)) },
      },
      spec: kafkaAclSpec(namespace, i),
    } as KubernetesObject),
  );
}
