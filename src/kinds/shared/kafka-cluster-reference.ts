// What kinds that refer to a KafkaCluster read of it: its resource type, tenancy policy, cluster
// id, ACL backend and Ready condition, and the one way they decide whether they may use it.
// Kept here so that no kind imports another.
import type { KubernetesObject } from "@kubernetes/client-node";
import {
  type AclTenancyPolicy,
  limitsForNamespace,
  type NamespaceAclLimits,
  type TenancyScope,
  tenancyScope,
} from "../../access/tenancy-check.ts";
import { findCondition } from "../../controller/conditions.ts";
import type { InformerCache } from "../../controller/informer-cache.ts";
import { splitKey } from "../../controller/resource.ts";
import { onReferencedChange } from "./reference-dependency.ts";
import { type ClusterRef, type Condition, resourceTypeOf } from "./schema-parts.ts";

export const KAFKA_CLUSTER_RESOURCE = resourceTypeOf("KafkaCluster");

export type ReferencedKafkaCluster = KubernetesObject & {
  spec: { tenancy?: AclTenancyPolicy; aclBackend?: string };
  status?: { clusterId?: string; authorizerPresent?: boolean; conditions?: Condition[] };
};

export type KafkaClusterUse =
  | {
      readonly isUsable: true;
      /** "namespace/name", the key adapters know the cluster by. */
      readonly name: string;
      readonly cluster: ReferencedKafkaCluster;
      /** The tenancy limits for the referring namespace; undefined: none. */
      readonly limits: NamespaceAclLimits | undefined;
    }
  | {
      readonly isUsable: false;
      readonly name: string;
      readonly reason: "KafkaClusterNotReady" | "TenancyViolation";
      readonly message: string;
    };

/** "namespace/name" of the KafkaCluster `ref` names from `namespace`. */
export function kafkaClusterName(ref: ClusterRef, namespace: string): string {
  return `${ref.namespace ?? namespace}/${ref.name}`;
}

/** The reference to the KafkaCluster "namespace/name". */
export function clusterRefOf(cluster: string): ClusterRef & { namespace: string } {
  return splitKey(cluster);
}

/**
 * Whether the KafkaCluster `ref` names from `namespace` exists and its tenancy policy admits
 * the namespace, with the limits it sets; Ready or not.
 */
function admitKafkaCluster(
  clusters: Pick<InformerCache<ReferencedKafkaCluster>, "get">,
  ref: ClusterRef,
  namespace: string,
): KafkaClusterUse {
  const name = kafkaClusterName(ref, namespace);
  const cluster = clusters.get(ref.namespace ?? namespace, ref.name);
  const scope = tenancyScopeOn(clusters, name, namespace);
  if (!cluster || !scope) {
    return {
      isUsable: false,
      name,
      reason: "KafkaClusterNotReady",
      message: `KafkaCluster "${name}" does not exist`,
    };
  }
  if (!scope.isAdmitted) return { isUsable: false, name, reason: "TenancyViolation", message: scope.message };
  return { isUsable: true, name, cluster, limits: scope.limits };
}

/**
 * What `namespace` may do now on the KafkaCluster `cluster` ("namespace/name"), as a deletion
 * checks it: read at the time of deletion, never remembered. Undefined when the cluster does
 * not exist, so nothing can be checked (nor reached).
 */
export function tenancyScopeOn(
  clusters: Pick<InformerCache<ReferencedKafkaCluster>, "get">,
  cluster: string,
  namespace: string,
): TenancyScope | undefined {
  const { namespace: clusterNamespace, name } = clusterRefOf(cluster);
  const object = clusters.get(clusterNamespace, name);
  if (!object) return undefined;
  const access = limitsForNamespace({
    policy: object.spec.tenancy,
    namespace,
    cluster: { namespace: clusterNamespace, name },
  });
  return tenancyScope(namespace, access);
}

/**
 * Whether an object in `namespace` may use the KafkaCluster `ref` names now: it exists, its
 * tenancy policy admits the namespace, and it is Ready.
 */
export function useKafkaCluster(
  clusters: Pick<InformerCache<ReferencedKafkaCluster>, "get">,
  ref: ClusterRef,
  namespace: string,
): KafkaClusterUse {
  const admitted = admitKafkaCluster(clusters, ref, namespace);
  if (!admitted.isUsable) return admitted;
  if (findCondition(admitted.cluster.status?.conditions, "Ready")?.status !== "True") {
    const { name } = admitted;
    return {
      isUsable: false,
      name,
      reason: "KafkaClusterNotReady",
      message: `KafkaCluster "${name}" is not Ready`,
    };
  }
  return admitted;
}

/** A dependency on KafkaCluster: a changed cluster re-queues the objects of `cache` referring to it. */
export function onKafkaClusterChange<T extends KubernetesObject>(
  cache: Pick<InformerCache<T>, "list">,
  refOf: (object: T) => ClusterRef | undefined,
) {
  return onReferencedChange(KAFKA_CLUSTER_RESOURCE, cache, refOf);
}
